"""A loopback static server that gzips what a web server would and counts the bytes it sends.

Text responses (HTML, JS, CSS, JSON, SVG, WebAssembly) are sent with ``Content-Encoding: gzip``
at level 6 (Apache mod_deflate's and most CDNs' default; nginx's default level 1 would make
every engine's files a little bigger). Everything else (PNG, Pagefind's ``.pf_*`` chunks and
``.pagefind`` files, which Pagefind already gzips itself) is sent as it is. Every request is
logged **when it arrives**, with the bytes its body will take on the wire, so that a snapshot of
the log at a milestone ("the first suggestion is visible") counts every request made until then,
including ones still being sent. HTTP headers are not counted.
"""

from __future__ import annotations

import gzip
import http.server
import mimetypes
import threading
import time
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

GZIP_LEVEL = 6
GZIP_TYPES = ("text/", "application/javascript", "application/json", "image/svg+xml", "application/wasm")
EXTRA_TYPES = {".js": "application/javascript", ".mjs": "application/javascript", ".json": "application/json",
               ".wasm": "application/wasm", ".svg": "image/svg+xml", ".pagefind": "application/octet-stream"}


@dataclass(frozen=True)
class Request:
    path: str  # URL path, no query string
    status: int
    raw: int  # bytes of the file
    wire: int  # bytes of the body as sent (gzipped when the type is compressible)
    at: float  # time.monotonic() when it arrived


def content_type(path: str) -> str:
    suffix = Path(path).suffix.lower()
    return EXTRA_TYPES.get(suffix) or mimetypes.guess_type(path)[0] or "application/octet-stream"


def compressible(ctype: str) -> bool:
    return ctype.startswith(GZIP_TYPES)


def wire_size(body: bytes, ctype: str) -> int:
    """Bytes on the wire for a body of this type, as this server sends it."""
    return len(gzip.compress(body, GZIP_LEVEL, mtime=0)) if compressible(ctype) else len(body)


class Recorder:
    """The request log of one server, shared between its threads."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._log: list[Request] = []
        self.in_flight = 0
        self.last_activity = time.monotonic()

    def add(self, request: Request) -> None:
        with self._lock:
            self._log.append(request)
            self.in_flight += 1
            self.last_activity = time.monotonic()

    def done(self) -> None:
        with self._lock:
            self.in_flight -= 1
            self.last_activity = time.monotonic()

    def reset(self) -> None:
        with self._lock:
            self._log = []

    def snapshot(self) -> list[Request]:
        with self._lock:
            return list(self._log)

    def wait_quiet(self, quiet: float = 0.3, timeout: float = 60.0) -> None:
        """Until nothing is being sent and no request arrived for ``quiet`` seconds."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self._lock:
                idle = self.in_flight == 0 and time.monotonic() - self.last_activity >= quiet
            if idle:
                return
            time.sleep(0.05)
        raise TimeoutError("the page kept loading")


class _Cache:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._bodies: dict[tuple[Path, float], tuple[bytes, bytes | None]] = {}

    def get(self, path: Path, ctype: str) -> tuple[bytes, bytes | None]:
        key = (path, path.stat().st_mtime)
        with self._lock:
            hit = self._bodies.get(key)
        if hit is None:
            raw = path.read_bytes()
            hit = (raw, gzip.compress(raw, GZIP_LEVEL, mtime=0) if compressible(ctype) else None)
            with self._lock:
                self._bodies[key] = hit
        return hit


def _handler(root: Path, recorder: Recorder, cache: _Cache) -> type[http.server.BaseHTTPRequestHandler]:
    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            url_path = urllib.parse.unquote(urllib.parse.urlsplit(self.path).path)
            if url_path.endswith("/"):
                url_path += "index.html"
            target = (root / url_path.lstrip("/")).resolve()
            if (root not in target.parents and target != root) or not target.is_file():
                recorder.add(Request(url_path, 404, 0, 0, time.monotonic()))
                try:
                    self.send_response(404)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                finally:
                    recorder.done()
                return
            ctype = content_type(url_path)
            raw, zipped = cache.get(target, ctype)
            body = zipped if zipped is not None else raw
            recorder.add(Request(url_path, 200, len(raw), len(body), time.monotonic()))
            try:
                self.send_response(200)
                self.send_header("Content-Type", ctype + ("; charset=utf-8" if ctype.startswith("text/") else ""))
                if zipped is not None:
                    self.send_header("Content-Encoding", "gzip")
                self.send_header("Content-Length", str(len(body)))
                self.send_header("Cache-Control", "no-cache")
                self.end_headers()
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                pass
            finally:
                recorder.done()

    return Handler


@contextmanager
def serve(folder: Path) -> Iterator[tuple[str, Recorder]]:
    """Serve ``folder`` on 127.0.0.1 (a free port); yield (base URL ending in "/", its recorder)."""
    recorder = Recorder()
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _handler(folder.resolve(), recorder, _Cache()))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/", recorder
    finally:
        server.shutdown()
        server.server_close()
