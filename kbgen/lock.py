"""One build at a time per cache folder and per ``--out``: an OS lock (``flock``) on a lock file.

The kernel releases an ``flock`` when its process dies, however it dies (SIGKILL included), so a
killed build never leaves a lock behind that the next one must be told to remove. The lock file
holds the holder's pid and command line, only so the second build can say whom it waits for; it
is never deleted (deleting a lock file lets a third process lock a new file of the same name
while the second still holds the old one).

Where the locks live:

* the cache: ``<cache>/.kbgen-lock`` (the cache is kbgen's own folder);
* the output: ``.<out name>.kbgen-lock`` next to ``--out`` (never inside it: ``--out`` is
  swapped for a new folder on every publish, and a lock inside it would be swapped too).

Locks are always taken in the same order (cache, then output), so two builds never wait for
each other.
"""

from __future__ import annotations

import errno
import fcntl
import os
import sys
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import IO, TextIO

CACHE_LOCK = ".kbgen-lock"


class Busy(Exception):
    """Another kbgen run holds the lock and ``--no-wait`` was given (exit status 1)."""


def out_lock_path(out: Path) -> Path:
    """The lock file of an output folder: next to it, named after it."""
    out = out.resolve()
    return out.parent / f".{out.name}.kbgen-lock"


def _holder(handle: IO[str]) -> str:
    """'pid 1234 (kbgen build …)' from the lock file, or a vaguer text if it cannot be read."""
    try:
        handle.seek(0)
        lines = handle.read(4096).splitlines()
    except OSError:
        lines = []
    if lines and lines[0].isdigit():
        command = lines[1] if len(lines) > 1 else ""
        return f"pid {lines[0]}" + (f" ({command})" if command else "")
    return "another process"


def _describe_self() -> str:
    command = " ".join(["kbgen", *sys.argv[1:]]) if sys.argv else "kbgen"
    # one printable line: the command is shown to the next build, in a terminal
    return "".join(c if c.isprintable() else "?" for c in command)[:300]


@contextmanager
def hold(path: Path, what: str, *, wait: bool = True, stream: TextIO | None = None) -> Iterator[None]:
    """Hold the lock at ``path`` (created if missing) for the ``with`` block.

    ``what`` names the locked thing in messages ("the cache _build/.cache"). When another
    process holds it: with ``wait``, a message naming that process, then wait; without, raise
    :class:`Busy`.
    """
    stream = stream or sys.stderr
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    handle = os.fdopen(fd, "r+", encoding="utf-8", errors="replace")
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            if exc.errno not in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
                raise
            holder = _holder(handle)
            if not wait:
                raise Busy(f"{what} is in use by the build running as {holder}; "
                           "try again when it ends (or leave out --no-wait to wait for it)") from None
            print(f"kbgen: waiting for the build running as {holder}, which uses {what} …", file=stream,
                  flush=True)
            fcntl.flock(fd, fcntl.LOCK_EX)
        handle.seek(0)
        handle.truncate()
        handle.write(f"{os.getpid()}\n{_describe_self()}\n")
        handle.flush()
        yield
    finally:
        handle.close()  # closing the descriptor releases the lock


@contextmanager
def hold_build(cache: Path, out: Path | None, *, wait: bool = True,
               stream: TextIO | None = None) -> Iterator[None]:
    """The locks of one build: its cache, then its output folder (when it publishes one)."""
    with ExitStack() as stack:
        stack.enter_context(hold(cache / CACHE_LOCK, f"the cache folder {cache}", wait=wait, stream=stream))
        if out is not None:
            stack.enter_context(hold(out_lock_path(out), f"the output folder {out}", wait=wait, stream=stream))
        yield
