"""Faults injected at the Nth file a build opens for writing: a kill, or an OSError.

Used by the kill and disk-full tests, in a forked child (:func:`install` then a build) or as a
script in a subprocess (the CLI end to end). As a script, the environment says what to do:

* ``KBGEN_FAULT_UNDER``: only files under this folder count (e.g. the cache);
* ``KBGEN_FAULT_AT``: the 1-based number of the write that fails (0: none; the number of writes
  is then printed on stderr at exit, ``fault-run: N writes``);
* ``KBGEN_FAULT``: ``kill`` (the file is truncated, then the process dies at once with status
  137, as with SIGKILL) or an errno name such as ``ENOSPC``, ``EDQUOT``, ``EACCES``, ``EROFS``
  (the open fails with that ``OSError``, as on a full disk or a read-only folder).
"""

from __future__ import annotations

import builtins
import errno
import io
import os
from collections.abc import Callable
from typing import Any

KILLED = 137


def install(under: str, at: int, fault: str = "kill") -> Callable[[], int]:
    """Patch ``open`` (builtins and io: pathlib goes through io.open) for this process; returns a
    function giving the number of writes counted so far."""
    prefix = os.path.realpath(under) + os.sep
    real_open = io.open
    count = 0

    def counting_open(file: Any, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        nonlocal count
        writing = isinstance(file, (str, os.PathLike)) and any(c in mode for c in "wax+")
        if writing and os.path.realpath(os.fspath(file)).startswith(prefix):
            count += 1
            if count == at:
                if fault != "kill":
                    number = getattr(errno, fault)
                    raise OSError(number, os.strerror(number), os.fspath(file))
                real_open(file, "w").close()  # truncated, as a kill inside write() leaves it
                os._exit(KILLED)
        return real_open(file, mode, *args, **kwargs)

    builtins.open = counting_open
    io.open = counting_open
    return lambda: count


def _main() -> None:
    import atexit
    import sys

    at = int(os.environ.get("KBGEN_FAULT_AT", "0"))
    counted = install(os.environ["KBGEN_FAULT_UNDER"], at, os.environ.get("KBGEN_FAULT", "kill"))
    if at == 0:
        atexit.register(lambda: print(f"fault-run: {counted()} writes", file=sys.stderr))
    from kbgen.cli import main

    main(prog_name="kbgen")


if __name__ == "__main__":
    _main()
