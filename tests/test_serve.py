"""kbgen serve: a live preview that shows kbgen's own messages, keeps the last good site, binds
loopback and answers only requests addressed to itself (DNS-rebinding protection).

A real server on 127.0.0.1 (a free port) in this process; every request is bounded by a timeout.
"""

from __future__ import annotations

import http.client
import io
import re
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from kbgen.commands.build import BuildOptions, build
from kbgen.commands.serve import PREVIEW_PATH, ServeOptions, allowed_host, preview_folders, start
from kbgen.commands.usage import UsageError
from kbgen.exitcodes import ExitStatus
from kbgen.headers import CONTENT_SECURITY_POLICY, RECOMMENDED_HEADERS

from .conftest import MINIMAL, copy_site

ARTICLE = "fiscal/nota-fiscal-eletronica/como-cancelar-uma-nfs-e"
TIMEOUT = 5


@pytest.mark.parametrize(("host", "ok"), [
    ("127.0.0.1:8000", True), ("localhost:8000", True), ("[::1]:8000", True), ("LOCALHOST:8000", True),
    ("192.168.0.10:8000", True),  # an IP literal: no DNS answer can rebind it
    ("evil.example:8000", False), ("127.0.0.1.nip.io:8000", False), ("localhost.evil.example:8000", False),
    ("127.0.0.1:8001", False), ("localhost", False), ("127.0.0.1:80x", False), ("", False), (None, False),
    ("user@localhost:8000", False), ("localhost:8000/x", False), ("[::1", False),
])
def test_the_host_rule(host: str | None, ok: bool) -> None:
    assert allowed_host(host, "127.0.0.1", 8000) is ok


def test_the_bound_name_and_port_80() -> None:
    assert allowed_host("ajuda-preview:8000", "ajuda-preview", 8000)
    assert allowed_host("localhost", "127.0.0.1", 80)


@dataclass
class Running:
    url: str
    port: int
    source: Path
    output: io.StringIO
    address: str

    def get(self, path: str, host: str | None = "auto") -> tuple[int, str]:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=TIMEOUT)
        try:
            conn.putrequest("GET", path, skip_host=True)
            if host is not None:
                conn.putheader("Host", f"127.0.0.1:{self.port}" if host == "auto" else host)
            conn.endheaders()
            response = conn.getresponse()
            return response.status, response.read().decode("utf-8", "replace")
        finally:
            conn.close()

    def wait(self, condition: Callable[[], bool], what: str, timeout: float = 60) -> None:
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            if condition():
                return
            time.sleep(0.2)
        raise AssertionError(f"{what} never happened; output:\n{self.output.getvalue()[-3000:]}")


@pytest.fixture
def running(tmp_path: Path) -> Iterator[Running]:
    source = copy_site(MINIMAL, tmp_path / "content")
    output = io.StringIO()
    server, _preview, stop = start(ServeOptions(source, tmp_path / "cache", port=0), output)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    port = int(server.server_address[1])
    try:
        yield Running(f"http://127.0.0.1:{port}/", port, source, output, str(server.server_address[0]))
    finally:
        stop.set()
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


def test_serves_binds_loopback_and_refuses_foreign_hosts(running: Running) -> None:
    assert running.address == "127.0.0.1"
    status, page = running.get(f"/{ARTICLE}.html")
    assert status == 200 and "Como cancelar uma NFS-e?" in page
    assert f'<script src="{PREVIEW_PATH}reload.js"></script></body>' in page  # an external script, CSP-safe
    assert running.get(f"/{ARTICLE}.html", host=f"localhost:{running.port}")[0] == 200
    for host in (f"evil.example:{running.port}", f"127.0.0.1:{running.port + 1}", "evil.example"):
        status, body = running.get(f"/{ARTICLE}.html", host=host)
        assert status == 421 and "Como cancelar" not in body
    status, body = running.get(PREVIEW_PATH + "build", host=f"rebind.evil.example:{running.port}")
    assert status == 421
    assert running.get("/index.html", host=None)[0] == 400
    assert running.get(PREVIEW_PATH + "reload.js")[0] == 200


def test_errors_are_kbgens_own_and_the_last_good_site_stays(running: Running) -> None:
    url = f"/{ARTICLE}.html"
    builds = running.get(PREVIEW_PATH + "build")[1]
    article = running.source / f"{ARTICLE}.md"
    article.write_text(article.read_text(encoding="utf-8") + "\nParágrafo novo de pré-visualização.\n",
                       encoding="utf-8")
    running.wait(lambda: "Parágrafo novo" in running.get(url)[1], "the rebuild after an edit")
    assert running.get(PREVIEW_PATH + "build")[1] != builds  # open pages reload

    # a content error: kbgen's path:line message, and the last good page stays
    (running.source / "fiscal" / "_set.yml").write_text("title: Fiscal\n", encoding="utf-8")
    running.wait(lambda: "missing required key 'email'" in running.output.getvalue(), "the _set.yml error")
    assert re.search(r"^content/fiscal/_set\.yml:1: missing required key 'email'", running.output.getvalue(), re.M)
    assert "Parágrafo novo" in running.get(url)[1]

    # a kb.yml error too
    kb = running.source / "kb.yml"
    good_kb = kb.read_text(encoding="utf-8")
    kb.write_text(good_kb + "faq: !!bool maybe\n", encoding="utf-8")
    running.wait(lambda: "content/kb.yml:5: YAML tag '!!bool'" in running.output.getvalue(), "the kb.yml error")
    assert running.get(url)[0] == 200

    # an error only Sphinx finds (a broken directive) is reported by kbgen too, never Sphinx's crash report
    kb.write_text(good_kb, encoding="utf-8")
    (running.source / "fiscal" / "_set.yml").write_text(
        (MINIMAL / "fiscal" / "_set.yml").read_text(encoding="utf-8"), encoding="utf-8")
    article.write_text(article.read_text(encoding="utf-8") + "\n```{figure} nao-existe.png\n```\n",
                       encoding="utf-8")
    running.wait(lambda: f"content/{ARTICLE}.md:" in running.output.getvalue(), "the article's error")
    output = running.output.getvalue()
    assert "sphinx-doc" not in output and "Traceback" not in output and "Sphinx exited" not in output
    assert "the preview keeps showing the last good build" in output


def test_a_first_build_that_fails_serves_a_notice_until_fixed(tmp_path: Path) -> None:
    source = copy_site(MINIMAL, tmp_path / "content")
    kb = source / "kb.yml"
    good = kb.read_text(encoding="utf-8")
    kb.write_text("title: [\n", encoding="utf-8")
    output = io.StringIO()
    server, _preview, stop = start(ServeOptions(source, tmp_path / "cache", port=0), output)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    port = int(server.server_address[1])
    run = Running(f"http://127.0.0.1:{port}/", port, source, output, "")
    try:
        assert re.search(r"^content/kb\.yml:\d+: invalid YAML", output.getvalue(), re.M), output.getvalue()
        status, page = run.get("/index.html")
        assert status == 503 and "corrija os erros" in page
        kb.write_text(good, encoding="utf-8")
        run.wait(lambda: run.get("/index.html")[0] == 200, "the site after the fix")
    finally:
        stop.set()
        server.shutdown()
        server.server_close()


def test_a_port_in_use_and_a_cache_inside_the_content_are_usage_errors(running: Running, tmp_path: Path) -> None:
    with pytest.raises(UsageError, match=r"cannot listen on 127\.0\.0\.1"):
        start(ServeOptions(running.source, tmp_path / "other-cache", port=running.port), io.StringIO())
    with pytest.raises(UsageError, match=r"--cache-dir \S*/content/_cache is inside the content folder"):
        start(ServeOptions(running.source, running.source / "_cache", port=0), io.StringIO())


def test_the_cli_defaults_to_loopback(tmp_path: Path) -> None:
    source = copy_site(MINIMAL, tmp_path / "content")
    process = subprocess.Popen([sys.executable, "-m", "kbgen", "serve", "--source", str(source), "--cache-dir",
                                str(tmp_path / "cache"), "--port", "0"], cwd=tmp_path,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        assert process.stdout is not None
        lines = []
        for line in process.stdout:  # bounded: the preview line comes after the first build
            lines.append(line)
            if "preview on" in line:
                break
        assert re.search(r"preview on http://127\.0\.0\.1:\d+/", lines[-1]), lines
    finally:
        process.terminate()
        process.communicate(timeout=30)


def test_the_preview_sends_the_production_headers(running: Running) -> None:
    """A page that breaks under the site's CSP breaks in the preview first (and docs say the same policy)."""
    for path in (f"/{ARTICLE}.html", "/_static/kbgen.css", PREVIEW_PATH + "reload.js", "/nao-existe.html"):
        conn = http.client.HTTPConnection("127.0.0.1", running.port, timeout=TIMEOUT)
        try:
            conn.request("GET", path, headers={"Host": f"127.0.0.1:{running.port}"})
            response = conn.getresponse()
            response.read()
            for name, value in RECOMMENDED_HEADERS.items():
                assert response.getheader(name) == value, (path, name)
        finally:
            conn.close()
    security = (Path(__file__).parent.parent / "docs" / "security.md").read_text(encoding="utf-8")
    assert f"Content-Security-Policy: {CONTENT_SECURITY_POLICY}" in security


def test_a_clean_build_beside_the_preview_keeps_the_preview_site(running: Running) -> None:
    """``kbgen build --clean`` on the same --cache-dir empties the cache but not the preview's own folder."""
    cache = running.source.parent / "cache"
    preview_cache, preview_site = preview_folders(cache)
    assert (preview_site / "index.html").is_file() and preview_cache.is_dir()
    report = build(BuildOptions(running.source, running.source.parent / "out", cache, clean=True), io.StringIO())
    assert report.status == ExitStatus.OK
    assert (preview_site / "index.html").is_file()
    assert running.get(f"/{ARTICLE}.html")[0] == 200
