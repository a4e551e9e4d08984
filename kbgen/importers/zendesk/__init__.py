"""``kbgen import zendesk``: a Zendesk Guide help center → a kbgen content folder.

Mapping (issue 23): category → set, section → module (a section inside another becomes a module of
its own, named "Parent › Child", and the report says so), article → article; ``label_names`` →
``tags`` (spaces kept), ``promoted`` → ``faq``, ``position`` → ``order``, ``updated_at`` →
``updated``; the old addresses ``hc/<locale>/articles/<id>-<slug>`` and ``hc/<locale>/articles/<id>``
→ ``aliases`` (kbgen publishes each as a folder with an ``index.html``, kbgen.alias_paths). Drafts,
and articles restricted to a user segment (unless ``--include-restricted``), are skipped and listed.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kbgen.importers.failures import support_email
from kbgen.importers.writer import ImportResult
from kbgen.importers.zendesk.build import build_tree
from kbgen.importers.zendesk.files import FolderFiles, LiveFiles
from kbgen.importers.zendesk.source import fetcher_for, is_url, read_folder, read_live


@dataclass
class ZendeskOptions:
    source: str
    email: str | None = None
    locale: str = "pt-br"
    include_restricted: bool = False
    attachments: Path | None = None
    #: the first wait before retrying a 5xx (doubled each time); the tests make it short
    retry_delay: float = 1.0


def convert_zendesk(options: ZendeskOptions) -> ImportResult:
    """Read and convert the whole help center (ImportFailed on bad input; nothing is written here)."""
    address = support_email(options.email)
    locale = options.locale.strip().lower()
    if is_url(options.source):
        fetcher = fetcher_for(options.source, options.retry_delay)
        center = read_live(options.source, locale, fetcher)
        files: FolderFiles | LiveFiles = LiveFiles(options.source, fetcher)
    else:
        folder = Path(options.source)
        center = read_folder(folder)
        files = FolderFiles(options.attachments or folder / "attachments")
    return build_tree(center, files, address, locale, options.include_restricted, options.source)
