"""Importers: an existing help center (Zendesk Guide, a Markdown tree, a Word manual) → a content folder.

Every importer has the same shape, so each source only has to read its format:

1. read the whole source and convert it in memory into an :class:`~kbgen.importers.writer.ImportedTree`
   (relative path → bytes) and a :class:`~kbgen.importers.report.MigrationReport`; any failure
   (bad JSON, an HTTP status, an unreadable file) raises :class:`~kbgen.importers.failures.ImportFailed`
   before a single file is written;
2. check ``--out`` with :mod:`kbgen.importers.target` (a new or empty folder, or one an earlier import
   made), then write the tree, the report and the marker (or, with ``--dry-run``, print the plan).

The same input gives the same bytes: the tree is written in sorted order, YAML is dumped with a fixed
style, text is UTF-8 with LF line ends, and nothing depends on the clock or the machine.
"""
