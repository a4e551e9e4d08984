"""Reading a live source over HTTP: timeouts, retries with backoff, and errors that name the URL.

Standard library only (urllib): an importer runs once per migration, so a few sequential requests
need no client library. A 429 waits for the ``Retry-After`` the server gives (Zendesk sends it in
seconds: developer.zendesk.com, "Rate limits"), a 5xx or a dropped connection waits 1, 2, 4 … times
``retry_delay``; after ``retries`` attempts the error names the status and the URL.
"""

from __future__ import annotations

import http.client
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from email.message import Message
from urllib.parse import SplitResult, urljoin, urlsplit

from kbgen import __version__
from kbgen.importers.failures import ImportFailed

_MAX_WAIT = 120.0  # a Retry-After longer than this is a server asking us to stop: fail with its URL


_NO_URL = urlsplit("")


def split_url(url: str) -> SplitResult:
    """``urlsplit``, with an address it cannot parse (``http://[x``, which raises ValueError) read as
    empty: an odd link in an article is reported, never a traceback."""
    try:
        return urlsplit(url)
    except ValueError:
        return _NO_URL


def join_url(base: str, url: str) -> str:
    try:
        return urljoin(base, url)
    except ValueError:
        return ""


def origin(url: str) -> tuple[str, str]:
    parts = split_url(url)
    return parts.scheme.lower(), parts.netloc.lower()


@dataclass
class Fetcher:
    headers: dict[str, str] = field(default_factory=dict)
    #: sent only to ``auth_origin`` (the help center itself): an image on another host never sees the token
    auth_headers: dict[str, str] = field(default_factory=dict)
    auth_origin: tuple[str, str] = ("", "")
    timeout: float = 30.0
    retries: int = 4
    retry_delay: float = 1.0
    #: every wait, in seconds (the tests check the backoff without sleeping long)
    waits: list[float] = field(default_factory=list)

    def get(self, url: str) -> bytes:
        """The body of ``url``; ImportFailed with the status and the URL when it cannot be had."""
        auth = self.auth_headers if origin(url) == self.auth_origin else {}
        request = urllib.request.Request(url, headers={"User-Agent": f"kbgen/{__version__} (import)",
                                                       **self.headers, **auth})
        for attempt in range(self.retries + 1):
            last = attempt == self.retries
            try:
                with urllib.request.urlopen(request, timeout=self.timeout) as response:
                    return bytes(response.read())
            except urllib.error.HTTPError as exc:
                retryable = exc.code == 429 or exc.code >= 500
                if not retryable or last:
                    raise ImportFailed(_status_message(exc.code, url, retried=attempt)) from None
                self._wait(_retry_after(exc.headers) if exc.code == 429 else None, attempt, url, exc.code)
            except ValueError as exc:  # urllib's word for an address it cannot parse (http.client.InvalidURL too)
                raise ImportFailed(f"{url}: not a valid address ({exc})") from None
            except (urllib.error.URLError, TimeoutError, ConnectionError, http.client.HTTPException) as exc:
                if last:
                    reason = getattr(exc, "reason", exc)
                    raise ImportFailed(f"{url}: cannot connect ({reason}) after {attempt + 1} attempts; "
                                       "check the address and your network") from None
                self._wait(None, attempt, url, None)
        raise AssertionError("unreachable")  # pragma: no cover

    def _wait(self, retry_after: float | None, attempt: int, url: str, status: int | None) -> None:
        seconds = retry_after if retry_after is not None else self.retry_delay * 2**attempt
        if seconds > _MAX_WAIT:
            raise ImportFailed(f"{url}: HTTP {status}: the server asks to wait {seconds:.0f} s; try again later")
        self.waits.append(seconds)
        time.sleep(seconds)


def _retry_after(headers: Message) -> float | None:
    value = headers.get("Retry-After", "") if headers else ""
    try:
        return max(0.0, float(value))
    except ValueError:
        return None  # an HTTP date or nothing: the normal backoff


def _status_message(code: int, url: str, retried: int) -> str:
    hint = {401: "the help center needs signing in: set KBGEN_ZENDESK_TOKEN",
            403: "the token cannot read this: check KBGEN_ZENDESK_TOKEN's rights",
            404: "check the help center's address and --locale"}.get(code, "try again later")
    tries = f" (after {retried + 1} attempts)" if retried else ""
    return f"{url}: HTTP {code}{tries}; {hint}"
