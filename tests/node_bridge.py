"""The one way tests run kbgen's JavaScript under Node: ``NodeBridge`` over ``node_bridge.js``.

One Node process serves a whole session: a request is one JSON line (``{"command": …, **fields}``),
its answer one JSON line. The search engine's scripts are those a site ships: rendered by
``kbgen.search.scripts`` into a private folder when the bridge starts, so Node runs the constants
Python defines. The hand-off and hours scripts come from the theme as they are.
Requests go one at a time (``start`` returns before the answer is read, so Node can work while
Python does; the next request waits for that answer).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from kbgen.search.scripts import write_scripts

RUNNER = Path(__file__).resolve().parent / "node_bridge.js"


class NodeError(RuntimeError):
    """Node is missing, died, or a command threw."""


def node_executable() -> str:
    """Node's path. Raises NodeError when it is not installed."""
    found = shutil.which("node")
    if found is None:
        raise NodeError("node is needed to run kbgen's JavaScript in tests (apt-get install nodejs)")
    return found


class NodeBridge:
    """``bridge.call(command, **fields)`` → the command's result; ``bridge.start(…)`` → a function
    that waits for it. ``close()`` ends the process and removes the rendered scripts."""

    def __init__(self) -> None:
        self._engine = tempfile.TemporaryDirectory(prefix="kbgen-node-")
        write_scripts(Path(self._engine.name))
        self._process = subprocess.Popen(
            [node_executable(), str(RUNNER), self._engine.name], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            text=True, encoding="utf-8",
        )
        self._pending = False

    def start(self, command: str, **fields: Any) -> Callable[[], Any]:
        assert self._process.stdin is not None and self._process.stdout is not None
        if self._pending:
            raise NodeError("one request at a time: wait for the previous answer first")
        # ASCII JSON: one line whatever the text holds (U+2028, lone surrogates as \\u escapes)
        self._process.stdin.write(json.dumps({"command": command, **fields}, ensure_ascii=True) + "\n")
        self._process.stdin.flush()
        self._pending = True
        stdout = self._process.stdout

        def wait() -> Any:
            line = stdout.readline()
            self._pending = False
            if not line:
                raise NodeError(f"node exited ({self._process.poll()}) during {command}")
            answer = json.loads(line)
            if "error" in answer:
                raise NodeError(f"node {command}: {answer['error']}")
            return answer["ok"]

        return wait

    def call(self, command: str, **fields: Any) -> Any:
        return self.start(command, **fields)()

    def close(self) -> None:
        if self._process.stdin is not None:
            self._process.stdin.close()
        try:
            self._process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()
        if self._process.stdout is not None:
            self._process.stdout.close()
        self._engine.cleanup()
