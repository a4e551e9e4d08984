"""Images and attachments an article points at: downloaded from a live help center, or found in a
local attachments folder next to saved API responses."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from urllib.parse import unquote

from kbgen.importers.failures import ImportFailed
from kbgen.importers.http import Fetcher, join_url, split_url


@dataclass
class Fetched:
    data: bytes | None
    why_not: str = ""  # when data is None: why, for the report


@dataclass
class FolderFiles:
    """Files saved beside the JSON, under the end of their URL's path, longest first: for
    ``/hc/article_attachments/9001/tela.png``, ``attachments/hc/article_attachments/9001/tela.png``
    (a mirror of the site), then ``attachments/article_attachments/9001/tela.png`` … ``attachments/tela.png``."""

    folder: Path

    def get(self, url: str) -> Fetched:
        path = PurePosixPath(unquote(split_url(url).path))
        parts = [p for p in path.parts if p not in ("/", "..", ".")]
        for start in range(len(parts)):  # the longest tail of the URL's path first
            candidate = parts[start:]
            local = self.folder.joinpath(*candidate)
            if local.is_file() and local.resolve().is_relative_to(self.folder.resolve()):
                return Fetched(local.read_bytes())
        return Fetched(None, f"not found in {self.folder} (looked for {'/'.join(parts[-2:]) or url})")


@dataclass
class LiveFiles:
    """Files of a live help center, fetched with the same retries as the API."""

    base_url: str
    fetcher: Fetcher

    def get(self, url: str) -> Fetched:
        absolute = join_url(self.base_url.rstrip("/") + "/", url)
        if split_url(absolute).scheme not in ("http", "https"):
            return Fetched(None, f"{url} is not an http(s) address")
        try:
            return Fetched(self.fetcher.get(absolute))
        except ImportFailed as exc:  # one missing picture must not stop the migration: it is reported
            return Fetched(None, str(exc))
