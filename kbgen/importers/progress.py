"""Progress on long runs, on standard error (standard output stays for the plan and the summary)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TypeVar

import click

T = TypeVar("T")


def progress(items: Iterable[T], label: str, length: int | None = None) -> Iterator[T]:
    """``items`` with a click progress bar on stderr; the bar hides itself when stderr is not a terminal."""
    with click.progressbar(items, length=length, label=label, file=click.get_text_stream("stderr")) as bar:
        yield from bar
