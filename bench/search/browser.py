"""Headless Chromium for the search benchmarks: launch flags, CPU throttling, page snippets.

The launch flags are the tests' (``tests/conftest.py``): Debian's ``/usr/bin/chromium``, never a
Playwright-downloaded browser.
"""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
]
THROTTLE = 4

# Sphinx's search page is ready to query once searchindex.js has called Search.setIndex.
SPHINX_READY = "() => typeof Search !== 'undefined' && Search.hasIndex()"


def _descendants(root: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    found, todo = [], [root]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def _keep_niced(stop: threading.Event) -> None:
    """Chromium run as root raises its own threads' priority (renderers to 0, the browser's to -8):
    bring every thread of this process's descendants back to this process's nice value."""
    nice = os.nice(0)
    while not stop.wait(1.0):
        for pid in _descendants(os.getpid()):
            for task in Path(f"/proc/{pid}/task").glob("[0-9]*"):
                with contextlib.suppress(OSError):
                    if os.getpriority(os.PRIO_PROCESS, int(task.name)) < nice:
                        os.setpriority(os.PRIO_PROCESS, int(task.name), nice)


@contextmanager
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    stop = threading.Event()
    guard = threading.Thread(target=_keep_niced, args=(stop,), daemon=True)
    if os.nice(0) > 0:
        guard.start()
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield instance
        finally:
            instance.close()
            stop.set()


def throttle(page: Any, rate: float = THROTTLE) -> Any:
    """CDP ``Emulation.setCPUThrottlingRate`` on the page (its main thread; not its workers)."""
    session = page.context.new_cdp_session(page)
    session.send("Emulation.setCPUThrottlingRate", {"rate": rate})
    return session


def docname_from_url(url: str, base: str) -> str:
    """``http://host/_static/../fiscal/a/b.html#x`` → ``fiscal/a/b`` (relative to the site root)."""
    path = unquote(urlsplit(url).path)
    parts: list[str] = []
    for piece in path.split("/"):
        if piece == "..":
            if parts:
                parts.pop()
        elif piece and piece != ".":
            parts.append(piece)
    root = [p for p in unquote(urlsplit(base).path).split("/") if p]
    doc = "/".join(parts[len(root):])
    return doc.removesuffix(".html")


def sphinx_ranking_js(cap: int) -> str:
    """A page function: queries → the docnames Sphinx's search page would list, in display order.

    ``Search.query`` shows ``Search._performSearch(...Search._parseQuery(q))`` with ``pop()``, so
    the list is displayed last element first."""
    return ("(queries) => queries.map((q) => {"
            "  const shown = Search._performSearch(...Search._parseQuery(q)).reverse();"
            f"  return shown.slice(0, {int(cap)}).map((item) => item[0]);"
            "})")
