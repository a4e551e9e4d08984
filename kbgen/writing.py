"""Files a build writes: only when their bytes change, so an unchanged file keeps its time stamp
(web servers' caches, rsync, and Sphinx's own incremental checks see nothing new)."""

from __future__ import annotations

from pathlib import Path


def write_if_changed(path: Path, data: str | bytes) -> None:
    """Write ``data`` (text as UTF-8) at ``path``, creating its folder, unless the file holds it already."""
    content = data.encode("utf-8") if isinstance(data, str) else data
    try:
        if path.read_bytes() == content:
            return
    except OSError:
        pass  # missing (or unreadable: the write below says why)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
