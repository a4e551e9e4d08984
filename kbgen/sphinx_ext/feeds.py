""""Novidades": Atom feeds of new and updated articles, for the site and for each set.

Dated from git (the article's last and first commits; front matter ``updated:`` outside git);
articles with no date at all are left out rather than dated by the clock. The feed's own
``updated`` is its newest entry's, so the same content always gives the same bytes. Without
``base_url`` the links are relative to the feed and the ids are ``urn:`` names.
"""

from __future__ import annotations

import datetime as dt
import json
import posixpath
from collections.abc import Mapping
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from sphinx.application import Sphinx

from kbgen import urls
from kbgen.model import ArticleInfo
from kbgen.outdir import remove_output_file
from kbgen.sphinx_ext.catalogue import ArticleText, records_of, texts_of
from kbgen.sphinx_ext.state import site_of
from kbgen.sphinx_ext.theme import _
from kbgen.writing import write_if_changed

FEED_ENTRIES = 30
_STATE = "kbgen-feeds.json"
_EPOCH = dt.date(1970, 1, 1)


def _stamp(day: dt.date) -> str:
    return f"{day.isoformat()}T00:00:00Z"


def feed_records(records: list[ArticleInfo]) -> list[ArticleInfo]:
    """Newest first (by last change, then first commit, then docname): a fixed order."""
    dated = [r for r in records if r.updated]
    dated.sort(key=lambda r: (r.updated or _EPOCH, r.created or _EPOCH, r.docname), reverse=True)
    return dated[:FEED_ENTRIES]


def render_feed(title: str, author: str, feed_path: str, records: list[ArticleInfo], texts: Mapping[str, ArticleText],
                base_url: str | None, language: str) -> str:
    def link(page: str) -> str:
        return base_url + page if base_url else posixpath.relpath(page, posixpath.dirname(feed_path) or ".")

    entries = feed_records(records)
    newest = max((r.updated for r in entries if r.updated), default=_EPOCH)
    feed_id = base_url + feed_path if base_url else f"urn:kbgen:feed:{feed_path}"
    lines = [
        '<?xml version="1.0" encoding="utf-8"?>',
        f'<feed xmlns="http://www.w3.org/2005/Atom" xml:lang={quoteattr(language.replace("_", "-"))}>',
        f"  <title>{escape(title)}</title>",
        f"  <id>{escape(feed_id)}</id>",
        f"  <link rel=\"self\" href={quoteattr(link(feed_path))}/>",
        f"  <link rel=\"alternate\" type=\"text/html\" href={quoteattr(link(urls.html_path(urls.HOME)))}/>",
        f"  <updated>{_stamp(newest)}</updated>",
        f"  <author><name>{escape(author)}</name></author>",
    ]
    for record in entries:
        page = urls.html_path(record.docname)
        entry_id = base_url + page if base_url else f"urn:kbgen:article:{record.docname}"
        lines += [
            "  <entry>",
            f"    <title>{escape(record.title)}</title>",
            f"    <id>{escape(entry_id)}</id>",
            f"    <link rel=\"alternate\" type=\"text/html\" href={quoteattr(link(page))}/>",
            f"    <updated>{_stamp(record.updated or _EPOCH)}</updated>",
            f"    <published>{_stamp(record.created or record.updated or _EPOCH)}</published>",
            f"    <summary>{escape(record.description or texts[record.docname].excerpt)}</summary>",
            "  </entry>",
        ]
    lines.append("</feed>")
    return "\n".join(lines) + "\n"


def _write_feeds(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.name != "kbgen":
        return
    site = site_of(app.env)
    records = list(records_of(app.env).values())
    texts = texts_of(app.env)
    outdir = Path(app.outdir)
    base_url = site.config.base_url
    language = site.config.language
    site_path = f"{urls.FEED}.xml"
    author = site.config.title
    write_if_changed(outdir / site_path, render_feed(f"{author} – {_('Novidades')}", author, site_path, records,
                                                      texts, base_url, language))
    written = [site_path]
    for set_info in site.sets.values():
        path = f"{set_info.slug}/{urls.FEED}.xml"
        own = [r for r in records if r.set_slug == set_info.slug]
        write_if_changed(outdir / path, render_feed(f"{set_info.title} – {_('Novidades')}", author, path, own,
                                                     texts, base_url, language))
        written.append(path)
    _remove_stale(outdir, Path(app.doctreedir) / _STATE, written)


def _remove_stale(outdir: Path, state: Path, written: list[str]) -> None:
    """A removed set's feed goes with it (and the folder it leaves empty)."""
    try:
        previous = set(json.loads(state.read_text(encoding="utf-8")))
    except (OSError, ValueError):
        previous = set()
    for gone in sorted(previous - set(written)):
        remove_output_file(outdir, gone)
    state.write_text(json.dumps(sorted(written)), encoding="utf-8")


def setup_feeds(app: Sphinx) -> None:
    app.connect("build-finished", _write_feeds, priority=630)
