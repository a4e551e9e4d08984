"""The click interface. Thin: each command calls a plain function in ``kbgen.commands``."""

from __future__ import annotations

import signal
import sys
from collections.abc import Callable
from pathlib import Path
from types import FrameType
from typing import Any, NoReturn, TypeVar

import click

from kbgen import __version__
from kbgen.exitcodes import EXIT_STATUS_HELP, ExitStatus

T = TypeVar("T")

_EPILOG = "Exit status: " + "; ".join(f"{int(code)} {text}" for code, text in EXIT_STATUS_HELP.items()) + "."


class Terminated(BaseException):
    """SIGTERM, turned into an exception so clean-up code runs and the exit status is 143."""


def _on_sigterm(signum: int, frame: FrameType | None) -> NoReturn:
    raise Terminated()


def _run(func: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """Call a command function, mapping usage errors and signals to the documented statuses."""
    from kbgen.commands.build import UsageError

    signal.signal(signal.SIGTERM, _on_sigterm)
    try:
        return func(*args, **kwargs)
    except UsageError as exc:
        click.echo(f"kbgen: error: {exc}", err=True)
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
def build(source: Path, out: Path, cache_dir: Path, clean: bool, strict: bool, jobs: int) -> None:
    """Build the help center and publish it to --out."""
    from kbgen.commands.build import BuildOptions
    from kbgen.commands.build import build as run_build

    options = BuildOptions(source, out, cache_dir, clean, strict, jobs)
    report = _run(run_build, options)
    sys.exit(report.status)


@main.command(epilog=_EPILOG)
@_source_option
@_cache_option
@_strict_option
@click.option("--format", "output_format", type=click.Choice(["text", "github"]), default="text",
              show_default=True, help="github prints GitHub Actions annotations.")
def check(source: Path, cache_dir: Path, strict: bool, output_format: str) -> None:
    """Report every content problem without publishing anything."""
    from kbgen.commands.check import CheckOptions
    from kbgen.commands.check import check as run_check

    status, _problems = _run(run_check, CheckOptions(source, cache_dir, strict, output_format == "github"))
    sys.exit(status)


@main.command(epilog=_EPILOG)
@click.argument("target", metavar="SET/MODULE")
@click.argument("title")
@_source_option
def new(target: str, title: str, source: Path) -> None:
    """Create a new article; creates the module when it is new. Never overwrites."""
    from kbgen.commands.new import new_article

    path = _run(new_article, source, target, title)
    click.echo(f"kbgen: created {path}")
