"""One Zendesk article body → MyST: Zendesk's callouts, links between articles, images, attachments.

Callouts: Zendesk's editor has no callout of its own; help centers built on Zendesk's Copenhagen
theme mark them with its classes — ``.callout`` with ``--info``, ``--warning``, ``--danger``,
``--success``, ``--transparent``, ``--dashed`` (zendesk/copenhagen_theme, styles/_callout.scss at
0613105), or ``.callout.alert`` (styles/_callouts.scss at 10d0806). They become the admonitions
kbgen's dialects map the same words to (kbgen/sphinx_ext/dialects.py: info → note, success → tip).
"""

from __future__ import annotations

import posixpath
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING
from urllib.parse import unquote

from bs4 import BeautifulSoup, Tag

from kbgen.assets import DOWNLOAD_TYPES, IMAGE_TYPES, content_problem
from kbgen.importers.html_to_myst import Hooks, MystConverter
from kbgen.importers.http import split_url
from kbgen.importers.report import ArticleReport
from kbgen.importers.writer import ImportedTree
from kbgen.text import clip, slugify

if TYPE_CHECKING:
    from kbgen.importers.zendesk.build import Files, Place, Plan

_CALLOUT_KINDS = {"info": "note", "warning": "warning", "danger": "danger", "success": "tip"}
_ARTICLE_PATH = re.compile(r"^/hc/(?:[A-Za-z]{2,3}(?:-[A-Za-z0-9]+)*/)?articles/(\d+)(?:[-/][^/]*)?/?$")
_ATTACHMENT_PATH = re.compile(r"/(?:article_attachments|attachments)/")
_IMAGE_MAGIC = {b"\x89PNG": ".png", b"\xff\xd8\xff": ".jpg", b"GIF8": ".gif"}
#: kbgen warns about a larger image (docs/authoring.md, Images); --strict stops on warnings
_LARGE_IMAGE = 300 * 1024
#: a summary is a sentence: shorter paragraphs ("Veja abaixo.") are skipped, longer ones cut at a word
_SUMMARY_MIN, _SUMMARY_MAX = 40, 200


def callout_kind(element: Tag) -> str | None:
    classes = [str(c) for c in element.get("class") or []]
    if "callout" not in classes:
        return None
    for cls in classes:
        if cls.startswith("callout--") and cls.removeprefix("callout--") in _CALLOUT_KINDS:
            return _CALLOUT_KINDS[cls.removeprefix("callout--")]
    return "warning" if "alert" in classes else "note"


@dataclass
class ArticleBody:
    """What converting one article needs: where it goes, where the others went, files, the report."""

    place: Place
    plan: Plan
    files: Files
    tree: ImportedTree
    entry: ArticleReport

    @property
    def folder(self) -> str:
        return f"{self.place.set_slug}/{self.place.module_slug}"

    # -- links -------------------------------------------------------------------------------
    def resolve_link(self, href: str, text: str) -> str | None:
        parts = split_url(href)
        if parts.scheme in ("mailto", "tel"):
            return None
        if parts.scheme not in ("", "http", "https"):
            self.entry.dropped.append(f"the link {href!r} ({parts.scheme}: is not a scheme a help center links to)")
            return ""
        if parts.username is not None:  # "https://support@example.com": a mistyped e-mail, seen in real bodies
            self.entry.check.append(f"the link {href!r} has a user name before its host ('{parts.username}@'): "
                                    f"it opens {parts.hostname}; if an e-mail address was meant, write mailto:")
        own = not parts.netloc or (parts.hostname or "").lower() in self.plan.hosts
        match = _ARTICLE_PATH.match(unquote(parts.path))
        if match:
            return self._article_link(int(match.group(1)), href, own)
        if own and (_ATTACHMENT_PATH.search(parts.path) or PurePosixPath(parts.path).suffix.lower() in DOWNLOAD_TYPES):
            return self._attachment(href, text)
        if not own:
            return None
        if parts.netloc:
            absolute = href
        else:
            host = min(self.plan.hosts, default=None)
            if host is None or not parts.path.startswith("/"):
                self.entry.dropped.append(f"the link {href!r} (an address on the old site, which kbgen cannot "
                                          "tell): its text was kept")
                return ""
            absolute = f"https://{host}{href}"
        self.entry.check.append(f"the link {absolute} points at the old help center (a section, a category, a "
                                "search): link a module or set of the new site instead, or remove it")
        return absolute

    def _article_link(self, article_id: int, href: str, own: bool) -> str | None:
        place = self.plan.articles.get(article_id)
        if place is not None:
            relative = posixpath.relpath(place.path, self.folder)
            self.entry.converted.append(f"the link to article {article_id} → {relative}")
            if split_url(href).fragment:
                self.entry.check.append(f"the link to article {article_id} had an anchor "
                                        f"(#{split_url(href).fragment}): it now opens the article's top")
            return relative
        if own:
            self.entry.dropped.append(f"the link to article {article_id} (not imported: a draft, restricted, "
                                      "or not in the source): its text was kept")
            return ""
        return None

    # -- files -------------------------------------------------------------------------------
    def _save(self, url: str, allowed: frozenset[str], subfolder: str, what: str) -> str | None:
        fetched = self.files.get(url)
        if fetched.data is None:
            self.entry.dropped.append(f"the {what} {url}: {fetched.why_not}")
            return None
        data = fetched.data
        name = PurePosixPath(unquote(split_url(url).path)).name
        suffix = PurePosixPath(name).suffix.lower()
        if allowed is IMAGE_TYPES and suffix not in IMAGE_TYPES:
            suffix = next((ext for magic, ext in _IMAGE_MAGIC.items() if data.startswith(magic)), suffix)
        stem = slugify(PurePosixPath(name).stem) or what.replace(" ", "-")
        with tempfile.TemporaryDirectory(prefix="kbgen-import-") as folder:
            probe = Path(folder) / f"file{suffix}"
            probe.write_bytes(data)
            problem = content_problem(probe, allowed)
        if problem:
            self.entry.dropped.append(f"the {what} {url}: {problem}")
            return None
        base = f"{subfolder}/{self.place.slug}-{stem}" if allowed is IMAGE_TYPES else f"{subfolder}/{stem}"
        relative, n = f"{base}{suffix}", 2
        while f"{self.folder}/{relative}" in self.tree and self.tree.files[f"{self.folder}/{relative}"] != data:
            relative, n = f"{base}-{n}{suffix}", n + 1
        self.tree.add_bytes(f"{self.folder}/{relative}", data)
        if len(data) > _LARGE_IMAGE and allowed is IMAGE_TYPES:
            self.entry.check.append(f"the image {relative} is {len(data) // 1024} KB: kbgen warns above "
                                    f"{_LARGE_IMAGE // 1024} KB (and --strict stops); make it smaller")
        return relative

    def resolve_image(self, src: str, alt: str) -> str | None:
        if src.startswith("data:"):
            self.entry.dropped.append("an image embedded as a data: address; save it as a file and add it")
            return None
        relative = self._save(src, IMAGE_TYPES, "img", "image")
        if relative:
            self.entry.converted.append(f"the image {src} → {relative}")
        return relative

    def _attachment(self, href: str, text: str) -> str:
        relative = self._save(href, DOWNLOAD_TYPES, "anexos", "attachment")
        if relative is None:
            return ""
        self.entry.converted.append(f"the attachment {href} → {relative}")
        return relative


def summary(html: str) -> str:
    """The article's first real paragraph, cut to a summary: Zendesk articles have no description, and
    kbgen shows one in listings and search snippets (``kbgen check`` asks for it)."""
    for paragraph in BeautifulSoup(html, "html.parser").find_all("p"):
        if paragraph.find_parent(["table", "blockquote", "li"]) or paragraph.find_parent(class_="callout"):
            continue
        text = " ".join(paragraph.get_text(" ").split())
        if len(text) >= _SUMMARY_MIN:
            return clip(text, _SUMMARY_MAX)
    return ""


def convert_body(html: str, body: ArticleBody) -> str:
    hooks = Hooks(body.resolve_link, body.resolve_image, callout_kind, body.entry)
    return str(MystConverter(hooks).body(html))
