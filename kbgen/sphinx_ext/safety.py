"""Nothing an author writes can inject script into the site or reach outside the content.

* Templates are rendered with autoescaping on: titles, descriptions, tags, set and module
  names reach every page as text. Only the article body (HTML that docutils produced) is
  marked safe.
* Raw HTML (HTML blocks, inline HTML, HTML comments, the ``{raw}`` directive) is refused unless
  ``kb.yml`` has ``allow_raw_html: true``.
* ``{include}``, ``{literalinclude}`` and ``{raw}`` with a file or URL are disabled (docutils'
  ``file_insertion_enabled``) unless ``kb.yml`` has ``allow_file_insertion: true``; even then a
  path outside the content folder is refused.
* Links may use http, https, mailto and tel only (no ``javascript:``, ``data:``, ``file:`` …).
* Every file an article makes Sphinx publish (images, linked files, downloads) must be of an
  allow-listed passive type whose content matches its extension; SVGs are checked by
  :mod:`kbgen.svgsafe` (kbgen.assets).
"""

from __future__ import annotations

import posixpath
import re
from pathlib import Path

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import logging

from kbgen.assets import DOWNLOAD_TYPES, IMAGE_TYPES, content_problem
from kbgen.sphinx_ext.icon_policy import raw_icon_problem
from kbgen.sphinx_ext.locations import location_of
from kbgen.sphinx_ext.lost_links import ALLOWED_SCHEMES, SCHEMES_SHOWN, anchor_message, html_anchor
from kbgen.sphinx_ext.state import site_of

logger = logging.getLogger(__name__)

_SCHEME = re.compile(r"^([a-z][a-z0-9+.-]*):", re.IGNORECASE)



def _error(message: str, docname: str, node: nodes.Node, subtype: str, *args: object) -> None:
    # text an {include} brought in is reported at the included file's line
    logger.warning(message, *args, location=location_of(docname, node), type="kbgen", subtype=subtype)


def _configure(app: Sphinx) -> None:
    config = site_of(app.env).config
    # docutils reads these per document: off unless the site trusts its authors
    app.env.settings["file_insertion_enabled"] = config.allow_file_insertion
    app.env.settings["raw_enabled"] = config.allow_raw_html
    templates = getattr(app.builder, "templates", None)
    if templates is not None and hasattr(templates, "environment"):
        templates.environment.autoescape = True


def _check_doctree(app: Sphinx, doctree: nodes.document) -> None:
    env = app.env
    docname = env.docname
    config = site_of(env).config
    if not config.allow_raw_html:
        anchored: set[int] = set()  # parents of an <a name> anchor: its </a> needs no second message
        by_line: dict[object, list[nodes.raw]] = {}  # one message a line: translated pages tag every sentence
        for raw in doctree.findall(nodes.raw):
            anchor = html_anchor(raw.astext())
            if anchor:
                _error("%s", docname, raw, "error_raw_html", anchor_message(anchor, raw.astext()))
                anchored.add(id(raw.parent))
                continue
            if raw.astext().strip().lower() == "</a>" and id(raw.parent) in anchored:
                continue
            by_line.setdefault(str(location_of(docname, raw)), []).append(raw)
        for found in by_line.values():
            more = sorted({r.astext().strip()[:40] for r in found[1:]} - {found[0].astext().strip()[:40]})
            _error("raw HTML is not allowed in articles (found %r); write Markdown instead, or set "
                   "'allow_raw_html: true' in kb.yml for trusted authors%s", docname, found[0], "error_raw_html",
                   found[0].astext().strip()[:60],
                   f" ({len(found) - 1} more on this line: {', '.join(repr(m) for m in more[:3])}"
                   f"{' …' if len(more) > 3 else ''})" if len(found) > 1 else "")
    for reference in doctree.findall(nodes.reference):
        uri = reference.get("refuri", "")
        match = _SCHEME.match(uri)
        if match and match.group(1).lower() not in ALLOWED_SCHEMES:
            _error("link to %r: %s", docname, reference, "error_link_scheme", uri[:80], SCHEMES_SHOWN)
    content_root = Path(site_of(env).root).resolve()
    srcdir = Path(env.srcdir).resolve()
    for name in sorted(env.dependencies.get(docname, ())):
        # files read by {include}/{literalinclude} when trusted: never outside the content
        target = (srcdir / name).resolve()
        if srcdir not in target.parents and content_root not in target.parents:
            logger.warning("%r is outside the content folder: included files must be inside it", str(name),
                           location=(docname, 0), type="kbgen", subtype="error_include")
    for icon in doctree.findall(lambda n: isinstance(n, nodes.Element) and "svg" in n.attributes):
        # sphinx-design's icon nodes carry markup its HTML visitor writes raw
        problem = raw_icon_problem(str(icon["svg"]))
        if problem:
            _error("icon refused: %s; choose another icon", docname, icon, "error_markup", problem)
            icon.parent.remove(icon)
    _check_published_files(env, docname, doctree)


def _check_published_files(env: BuildEnvironment, docname: str, doctree: nodes.document) -> None:
    """Every local file an article makes Sphinx copy to ``_images/`` or ``_downloads/`` (kbgen.assets).

    Sphinx's ImageCollector and DownloadFileCollector copy what these two node types name, whatever
    made them (Markdown images and links, {image}, {figure}, {download}, sphinx-design's card images).
    """
    srcdir = Path(env.srcdir)
    for image in doctree.findall(nodes.image):
        candidates = image.get("candidates") or {}
        for uri in sorted(set(candidates.values()) or {image.get("uri", "")}):
            if not uri or "://" in uri or uri.startswith("data:") or not (srcdir / uri).is_file():
                continue  # remote images and missing files are reported by kbgen.sphinx_ext.images / Sphinx
            problem = content_problem(srcdir / uri, IMAGE_TYPES)
            if problem:
                _error("image %r: %s", docname, image, "error_asset", _shown(uri, docname), problem)
    for download in doctree.findall(addnodes.download_reference):
        target = download.get("reftarget", "")
        if not target or "://" in target or download.get("refuri"):
            continue
        _relative, absolute = env.relfn2path(target, docname)
        if not Path(absolute).is_file():
            continue  # Sphinx reports the missing file
        problem = content_problem(Path(absolute), DOWNLOAD_TYPES)
        if problem:
            _error("linked file %r: %s; to link to another article, link to its .md file", docname, download,
                   "error_asset", target, problem)


def _shown(uri: str, docname: str) -> str:
    """A path relative to the source folder, as the author wrote it (relative to the article)."""
    folder = posixpath.dirname(docname)
    return posixpath.relpath(uri, folder) if folder else uri


def setup_safety(app: Sphinx) -> None:
    app.connect("builder-inited", _configure, priority=600)  # after the site is attached (priority 100)
    app.connect("doctree-read", _check_doctree, priority=650)
