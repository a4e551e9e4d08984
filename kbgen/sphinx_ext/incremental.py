"""Incremental builds that stay correct.

Sphinx re-reads changed sources and rewrites what it re-read. kbgen adds three things:

* pages that *show* other articles (set sidebar, related articles, the home page) are
  rewritten when what they show changed: each page's context is hashed
  (``env-get-updated``), so an edit to a title, tags, FAQ flag, ``_set.yml`` … rewrites
  exactly the pages whose output it changes;
* pages without a source (``html-collect-pages``) are skipped when their context is unchanged
  (:mod:`kbgen.sphinx_ext.pagedigests`, read by :mod:`kbgen.sphinx_ext.pages`);
* a document that produced a warning is read again next time (otherwise an incremental build
  would stop reporting it), and the outputs of removed articles and listing pages are deleted.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util.nodes import get_node_source

from kbgen.cachedir import write_atomically
from kbgen.sphinx_ext.catalogue import kbgen_domain, records_of
from kbgen.sphinx_ext.pagedigests import digest, remove_page, theme_fingerprint
from kbgen.sphinx_ext.pages import page_kinds
from kbgen.sphinx_ext.pages.article import article_context, article_sidebar, sidebar_key
from kbgen.sphinx_ext.pages.listings import fresh_tag_index
from kbgen.sphinx_ext.pages.registry import PageInput
from kbgen.sphinx_ext.state import site_of

_WARNED_FILE = "kbgen-warned.json"


def _updated(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """Unchanged documents whose page shows something that changed."""
    site = site_of(env)
    records = records_of(env)
    tags = fresh_tag_index(env)
    theme = theme_fingerprint()
    domain = kbgen_domain(env)
    old = dict(domain.page_digests)
    new: dict[str, str] = {}
    data = PageInput(site, records, lambda: tags)
    for kind in page_kinds(app):
        if kind.document and kind.pagename is not None:  # the home page (articles below)
            new[kind.pagename] = digest([theme, kind.build(data, kind.pagename)])
    # A module's articles share one sidebar: it is built and serialised once, and each page's
    # digest covers the sidebar's digest in its place (the same bytes, hashed once).
    sidebars: dict[tuple[str, int], tuple[dict[str, Any], str]] = {}
    for docname in records:
        key = sidebar_key(records, docname)
        if key not in sidebars:
            sidebar = article_sidebar(site, records, docname)
            sidebars[key] = sidebar, digest(sidebar)
        sidebar, sidebar_digest = sidebars[key]
        context = article_context(site, records, docname, tags, sidebar)
        new[docname] = digest([theme, {**context, "kbgen_sidebar": sidebar_digest}])
    domain.page_digests.clear()
    domain.page_digests.update(new)
    return sorted(d for d, value in new.items() if old.get(d) != value)


class _WarningTracker(logging.Handler):
    """Remembers which documents warned, so the next build reads them again."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.app: Sphinx | None = None
        self.docnames: set[str] = set()
        self.global_warning = False

    def start(self, app: Sphinx) -> None:
        self.app = app
        logging.getLogger("sphinx").addHandler(self)

    def finish(self, app: Sphinx, exception: Exception | None) -> None:
        if self.app is None:
            return
        logging.getLogger("sphinx").removeHandler(self)
        docnames = sorted(self.docnames)
        if self.global_warning:  # unknown origin: read everything again next time
            docnames = sorted(app.env.found_docs)
        write_atomically(Path(app.doctreedir) / _WARNED_FILE, json.dumps(docnames).encode("utf-8"))

    def emit(self, record: logging.LogRecord) -> None:
        if self.app is None:
            return
        docname = _docname_of(self.app, getattr(record, "location", None))
        if docname:
            self.docnames.add(docname)
        else:
            self.global_warning = True


def _docname_of(app: Sphinx, location: Any) -> str | None:
    env = app.env
    if isinstance(location, tuple):
        location = location[0]
    if isinstance(location, nodes.Node):
        location = get_node_source(location)
    if not isinstance(location, str) or not location:
        return None
    if location in env.all_docs or location in env.found_docs:
        return location
    path = location.rsplit(":", 1)[0] if location.rsplit(":", 1)[-1].isdigit() else location
    try:
        return env.path2doc(path)
    except (ValueError, TypeError):
        return None


def _outdated(app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str],
              removed: set[str]) -> list[str]:
    outdir = Path(app.outdir)
    for docname in removed:  # plain Sphinx leaves a deleted article's page published
        remove_page(outdir, docname)
    try:
        warned = json.loads((Path(app.doctreedir) / _WARNED_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        warned = []
    return sorted(set(warned) & env.found_docs)


def _finished(app: Sphinx, exception: Exception | None) -> None:
    if exception is None and app.builder.name == "kbgen":
        _remove_stale_images(app)


def _remove_stale_images(app: Sphinx) -> None:
    """Sphinx never deletes the copy of an image no article uses any more."""
    images = Path(app.outdir) / "_images"
    if not images.is_dir():
        return
    wanted = {unique for _docnames, unique in app.env.images.values()}
    for path in images.iterdir():
        if path.is_file() and path.name not in wanted:
            path.unlink()


def setup_incremental(app: Sphinx) -> None:
    tracker = _WarningTracker()  # one per build: its state lives in the handlers, not on the app
    app.connect("builder-inited", tracker.start)
    app.connect("env-get-outdated", _outdated)
    app.connect("env-get-updated", _updated)
    app.connect("build-finished", tracker.finish)
    app.connect("build-finished", _finished)
