"""The click interface. Thin: each command calls a plain function in ``kbgen.commands``."""

from __future__ import annotations

import signal
import sys
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from types import FrameType
from typing import Any, NoReturn, TypeVar

import click

from kbgen import __version__
from kbgen.exitcodes import EXIT_STATUS_HELP, ExitStatus
from kbgen.text import printable

T = TypeVar("T")

_EPILOG = "Exit status: " + "; ".join(f"{int(code)} {text}" for code, text in EXIT_STATUS_HELP.items()) + "."


class Terminated(BaseException):
    """SIGTERM, turned into an exception so clean-up code runs and the exit status is 143."""


def _on_sigterm(signum: int, frame: FrameType | None) -> NoReturn:
    raise Terminated()


def _run(func: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """Call a command function, mapping usage errors and signals to the documented statuses."""
    from kbgen.commands.usage import UsageError

    signal.signal(signal.SIGTERM, _on_sigterm)
    try:
        return func(*args, **kwargs)
    except UsageError as exc:
        click.echo(f"kbgen: error: {printable(str(exc))}", err=True)
        sys.exit(ExitStatus.USAGE_ERROR)
    except KeyboardInterrupt:
        click.echo("kbgen: interrupted; the previous output was left as it was", err=True)
        sys.exit(ExitStatus.INTERRUPTED)
    except Terminated:
        click.echo("kbgen: terminated; the previous output was left as it was", err=True)
        sys.exit(ExitStatus.TERMINATED)


_source_option = click.option("--source", type=click.Path(path_type=Path), default=Path("content"),
                              show_default=True, help="Content folder (kb.yml, sets, modules, articles).")
_cache_option = click.option("--cache-dir", type=click.Path(path_type=Path), default=Path("_build/.cache"),
                             show_default=True, help="Persistent folder for incremental builds.")
_strict_option = click.option("--strict", is_flag=True, help="Fail on warnings too (for CI).")
_no_wait_option = click.option("--no-wait", is_flag=True,
                               help="If another build uses the same cache or --out, stop (exit status 1) "
                                    "instead of waiting for it.")


@click.group(epilog=_EPILOG, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="kbgen")
def main() -> None:
    """kbgen: build a static help center (Central de Ajuda) from Markdown articles."""


@main.command(epilog=_EPILOG)
@_source_option
@click.option("--out", type=click.Path(path_type=Path), default=Path("_build/html"), show_default=True,
              help="Folder the finished site is published to (replaced atomically).")
@_cache_option
@click.option("--clean", is_flag=True, help="Discard the incremental cache and build everything again.")
@_strict_option
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=1, show_default=True,
              help="Number of parallel processes.")
@click.option("--pageviews", "pageviews", multiple=True, type=click.Path(path_type=Path), metavar="FILE",
              help="A path,views CSV for Artigos mais lidos (repeatable: counts are added); replaces kb.yml's "
                   "popular.source.")
@_no_wait_option
def build(source: Path, out: Path, cache_dir: Path, clean: bool, strict: bool, jobs: int,
          pageviews: tuple[Path, ...], no_wait: bool) -> None:
    """Build the help center and publish it to --out."""
    from kbgen.commands.build import BuildOptions
    from kbgen.commands.build import build as run_build

    options = BuildOptions(source, out, cache_dir, clean, strict, jobs, pageviews, wait=not no_wait)
    report = _run(run_build, options)
    sys.exit(report.status)


@main.command(epilog=_EPILOG)
@_source_option
@_cache_option
@_strict_option
@click.option("--format", "output_format", type=click.Choice(["text", "github"]), default="text",
              show_default=True, help="github prints GitHub Actions annotations.")
@click.option("--today", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="The date the review_by rule compares with (YYYY-MM-DD; default: today).")
@_no_wait_option
def check(source: Path, cache_dir: Path, strict: bool, output_format: str, today: datetime | None,
          no_wait: bool) -> None:
    """Report every content problem without publishing anything (and the author's lint findings)."""
    from kbgen.commands.check import CheckOptions
    from kbgen.commands.check import check as run_check

    options = CheckOptions(source, cache_dir, strict, output_format == "github", today.date() if today else None,
                           wait=not no_wait)
    status, _problems = _run(run_check, options)
    sys.exit(status)


@main.command(epilog=_EPILOG)
@_source_option
@_cache_option
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on (the default is reachable from this computer only).")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True,
              help="Port to serve on (0: any free port).")
def serve(source: Path, cache_dir: Path, host: str, port: int) -> None:
    """Preview the help center, rebuilt and reloaded on every save."""
    from kbgen.commands.serve import ServeOptions
    from kbgen.commands.serve import serve as run_serve

    sys.exit(_run(run_serve, ServeOptions(source, cache_dir, host, port)))


@main.command(epilog=_EPILOG)
@click.argument("target", metavar="SET/MODULE")
@click.argument("title")
@_source_option
def new(target: str, title: str, source: Path) -> None:
    """Create a new article; creates the module when it is new. Never overwrites."""
    from kbgen.commands.new import new_article

    path = _run(new_article, source, target, title)
    click.echo(f"kbgen: created {printable(str(path), newlines=False)}")


@main.command(epilog=_EPILOG)
@click.argument("logs", nargs=-1, required=True, type=click.Path(path_type=Path), metavar="LOG...")
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False), default=None,
              help="CSV to write (default: standard output); replaced only if kbgen wrote it, or with --force.")
@_source_option
@click.option("--window-days", type=click.IntRange(min=0), default=90, show_default=True,
              help="Count the last N days of the logs, back from the newest entry (0: every day).")
@click.option("--searches", is_flag=True, help="Count the queries of search.html?q= (query,searches) instead.")
@click.option("--force", is_flag=True, help="Replace --output even if kbgen did not write it.")
def pageviews(logs: tuple[Path, ...], output: Path | None, source: Path, window_days: int, searches: bool,
              force: bool) -> None:
    """Reduce nginx/Apache access logs (plain or .gz) to path,views for Artigos mais lidos."""
    from kbgen.commands.pageviews import PageviewsOptions
    from kbgen.commands.pageviews import pageviews as run_pageviews

    sys.exit(_run(run_pageviews, PageviewsOptions(logs, output, source, window_days, searches, force)))


@main.command(epilog=_EPILOG)
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path), metavar="SEARCHES.csv...")
@click.option("--site", type=click.Path(path_type=Path, file_okay=False), default=Path("_build/html"),
              show_default=True, help="The built site whose search index runs the queries.")
@click.option("--top", type=click.IntRange(min=1), default=20, show_default=True, help="Queries listed per table.")
@click.option("--format", "output_format", type=click.Choice(["text", "csv"]), default="text", show_default=True,
              help="csv lists every query with its number of results.")
def searches(files: tuple[Path, ...], site: Path, top: int, output_format: str) -> None:
    """Report the top searches and the ones that find nothing (the articles to write next)."""
    from kbgen.commands.searches import SearchesOptions
    from kbgen.commands.searches import searches as run_searches

    sys.exit(_run(run_searches, SearchesOptions(files, site, top, output_format)))


@main.command("export-search", epilog=_EPILOG)
@click.argument("source", metavar="[SOURCE]", required=False, type=click.Path(path_type=Path),
                default=Path("content"))
@click.option("--format", "output_format", type=click.Choice(["jsonl", "opensearch-bulk"]), default="jsonl",
              show_default=True, help="jsonl: one document per line (Meilisearch takes it as is); opensearch-bulk: "
                                      "OpenSearch/Elasticsearch _bulk body.")
@click.option("-o", "--output", type=click.Path(path_type=Path), default=None,
              help="Documents file to write (default: standard output).")
@click.option("--settings", type=click.Path(path_type=Path), default=None,
              help="Settings file (boosts, synonyms, engine settings) to write; default: beside --output, "
                   "docs.jsonl giving docs.settings.json.")
@_cache_option
@click.option("--force", is_flag=True, help="Replace files that kbgen export-search did not write.")
@_no_wait_option
def export_search(source: Path, output_format: str, output: Path | None, settings: Path | None, cache_dir: Path,
                  force: bool, no_wait: bool) -> None:
    """Write the search documents of SOURCE (default: content) for Meilisearch or OpenSearch (docs/scaling.md)."""
    from kbgen.commands.exportsearch import ExportOptions
    from kbgen.commands.exportsearch import export_search as run_export

    options = ExportOptions(source, output, output_format, settings, cache_dir, force, wait=not no_wait)
    sys.exit(_run(run_export, options))


@main.command(epilog=_EPILOG)
@click.argument("logs", nargs=-1, required=True, type=click.Path(path_type=Path), metavar="LOG...")
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False), default=Path("painel.html"),
              show_default=True, help="The HTML file to write (one file, opens offline).")
@_source_option
@click.option("--site", type=click.Path(path_type=Path, file_okay=False), default=Path("_build/html"),
              show_default=True, help="The built site whose search tells which searches found nothing.")
@click.option("--since", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="Count from this day on (YYYY-MM-DD, the server's calendar).")
@click.option("--until", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="Count up to this day, included (YYYY-MM-DD).")
@click.option("--today", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="The date the review_by rule compares with (YYYY-MM-DD; default: today).")
@click.option("--force", is_flag=True, help="Replace --output even if kbgen report did not write it.")
def report(logs: tuple[Path, ...], output: Path, source: Path, site: Path, since: datetime | None,
           until: datetime | None, today: datetime | None, force: bool) -> None:
    """Write the authors' dashboard from access logs: views, votes, searches, click-through, reviews."""
    import datetime as dt

    from kbgen.commands.report import ReportOptions
    from kbgen.commands.report import report as run_report

    def day(value: datetime | None) -> dt.date | None:
        return value.date() if value else None

    sys.exit(_run(run_report, ReportOptions(logs, output, source, site, day(since), day(until), day(today), force)))


@main.group("import", epilog=_EPILOG)
def import_group() -> None:
    """Bring an existing help center in as a new content folder (see docs/migrating.md).

    Every importer writes only into a new or empty folder (or one an earlier import made), gives the
    same bytes for the same input, and writes _import-report.md: what each article became, what was
    dropped and why, what to check by hand.
    """


_out_option = click.option("--out", type=click.Path(path_type=Path, file_okay=False), required=True,
                           help="The new content folder to create (new, empty, or made by an earlier import).")
_email_option = click.option("--email", default=None,
                             help="Support e-mail of every imported set (a set's required 'email').")
_dry_run_option = click.option("--dry-run", is_flag=True, help="Print the plan (files and report summary); "
                               "write nothing.")


@import_group.command("zendesk", epilog=_EPILOG)
@click.argument("source", metavar="SOURCE")
@_out_option
@_email_option
@click.option("--locale", default="pt-br", show_default=True, help="The help center's locale (as in /hc/<locale>/).")
@click.option("--include-restricted", is_flag=True,
              help="Also import articles restricted to a user segment (agents, signed-in users).")
@click.option("--attachments", type=click.Path(path_type=Path, file_okay=False), default=None,
              help="For a folder SOURCE: the folder holding the articles' images and attachments "
                   "(default: SOURCE/attachments).")
@_dry_run_option
def import_zendesk(source: str, out: Path, email: str | None, locale: str, include_restricted: bool,
                   attachments: Path | None, dry_run: bool) -> None:
    """Import a Zendesk Guide: SOURCE is a folder of saved Help Center API responses or the help center's URL.

    A live source reads KBGEN_ZENDESK_TOKEN (an OAuth access token) when it is set, for a help
    center that needs signing in.
    """
    from kbgen.commands.importing import ImportOptions, run_import
    from kbgen.importers.zendesk import ZendeskOptions, convert_zendesk

    zendesk = ZendeskOptions(source, email, locale, include_restricted, attachments)
    sys.exit(_run(run_import, lambda: convert_zendesk(zendesk), ImportOptions(out, dry_run)))


@import_group.command("markdown", epilog=_EPILOG)
@click.argument("source", metavar="SRC", type=click.Path(path_type=Path))
@_out_option
@_email_option
@click.option("--flavour", type=click.Choice(["auto", "docfx", "mkdocs", "github", "docusaurus"]), default="auto",
              show_default=True, help="The tool the tree was written for; auto reads its markers (docfx.json or "
                                      "toc.yml, mkdocs.yml, docusaurus.config.js, else GitHub).")
@_dry_run_option
def import_markdown(source: Path, out: Path, email: str | None, flavour: str, dry_run: bool) -> None:
    """Import a Markdown documentation tree (DocFX, MkDocs, GitHub, Docusaurus): SRC is the project's folder.

    The first folder level becomes the sets, the second the modules (deeper folders are flattened).
    """
    from kbgen.commands.importing import ImportOptions, run_import
    from kbgen.importers.markdown import MarkdownOptions, convert_markdown

    options = MarkdownOptions(str(source), email, flavour, out)
    sys.exit(_run(run_import, lambda: convert_markdown(options), ImportOptions(out, dry_run)))


@import_group.command("docx", epilog=_EPILOG)
@click.argument("file", metavar="FILE", type=click.Path(path_type=Path, dir_okay=True))
@click.option("--set", "set_title", required=True, help="Title of the set the manual goes in (its folder: the slug).")
@click.option("--module", "module_title", required=True, help="Title of the module the manual becomes.")
@_out_option
@_email_option
@click.option("--split-level", type=click.IntRange(1, 6), default=1, show_default=True,
              help="One article per heading of this level (Heading 1 = 1); deeper headings become sections.")
@_dry_run_option
def import_docx(file: Path, set_title: str, module_title: str, out: Path, email: str | None, split_level: int,
                dry_run: bool) -> None:
    """Import a Word manual (.docx): one article per heading, pictures with their descriptions."""
    from kbgen.commands.importing import ImportOptions, run_import
    from kbgen.importers.word import DocxOptions, convert_docx

    options = DocxOptions(file, set_title, module_title, email, split_level)
    sys.exit(_run(run_import, lambda: convert_docx(options), ImportOptions(out, dry_run)))
