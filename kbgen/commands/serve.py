"""``kbgen serve``: live preview on 127.0.0.1, rebuilt on every save.

Each save runs kbgen's own build (:func:`kbgen.commands.build.build`, in this process: Sphinx's
modules stay loaded) into the preview's folders under ``--cache-dir`` — never ``--out``. So the
author sees exactly what ``kbgen build`` says, ``path:line: message`` for content and ``kb.yml``
alike, and a failed build publishes nothing: the preview keeps serving the last good site.

The server is :mod:`http.server` on loopback by default. A page on another site can make the
author's browser send requests to ``127.0.0.1`` — or, by DNS rebinding, to a host name it controls
that resolves to ``127.0.0.1`` and so read the answers. Requests whose ``Host`` is not this server
are refused (421): only ``localhost``, IP literals (which no DNS answer can rebind) and the name the
server was bound to are accepted, with its port — the rule of webpack-dev-server's
``allowedHosts: "auto"`` and of Vite's ``server.allowedHosts``.

Pages reload themselves after a good rebuild: an external script (allowed under the site's own
``default-src 'self'`` policy, unlike sphinx-autobuild's inline one) asks for a build counter.
"""

from __future__ import annotations

import html
import http.server
import ipaddress
import re
import socket
import sys
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO
from urllib.parse import urlsplit

from kbgen.commands.build import BuildOptions, build, check_folders, guard_cache_dir
from kbgen.commands.usage import UsageError
from kbgen.exitcodes import ExitStatus
from kbgen.headers import RECOMMENDED_HEADERS
from kbgen.report import printable_stream

#: what the preview adds under the site's root; never a name a site can have (``_`` is reserved)
PREVIEW_PATH = "/_kbgen-preview/"
_RELOAD_JS = b"""(function () {
  'use strict';
  var seen = null;
  function poll() {
    fetch('/_kbgen-preview/build', { cache: 'no-store' }).then(function (r) { return r.text(); }).then(function (n) {
      if (seen !== null && n !== seen) { window.location.reload(); return; }
      seen = n;
      setTimeout(poll, 700);
    }, function () { setTimeout(poll, 2000); });
  }
  poll();
}());
"""
_RELOAD_TAG = b'<script src="/_kbgen-preview/reload.js"></script>'


@dataclass
class ServeOptions:
    source: Path = Path("content")
    cache_dir: Path = Path("_build/.cache")
    host: str = "127.0.0.1"
    port: int = 8000


def preview_folders(cache_dir: Path) -> tuple[Path, Path]:
    """(the preview build's cache, the folder it publishes to): separate, as ``kbgen build`` wants.

    Both under ``serve/``, the one folder of the cache that ``kbgen build --clean`` keeps
    (``kbgen.cachedir``): a build run beside a running preview never deletes the site it serves."""
    return cache_dir / "serve" / "cache", cache_dir / "serve" / "site"


_HOST = re.compile(r"^(?:\[(?P<v6>[0-9A-Fa-f:.]+)\]|(?P<name>[A-Za-z0-9.-]+))(?::(?P<port>[0-9]{1,5}))?$")


def allowed_host(header: str | None, bound: str, port: int) -> bool:
    """Whether a request's ``Host`` names this server (see the module's doc for the rule)."""
    match = _HOST.match((header or "").strip())
    if match is None or int(match["port"] or 80) != port:
        return False
    name = (match["v6"] or match["name"]).lower()
    if name in ("localhost", bound.lower().strip("[]")):
        return True
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return False
    return True


class Preview:
    """The last good build, and the rebuilds: one at a time, in the order of the saves."""

    def __init__(self, options: ServeOptions, stream: TextIO):
        self.source = options.source.resolve()
        self.cache, self.site = (p.resolve() for p in preview_folders(options.cache_dir))
        self.stream = stream
        self.builds = 0  # good builds so far: the pages poll it to reload
        self.lock = threading.Lock()

    @property
    def ready(self) -> bool:
        return (self.site / "index.html").is_file()

    def rebuild(self) -> bool:
        with self.lock:
            try:
                report = build(BuildOptions(self.source, self.site, self.cache), self.stream)
            except UsageError as exc:
                print(f"kbgen: error: {exc}", file=self.stream)
                return False
            except Exception as exc:  # an internal error must not stop the preview: report it, keep serving
                print(f"kbgen: internal error while building ({type(exc).__name__}: {exc}); please report it "
                      "to kbgen's maintainers", file=self.stream)
                return False
            if report.status != ExitStatus.OK:
                if self.ready:
                    print("kbgen: the preview keeps showing the last good build; it rebuilds when you save",
                          file=self.stream)
                return False
            self.builds += 1
            return True


def _handler(preview: Preview, bound: str, port: int) -> type[http.server.SimpleHTTPRequestHandler]:
    class PreviewHandler(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *args: Any, **kwargs: Any):
            super().__init__(*args, directory=str(preview.site), **kwargs)

        def log_message(self, format: str, *args: Any) -> None:
            pass  # the terminal is for the author's problems, not for every request

        def end_headers(self) -> None:
            # the production policy, so a page that breaks under it breaks in the preview first
            for name, value in RECOMMENDED_HEADERS.items():
                self.send_header(name, value)
            super().end_headers()

        def _refuse(self, code: int, text: str) -> None:
            body = text.encode("utf-8")
            self.send_response(code)
            self.send_header("Content-Type", "text/plain; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Connection", "close")
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)

        def _send(self, body: bytes, content_type: str, code: int = 200) -> None:
            self.send_response(code)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)

        def _route(self) -> bool:
            """Answer what the plain file server must not; True when answered."""
            host = self.headers.get("Host")
            if not host:
                self._refuse(400, "kbgen serve: a request without a Host header\n")
                return True
            if not allowed_host(host, bound, port):
                self._refuse(421, f"kbgen serve: this preview answers as localhost:{port} only\n")
                return True
            path = urlsplit(self.path).path
            if path == PREVIEW_PATH + "reload.js":
                self._send(_RELOAD_JS, "text/javascript; charset=utf-8")
                return True
            if path == PREVIEW_PATH + "build":
                self._send(str(preview.builds).encode(), "text/plain; charset=utf-8")
                return True
            if not preview.ready:
                page = ("<!DOCTYPE html><html lang=\"pt-BR\"><meta charset=\"utf-8\"><title>kbgen serve</title>"
                        "<p>A pré-visualização ainda não tem um site: corrija os erros mostrados no terminal "
                        f"({html.escape(str(preview.source))}) e salve.</p></html>").encode()
                self._send(page + _RELOAD_TAG, "text/html; charset=utf-8", 503)
                return True
            target = Path(self.translate_path(self.path))
            if target.is_dir():
                target = target / "index.html"
            if target.suffix == ".html" and target.is_file():
                try:
                    page_bytes = target.read_bytes()
                except OSError:
                    return False  # rewritten meanwhile: the file server answers (or 404s)
                self._send(_with_reload(page_bytes), "text/html; charset=utf-8")
                return True
            return False

        def do_GET(self) -> None:
            if not self._route():
                super().do_GET()

        def do_HEAD(self) -> None:
            if not self._route():
                super().do_HEAD()

    return PreviewHandler


def _with_reload(page: bytes) -> bytes:
    at = page.rfind(b"</body>")
    return page + _RELOAD_TAG if at < 0 else page[:at] + _RELOAD_TAG + page[at:]


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, address: tuple[str, int], handler: Any):
        if ":" in address[0]:
            self.address_family = socket.AF_INET6
        super().__init__(address, handler)


def _watch(preview: Preview, stop: threading.Event) -> None:
    import watchfiles

    for _changes in watchfiles.watch(preview.source, stop_event=stop, debounce=300, raise_interrupt=False):
        print("kbgen: change detected; rebuilding", file=preview.stream)
        preview.rebuild()


def start(options: ServeOptions, stream: TextIO | None = None) -> tuple[_Server, Preview, threading.Event]:
    """Build once, start serving and watching; the caller runs ``server.serve_forever()``."""
    stream = printable_stream(stream or sys.stderr)
    source = options.source.resolve()
    if not source.is_dir():
        raise UsageError(f"the content folder {options.source} does not exist; pass --source FOLDER")
    guard_cache_dir(options.cache_dir, source)  # the user's --cache-dir itself, named in any refusal
    preview = Preview(options, stream)
    check_folders(BuildOptions(preview.source, preview.site, preview.cache))  # a wrong --cache-dir: exit 2 now
    try:
        server = _Server((options.host, options.port), _handler(preview, options.host, options.port))
    except OSError as exc:
        raise UsageError(f"cannot listen on {options.host}:{options.port}: {exc.strerror or exc}; "
                         "pass another --port (0: any free port)") from None
    port = int(server.server_address[1])
    if options.port == 0:  # the Host rule needs the real port
        server.RequestHandlerClass = _handler(preview, options.host, port)
    # Watch first: a save made during the first build (or just after it) is never missed, and
    # watchfiles has registered its watches by the time the first build ends.
    stop = threading.Event()
    threading.Thread(target=_watch, args=(preview, stop), name="kbgen-watch", daemon=True).start()
    if not preview.rebuild() and not preview.ready:
        print("kbgen: fix the errors above; the preview starts anyway and rebuilds when you save", file=stream)
    shown = f"[{options.host}]" if ":" in options.host else options.host
    print(f"kbgen: preview on http://{shown}:{port}/ — Ctrl+C stops it", file=stream)
    return server, preview, stop


def serve(options: ServeOptions, stream: TextIO | None = None) -> int:
    server, _preview, stop = start(options, stream)
    try:
        server.serve_forever()
    finally:
        stop.set()
        server.server_close()
    return ExitStatus.OK


