"""The document: one tree every writer walks.

In: a validated :class:`~giar_gen.model.report.Report`. Out: a :class:`~giar_gen.document.tree.Document`
(``compose``), with the automatic intro, sub-headings of the prose, the year-over-year comparison and charts.
"""
