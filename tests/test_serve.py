"""kbgen serve: a live preview on a free port that picks up an edit (timing is reported by bench/)."""

from __future__ import annotations

import http.client
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from .conftest import MINIMAL, copy_site

ARTICLE = "fiscal/nota-fiscal-eletronica/como-cancelar-uma-nfs-e"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _get(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return str(response.read().decode("utf-8"))
    except (OSError, http.client.HTTPException):  # a page being rewritten mid-read
        return None


def _wait_for(url: str, text: str, timeout: float) -> float:
    start = time.monotonic()
    while time.monotonic() - start < timeout:
        body = _get(url)
        if body is not None and text in body:
            return time.monotonic() - start
        time.sleep(0.2)
    raise AssertionError(f"{text!r} never appeared at {url}")


def test_serve_rebuilds_on_save(tmp_path: Path) -> None:
    source = copy_site(MINIMAL, tmp_path / "content")
    port = _free_port()
    process = subprocess.Popen([sys.executable, "-m", "kbgen", "serve", "--source", str(source), "--cache-dir",
                                str(tmp_path / "cache"), "--port", str(port)], cwd=tmp_path,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        url = f"http://127.0.0.1:{port}/{ARTICLE}.html"
        _wait_for(url, "Como cancelar uma NFS-e?", timeout=90)
        path = source / f"{ARTICLE}.md"
        path.write_text(path.read_text(encoding="utf-8") + "\nParágrafo novo de pré-visualização.\n",
                        encoding="utf-8")
        seconds = _wait_for(url, "Parágrafo novo de pré-visualização.", timeout=60)
        print(f"\nkbgen serve: save → page rebuilt in {seconds:.1f} s", file=sys.stderr)
        # a content error is reported, and the preview keeps serving the last good page
        (source / "fiscal" / "_set.yml").write_text("title: Fiscal\n", encoding="utf-8")
        time.sleep(3)
        assert "Parágrafo novo" in (_get(url) or "")
        # only this computer can connect by default
        assert _get(f"http://127.0.0.1:{port}/index.html") is not None
    finally:
        process.terminate()
        output, _ = process.communicate(timeout=30)
    assert "missing required key 'email' in _set.yml" in output, output[-2000:]
