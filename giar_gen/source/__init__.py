"""The user's data file: YAML in, YAML out.

In: a report's YAML text (with line and column of every value). Out: a validated
:class:`~giar_gen.model.report.Report` (``loader``), and YAML written back (``skeleton`` for ``init``,
``yamlwrite``, ``fix``), the JSON Schema of the file (``schema``).
"""
