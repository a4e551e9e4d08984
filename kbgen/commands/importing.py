"""What every ``kbgen import <source>`` does around its converter: check ``--out``, convert, then
write (or print the plan), with the report and one summary line. Plain functions, callable from tests."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

import click

from kbgen.commands.usage import UsageError
from kbgen.exitcodes import ExitStatus
from kbgen.importers.failures import ImportFailed
from kbgen.importers.report import REPORT_NAME
from kbgen.importers.target import TargetRefused, check_target
from kbgen.importers.writer import ImportResult
from kbgen.text import printable


@dataclass
class ImportOptions:
    out: Path
    dry_run: bool = False
    #: the content folder of the working directory, which the import must never replace or hold
    content: Path = Path("content")


def run_import(convert: Callable[[], ImportResult], options: ImportOptions, stream: TextIO | None = None) -> int:
    """Check ``--out`` (UsageError), convert the whole source, then write it; the exit status."""
    out = stream or click.get_text_stream("stdout")
    try:
        check_target(options.out, options.content)
    except TargetRefused as exc:
        raise UsageError(str(exc)) from None
    try:
        result = convert()
    except ImportFailed as exc:
        click.echo(f"kbgen: error: {printable(str(exc))}", err=True)
        click.echo("kbgen: nothing was written", err=True)
        return ExitStatus.CONTENT_ERROR
    result.tree.add_text(REPORT_NAME, result.report.markdown())
    if options.dry_run:
        click.echo(f"kbgen import: would write {len(result.tree.files)} files into {options.out}:", file=out)
        for line in result.tree.plan():
            click.echo(f"  {line}", file=out)
        click.echo(f"kbgen import: {result.report.summary()}; --dry-run: nothing was written", file=out)
        return ExitStatus.OK
    try:
        result.tree.write(options.out)
    except OSError as exc:
        detail = f"{exc.strerror or exc}" + (f": {exc.filename}" if exc.filename else "")
        click.echo(f"kbgen: error: cannot write into {printable(str(options.out))}: {printable(detail)}; "
                   "choose another --out or fix this folder's permissions or space", err=True)
        return ExitStatus.CONTENT_ERROR
    click.echo(f"kbgen import: wrote {options.out}: {result.report.summary()}", file=out)
    return ExitStatus.OK
