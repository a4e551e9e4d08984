"""The one table of exit statuses (documented in docs/cli.md)."""

from __future__ import annotations

from enum import IntEnum


class ExitStatus(IntEnum):
    OK = 0
    #: content errors, or build warnings under ``--strict``; an import source that cannot be read (bad
    #: JSON, an HTTP error); a failed write (full disk, read-only
    #: folder); another build holding the lock under ``--no-wait``
    CONTENT_ERROR = 1
    #: usage errors, a refused ``--out`` or ``--cache-dir`` included (``kbgen import``'s ``--out`` too)
    USAGE_ERROR = 2
    #: SIGINT (Ctrl+C)
    INTERRUPTED = 130
    #: SIGTERM
    TERMINATED = 143


EXIT_STATUS_HELP: dict[ExitStatus, str] = {
    ExitStatus.OK: "success",
    ExitStatus.CONTENT_ERROR: "content errors (or build warnings under --strict), an import source that cannot be "
                              "read, a failed write (a full disk), or another build running under --no-wait",
    ExitStatus.USAGE_ERROR: "usage error, including a refused --out or --cache-dir folder",
    ExitStatus.INTERRUPTED: "interrupted (SIGINT)",
    ExitStatus.TERMINATED: "terminated (SIGTERM)",
}
