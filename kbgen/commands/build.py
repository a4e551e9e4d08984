"""``kbgen build``: validate, build incrementally in the cache, publish atomically.

One build at a time per cache and per ``--out`` (:mod:`kbgen.lock`); the cache is trusted only
when the last build in it finished (:mod:`kbgen.cachestate`) and the site is whole
(:mod:`kbgen.commands.sitecheck`); a failed write (a full disk …) is one message and exit status 1, with
the previous site untouched (:mod:`kbgen.oserrors`).
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from kbgen import cachestate, heap
from kbgen.cachedir import CacheRefused, check_cache_dir, clean_cache_dir, prepare_cache_dir, remove_temp_files
from kbgen.commands.readall import read_everything
from kbgen.commands.sitecheck import incomplete
from kbgen.commands.usage import UsageError
from kbgen.errors import Problem, ProblemList, Severity
from kbgen.exitcodes import ExitStatus
from kbgen.loading.walker import load_site
from kbgen.lock import Busy, hold_build
from kbgen.oserrors import describe_os_error, find_os_error
from kbgen.precompress import sync_gzip_siblings
from kbgen.publish import CacheMismatch, OutRefused, PublishFailed, check_out, publish
from kbgen.report import print_problems, printable_stream
from kbgen.sphinx_ext.staging import prepare_sources


@dataclass
class BuildOptions:
    source: Path = Path("content")
    out: Path = Path("_build/html")
    cache_dir: Path = Path("_build/.cache")
    clean: bool = False
    strict: bool = False
    jobs: int = 1
    pageviews: tuple[Path, ...] = ()  # path,views files replacing kb.yml's popular.source
    wait: bool = True  # False (--no-wait): stop with exit status 1 when another build holds a lock


@dataclass
class BuildReport:
    status: ExitStatus
    problems: list[Problem] = field(default_factory=list)
    read: list[str] = field(default_factory=list)  # docnames Sphinx read
    written: list[str] = field(default_factory=list)  # output pages (relative .html paths) rewritten


def _html_mtimes(folder: Path) -> dict[str, int]:
    if not folder.is_dir():
        return {}
    return {str(p.relative_to(folder)): p.stat().st_mtime_ns for p in folder.rglob("*.html") if p.is_file()}


def _manifest_html_mtimes(manifest: cachestate.Manifest) -> dict[str, int]:
    """The pages' time stamps a manifest recorded: what ``_html_mtimes`` would find when the
    folder matches the manifest, without walking it once more."""
    return {rel: entry[1] for rel, entry in manifest.items() if rel.endswith(".html")}


def _static_stamps(manifest: cachestate.Manifest | None) -> dict[str, tuple[int, int]] | None:
    """(size, time stamp) of the files under ``_static/`` as a trusted manifest recorded them."""
    if manifest is None:
        return None
    prefix = "_static" + os.sep
    return {rel[len(prefix):]: (entry[0], entry[1]) for rel, entry in manifest.items() if rel.startswith(prefix)}


def check_folders(options: BuildOptions) -> None:
    source = options.source.resolve()
    if not source.is_dir():
        raise UsageError(f"the content folder {options.source} does not exist; pass --source FOLDER")
    if options.jobs < 1:
        raise UsageError("-j must be 1 or more")
    for path in options.pageviews:
        if not path.is_file():
            raise UsageError(f"--pageviews {path}: no such file")
    try:
        check_cache_dir(options.cache_dir, source)
        check_out(options.out, source, options.cache_dir.resolve())
    except (OutRefused, CacheRefused) as exc:
        raise UsageError(str(exc)) from None


def guard_cache_dir(cache_dir: Path, source: Path) -> None:
    """Refuse a ``--cache-dir`` kbgen must not write in (UsageError), else create it with its marker.
    For commands that use the cache without building (``kbgen serve``)."""
    try:
        check_cache_dir(cache_dir, source)
        prepare_cache_dir(cache_dir.resolve())
    except CacheRefused as exc:
        raise UsageError(str(exc)) from None
    except OSError as exc:
        raise UsageError(describe_os_error(exc, cache_dir.resolve(), "--cache-dir")) from None


def write_failure(exc: OSError, source: Path, cache: Path, out: Path | None) -> str:
    """The one message for a failed read or write, naming the folder and the option to change."""
    name = Path(exc.filename).resolve() if isinstance(exc.filename, str) and exc.filename else None
    if name is not None and (name == source or source in name.parents):
        return f"cannot read {name}: {exc.strerror or exc}; check the file's permissions"
    if out is not None and name is not None and not (name == cache or cache in name.parents):
        return describe_os_error(exc, out.resolve().parent, "--out")
    return describe_os_error(exc, cache, "--cache-dir")


def build(options: BuildOptions, stream: TextIO | None = None) -> BuildReport:
    """Build ``options.source`` into ``options.out``. Raises UsageError for exit status 2."""
    stream = printable_stream(stream or sys.stderr)  # paths, and a lock holder's command line, are not ours
    check_folders(options)
    source = options.source.resolve()
    cache = options.cache_dir.resolve()
    try:
        prepare_cache_dir(cache)
        with hold_build(cache, options.out, wait=options.wait, stream=stream), heap.build_scope():
            return _build_locked(options, source, cache, stream)
    except (Busy, PublishFailed) as exc:
        print(f"kbgen: error: {exc}", file=stream)
    except Exception as exc:
        error = find_os_error(exc)
        if error is None:
            raise
        print(f"kbgen: error: {write_failure(error, source, cache, options.out)}", file=stream)
    return BuildReport(ExitStatus.CONTENT_ERROR)


def _build_locked(options: BuildOptions, source: Path, cache: Path, stream: TextIO) -> BuildReport:
    remove_temp_files(cache)  # a killed run's; safe now that no other build uses this cache
    if options.clean:
        clean_cache_dir(cache)
    site, problems = load_site(source, pageviews=[p.resolve() for p in options.pageviews] or None,
                               cache_dir=cache)
    if site.shallow_git:
        problems.warning(source / "kb.yml", 0, "this is a shallow git clone: 'Atualizado em' dates are unreliable; "
                                               "fetch the full history (e.g. fetch-depth: 0)", "git-shallow")
    if problems.errors:
        # nothing is published, but the report is check's: every body is read for its problems too
        problems.extend(read_everything(site, cache))
        print_problems(problems.sorted(), stream)
        return BuildReport(ExitStatus.CONTENT_ERROR, problems.sorted())

    from kbgen.sphinx_ext.sphinx_run import SphinxFailed, run_sphinx
    src, html = cache / "src", cache / "html"
    manifest = cachestate.load_manifest(cache)
    distrust = ("the previous build in this cache stopped before it finished" if cachestate.is_dirty(cache)
                else cachestate.difference(cache, manifest))
    if distrust:
        print(f"kbgen: {distrust}; rebuilding every page", file=stream)
        cachestate.reset_output_side(cache)
        manifest = None
    checked = manifest if manifest is not None and cachestate.was_checked(cache) else None
    cachestate.mark_dirty(cache)  # until Sphinx has finished and its output is recorded
    prepare_sources(site, src)
    # a trusted manifest is what html/ holds (difference() just compared every file with it)
    before = _manifest_html_mtimes(manifest) if manifest is not None and html.is_dir() else _html_mtimes(html)
    try:
        result = run_sphinx(site, src, html, cache / "doctrees", jobs=options.jobs)
    except SphinxFailed as exc:
        problems.items.append(Problem(exc.path, exc.line, f"the build failed: {exc.message}", Severity.ERROR, "sphinx"))
        print_problems(problems.sorted(), stream)
        return BuildReport(ExitStatus.CONTENT_ERROR, problems.sorted())
    # .gz siblings of the search scripts (for gzip_static): in the cache, before the manifest, so
    # they are published and verified like the rest and rewritten only when their script changes
    sync_gzip_siblings(html / "_static", _static_stamps(manifest))
    manifest = cachestate.take_manifest(cache, manifest)
    after = _manifest_html_mtimes(manifest)
    written = sorted(p for p, t in after.items() if before.get(p) != t)
    cachestate.save_manifest(cache, manifest)
    cachestate.clear_dirty(cache)

    all_problems = ProblemList(source, list(problems.items) + result.problems)
    report = BuildReport(ExitStatus.OK, all_problems.sorted(), result.read, written)
    print_problems(report.problems, stream)
    failed = all_problems.errors or (options.strict and all_problems.warnings)
    if failed:
        if not all_problems.errors:
            print("kbgen: warnings are errors under --strict; nothing was published", file=stream)
        report.status = ExitStatus.CONTENT_ERROR
        return report
    missing = incomplete(html, site, manifest, checked)
    if missing:
        cachestate.mark_dirty(cache)  # the next build writes every page again
        print(f"kbgen: error: the build in {cache} is incomplete ({'; '.join(missing)}); nothing was published. "
              "Run the build again: it rebuilds every page", file=stream)
        report.status = ExitStatus.CONTENT_ERROR
        return report
    cachestate.mark_checked(cache)
    try:
        publish(html, options.out, manifest)
    except CacheMismatch:
        cachestate.mark_dirty(cache)  # so the next build writes every page again
        raise
    if site.popular and site.popular.summary():
        print(site.popular.summary(), file=stream)  # once, not as a warning: old exports are normal
    articles = len(site.articles)
    print(f"kbgen: {articles} article{'s' if articles != 1 else ''} in {len(site.sets)} set(s) "
          f"published to {options.out}", file=stream)
    return report
