"""``kbgen export-search``: the site's search documents for Meilisearch or OpenSearch.

The documents are the ones the build indexes: the content is validated and read by Sphinx as
``kbgen check`` reads it (the ``dummy`` builder, in its own folder of the cache, ``export/``), and
the list comes from :func:`kbgen.sphinx_ext.search.search_documents`, the function whose output
the build hands the index builder. Content that would not build is reported the way ``build``
reports it, and nothing is written.

Two files: the documents (``-o FILE``, or standard output) and the settings (``--settings FILE``;
by default, with ``-o docs.jsonl``, ``docs.settings.json`` beside it). Each is written whole or
not at all (a temporary file renamed over), and an existing file is replaced only when it is an
earlier export, or with ``--force``.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from kbgen.cachedir import remove_temp_files, write_atomically
from kbgen.commands.build import guard_cache_dir, write_failure
from kbgen.commands.usage import UsageError
from kbgen.errors import Problem, ProblemList, Severity
from kbgen.exitcodes import ExitStatus
from kbgen.lock import Busy, hold_build
from kbgen.oserrors import find_os_error
from kbgen.report import print_problems, printable_stream
from kbgen.search.export import (
    FORMATS,
    SETTINGS_FORMAT,
    export_records,
    export_settings,
    render_documents,
    render_settings,
)

if TYPE_CHECKING:
    from kbgen.search.index import SearchDocument

_WORK = "export"  # the cache folder the export's Sphinx state lives in


@dataclass
class ExportOptions:
    source: Path = Path("content")
    output: Path | None = None  # None: standard output
    output_format: str = "jsonl"
    settings: Path | None = None  # None: beside --output, or not written when the documents go to stdout
    cache_dir: Path = Path("_build/.cache")
    force: bool = False
    wait: bool = True


def settings_path(options: ExportOptions) -> Path | None:
    """``--settings``, else ``<output stem>.settings.json`` beside ``--output`` (docs.jsonl →
    docs.settings.json), else None."""
    if options.settings is not None:
        return options.settings
    if options.output is None:
        return None
    return options.output.with_name(f"{options.output.stem}.settings.json")


def _is_earlier_export(path: Path) -> bool:
    """Whether ``path`` holds what this command writes (so replacing it loses nothing)."""
    try:
        with path.open("rb") as handle:
            first = handle.readline(1 << 20)
            if path.suffix == ".json":
                first += handle.read()
        if not first.strip():
            return True
        value = json.loads(first)
    except (OSError, ValueError):
        return False
    if not isinstance(value, dict):
        return False
    return (value.get("format") == SETTINGS_FORMAT or {"id", "url", "body"} <= value.keys()
            or set(value) == {"index"})


def _check_targets(options: ExportOptions) -> list[Path]:
    targets = [path for path in (options.output, settings_path(options)) if path is not None]
    if len(targets) == 2 and targets[0].resolve() == targets[1].resolve():
        raise UsageError(f"--settings {targets[1]} is the documents file too; choose another name")
    for path in targets:
        if path.is_dir():
            raise UsageError(f"{path} is a folder; give a file name (e.g. {path / 'search.jsonl'})")
        if path.exists() and not options.force and not _is_earlier_export(path):
            raise UsageError(f"{path} exists and was not written by kbgen export-search; pass --force to replace it")
        if not path.parent.is_dir():
            raise UsageError(f"the folder {path.parent} does not exist; create it first")
    return targets


def read_documents(source: Path, cache: Path, stream: TextIO) -> tuple[list[SearchDocument] | None,
                                                                        dict[str, list[str]]]:
    """The search documents of the content in ``source`` and its synonyms; None (problems printed)
    when the content has errors the build would refuse."""
    from kbgen.loading.walker import load_site
    from kbgen.sphinx_ext.search import search_documents
    from kbgen.sphinx_ext.sphinx_run import SphinxFailed, run_sphinx
    from kbgen.sphinx_ext.staging import prepare_sources

    site, problems = load_site(source, cache_dir=cache)
    if problems.errors:
        print_problems(problems.sorted(), stream)
        return None, {}
    work = cache / _WORK
    from kbgen import cachestate

    if cachestate.is_dirty(work):  # an export killed half-way: its Sphinx state is not to be trusted
        cachestate.reset_output_side(work)
    cachestate.mark_dirty(work)
    prepare_sources(site, work / "src")
    found: list[SearchDocument] = []
    try:
        result = run_sphinx(site, work / "src", work / "html", work / "doctrees", builder="dummy",
                            on_finished=lambda app: found.extend(search_documents(app)))
    except SphinxFailed as exc:
        problems.items.append(Problem(exc.path, exc.line, f"the build failed: {exc.message}", Severity.ERROR, "sphinx"))
        print_problems(problems.sorted(), stream)
        return None, {}
    cachestate.clear_dirty(work)
    all_problems = ProblemList(source, list(problems.items) + result.problems)
    print_problems(all_problems.sorted(), stream)
    if all_problems.errors:
        return None, {}
    return found, dict(site.synonyms)


def export_search(options: ExportOptions, out: TextIO | None = None, stream: TextIO | None = None) -> ExitStatus:
    """Write the export. Raises UsageError (exit 2) for a wrong folder, file or format."""
    stream = printable_stream(stream or sys.stderr)
    if options.output_format not in FORMATS:
        raise UsageError(f"--format {options.output_format}: not a format (one of: {', '.join(FORMATS)})")
    source = options.source.resolve()
    if not source.is_dir():
        raise UsageError(f"the content folder {options.source} does not exist; give the content folder "
                         "(kbgen export-search FOLDER)")
    if not (source / "kb.yml").is_file():
        raise UsageError(f"{options.source} has no kb.yml: it is not a kbgen content folder")
    _check_targets(options)
    guard_cache_dir(options.cache_dir, source)
    cache = options.cache_dir.resolve()
    try:
        with hold_build(cache, None, wait=options.wait, stream=stream):
            remove_temp_files(cache)
            documents, synonyms = read_documents(source, cache, stream)
    except Busy as exc:
        print(f"kbgen: error: {exc}", file=stream)
        return ExitStatus.CONTENT_ERROR
    except Exception as exc:
        error = find_os_error(exc)
        if error is None:
            raise
        print(f"kbgen: error: {write_failure(error, source, cache, None)}", file=stream)
        return ExitStatus.CONTENT_ERROR
    if documents is None:
        print("kbgen: nothing was exported: fix the errors above first", file=stream)
        return ExitStatus.CONTENT_ERROR
    try:
        records = export_records(documents, synonyms)
    except ValueError as exc:  # two URLs sharing an id: not the author's doing, but never silent
        print(f"kbgen: error: {exc}", file=stream)
        return ExitStatus.CONTENT_ERROR
    text = render_documents(records, options.output_format)
    settings = settings_path(options)
    files: list[tuple[Path, bytes]] = []
    if settings is not None:
        files.append((settings, render_settings(export_settings(records, synonyms)).encode("utf-8")))
    if options.output is not None:
        files.append((options.output, text.encode("utf-8")))
    for path, payload in files:
        try:
            write_atomically(path, payload)
        except OSError as exc:
            print(f"kbgen: error: cannot write {path}: {exc.strerror or exc}; choose another file or free some "
                  "space (a file already there was left as it was)", file=stream)
            return ExitStatus.CONTENT_ERROR
    if options.output is None:
        (out or sys.stdout).write(text)
    written = [str(p) for p in (options.output, settings) if p is not None]
    print(f"kbgen: {len(records)} search document(s) exported"
          + (f" to {', '.join(written)}" if written else ""), file=stream)
    return ExitStatus.OK
