"""The importer: a published report, understood.

In: a :class:`~giar_gen.readers.RawDocument` from a reader (text, HTML, DOCX). Out: the report's data as
YAML (metadata, parts, the official tables cell by cell) and a summary of what was and was not mapped;
``carryover`` starts next year's file from it (``init --from``).
"""
