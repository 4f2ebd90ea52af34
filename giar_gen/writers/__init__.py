"""Writers: each turns a :class:`~giar_gen.document.tree.Document` into one format.

``html.render_html``, ``pdf.render_pdf`` and ``docx.render_docx`` return bytes;
:func:`giar_gen.output.write_atomic` puts them on disk. ``json`` and ``csv``
are the open-data files (:mod:`giar_gen.writers.opendata`): the figures the HTML page
embeds, as files.
"""

FORMATS = ("docx", "pdf", "html", "json", "csv")

#: What ``giar-gen build`` writes when no ``--format`` is given.
DEFAULT_FORMATS = ("docx", "pdf", "html")
