"""giar-gen: 政府信息公开工作年度报告生成器.

One YAML file in; a checked report out as DOCX, PDF and HTML. The pipeline is
``loader`` (YAML → :class:`~giar_gen.model.report.Report`) → ``compose`` (→ one
:class:`~giar_gen.document.tree.Document`) → ``writers`` (HTML, PDF, DOCX).
"""

__version__ = "0.1.0"
