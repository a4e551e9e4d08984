"""One clear sentence for a failed write: where, why, and what to do — never a traceback.

A full disk shows up as ENOSPC (or EDQUOT for a quota) on whichever write hits it first; a
folder kbgen may not write as EACCES/EPERM, a read-only mount as EROFS. The author needs the
folder and the remedy, not the file Python was writing when it happened.
"""

from __future__ import annotations

import errno
import os
import re
from pathlib import Path

_NO_SPACE = {errno.ENOSPC, errno.EDQUOT}
_NO_PERMISSION = {errno.EACCES, errno.EPERM}
_ERRNO = re.compile(r"\[Errno (\d+)\]")


def describe_os_error(exc: OSError, folder: Path, option: str) -> str:
    """``exc`` as a message naming ``folder`` (what ``option`` points at, or inside it)."""
    where = str(folder)
    if exc.errno in _NO_SPACE:
        what = "disk quota exceeded" if exc.errno == errno.EDQUOT else "the disk is full"
        return (f"not enough space in {where} ({what}); free some space, or choose a folder on another "
                f"disk with {option}. Nothing was published; the previous site was left as it was")
    if exc.errno in _NO_PERMISSION:
        return (f"no permission to write in {where} ({_detail(exc)}); fix the folder's permissions or "
                f"choose another folder with {option}. Nothing was published; the previous site was left as it was")
    if exc.errno == errno.EROFS:
        return (f"{where} is on a read-only file system; choose a writable folder with {option}. "
                "Nothing was published; the previous site was left as it was")
    return (f"cannot write in {where}: {_detail(exc)}; choose another folder with {option} or fix this one. "
            "Nothing was published; the previous site was left as it was")


def _detail(exc: OSError) -> str:
    text = exc.strerror or os.strerror(exc.errno or 0) or type(exc).__name__
    if exc.filename:
        text += f": {exc.filename}"
    return "".join(c if c.isprintable() else "?" for c in text)


def find_os_error(exc: BaseException) -> OSError | None:
    """The OSError behind an exception (Sphinx wraps an extension's in ExtensionError)."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, OSError):
            return current
        if type(current).__name__ == "SphinxParallelError":  # a worker's exception, kept as text only
            found = _ERRNO.search(str(current))
            if found:
                return OSError(int(found[1]), os.strerror(int(found[1])))
        orig = getattr(current, "orig_exc", None)
        current = orig if isinstance(orig, BaseException) else (current.__cause__ or current.__context__)
    return None
