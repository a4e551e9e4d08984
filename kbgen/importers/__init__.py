"""Importers: an existing help center (Zendesk Guide, a Markdown tree, a Word manual) → a content folder.

Every importer has the same shape, so each source only has to read its format:

1. read the whole source and convert it in memory into an :class:`~kbgen.importers.writer.ImportResult`:
   an :class:`~kbgen.importers.writer.ImportedTree` (relative path → bytes; ``add_text``,
   ``add_yaml``, ``article_text`` give the fixed style) and a
   :class:`~kbgen.importers.report.MigrationReport` (per article: converted, dropped, check). Any failure
   (bad JSON — :func:`~kbgen.importers.failures.load_json_file` gives ``file:line:col`` —, an HTTP
   status, an unreadable file) raises :class:`~kbgen.importers.failures.ImportFailed` before a single
   file is written; long loops go through :func:`~kbgen.importers.progress.progress`;
2. :func:`kbgen.commands.importing.run_import` checks ``--out`` (:mod:`kbgen.importers.target`: a new
   or empty folder, or one an earlier import made and nobody changed since), calls the converter, then
   writes the tree, ``_import-report.md`` and the marker — or, with ``--dry-run``, prints the plan.

HTML bodies go through :class:`~kbgen.importers.html_to_myst.MystConverter`, whose
:class:`~kbgen.importers.html_to_myst.Hooks` let a source decide where links and images lead and what a
callout is. The same input gives the same bytes: files are written in sorted order, YAML with a fixed
style, UTF-8 text with LF line ends, and nothing depends on the clock or the machine.
"""
