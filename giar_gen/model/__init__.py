"""The report model and the official definitions.

In: nothing but the package's own data (table editions, layouts). Out: :class:`~giar_gen.model.report.Report`
and the definitions every later stage reads: official tables and labels (``tables``), layouts (``layouts``),
figure references in prose (``references``).
"""
