"""Writers: each turns a :class:`~giar_gen.document.Document` into one format.

``html.render_html``, ``pdf.render_pdf`` and ``docx.render_docx`` return bytes;
:func:`giar_gen.output.write_atomic` puts them on disk.
"""

FORMATS = ("docx", "pdf", "html")
