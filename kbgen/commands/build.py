"""``kbgen build``: validate, build incrementally in the cache, publish atomically."""

from __future__ import annotations

import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from kbgen.content import load_site
from kbgen.errors import Problem, ProblemList, Severity
from kbgen.exitcodes import ExitStatus
from kbgen.publish import OutRefused, check_out, publish
from kbgen.report import print_problems
from kbgen.staging import prepare_sources


class UsageError(Exception):
    """A wrong option or folder (exit 2)."""


@dataclass
class BuildOptions:
    source: Path = Path("content")
    out: Path = Path("_build/html")
    cache_dir: Path = Path("_build/.cache")
    clean: bool = False
    strict: bool = False
    jobs: int = 1
    pageviews: tuple[Path, ...] = ()  # path,views files replacing kb.yml's popular.source


@dataclass
class BuildReport:
    status: ExitStatus
    problems: list[Problem] = field(default_factory=list)
    read: list[str] = field(default_factory=list)  # docnames Sphinx read
    written: list[str] = field(default_factory=list)  # output pages (relative .html paths) rewritten


def _html_mtimes(folder: Path) -> dict[str, int]:
    if not folder.is_dir():
        return {}
    return {str(p.relative_to(folder)): p.stat().st_mtime_ns for p in folder.rglob("*.html")}


def check_folders(options: BuildOptions) -> None:
    source = options.source.resolve()
    if not source.is_dir():
        raise UsageError(f"the content folder {options.source} does not exist; pass --source FOLDER")
    cache = options.cache_dir.resolve()
    if cache == source or source in cache.parents or cache in source.parents:
        raise UsageError(f"--cache-dir {options.cache_dir} overlaps the content folder; choose another folder")
    if options.jobs < 1:
        raise UsageError("-j must be 1 or more")
    for path in options.pageviews:
        if not path.is_file():
            raise UsageError(f"--pageviews {path}: no such file")
    try:
        check_out(options.out, source, cache)
    except OutRefused as exc:
        raise UsageError(str(exc)) from None


def build(options: BuildOptions, stream: TextIO | None = None) -> BuildReport:
    """Build ``options.source`` into ``options.out``. Raises UsageError for exit status 2."""
    stream = stream or sys.stderr
    check_folders(options)
    source = options.source.resolve()
    cache = options.cache_dir.resolve()
    site, problems = load_site(source, pageviews=[p.resolve() for p in options.pageviews] or None,
                               cache_dir=cache)
    if site.shallow_git:
        problems.warning(source / "kb.yml", 0, "this is a shallow git clone: 'Atualizado em' dates are unreliable; "
                                               "fetch the full history (e.g. fetch-depth: 0)", "git-shallow")
    if problems.errors:
        print_problems(problems.sorted(), stream)
        return BuildReport(ExitStatus.CONTENT_ERROR, problems.sorted())

    if options.clean and cache.exists():
        shutil.rmtree(cache)
    from kbgen.sphinx_ext.state import preload
    from kbgen.sphinx_run import run_sphinx

    preload(site)
    src, html = cache / "src", cache / "html"
    prepare_sources(site, src)
    before = _html_mtimes(html)
    try:
        result = run_sphinx(src, html, cache / "doctrees", source, jobs=options.jobs)
    except Exception as exc:
        from sphinx.errors import SphinxError

        if not isinstance(exc, SphinxError):
            raise
        problems.error(source / "kb.yml", 0, f"the build failed: {exc}", "sphinx")
        print_problems(problems.sorted(), stream)
        return BuildReport(ExitStatus.CONTENT_ERROR, problems.sorted())
    after = _html_mtimes(html)
    written = sorted(p for p, t in after.items() if before.get(p) != t)

    all_problems = ProblemList(source, list(problems.items) + result.problems)
    report = BuildReport(ExitStatus.OK, all_problems.sorted(), result.read, written)
    print_problems(report.problems, stream)
    failed = all_problems.errors or (options.strict and all_problems.warnings)
    if failed:
        if not all_problems.errors:
            print("kbgen: warnings are errors under --strict; nothing was published", file=stream)
        report.status = ExitStatus.CONTENT_ERROR
        return report
    publish(html, options.out)
    if site.popular and site.popular.summary():
        print(site.popular.summary(), file=stream)  # once, not as a warning: old exports are normal
    articles = len(site.articles)
    print(f"kbgen: {articles} article{'s' if articles != 1 else ''} in {len(site.sets)} set(s) "
          f"published to {options.out}", file=stream)
    return report


def has_warnings(report: BuildReport) -> bool:
    return any(p.severity is Severity.WARNING for p in report.problems)
