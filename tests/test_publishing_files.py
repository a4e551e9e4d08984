"""Moved articles (aliases → redirect pages, _redirects), sitemap.xml, robots.txt, Atom feeds,
canonical and OpenGraph tags."""

from __future__ import annotations

import os
import time
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest

from kbgen.alias_paths import normalise_alias, redirect_file
from kbgen.loading.walker import load_site

from .browser_support import serve
from .conftest import MINIMAL, build_clean, copy_site

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
CANCEL = "fiscal/nota-fiscal-eletronica/como-cancelar-uma-nfs-e"


def _add_aliases(site: Path, docname: str, aliases: str) -> None:
    path = site / f"{docname}.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("---\n", f"---\naliases: {aliases}\n", 1), encoding="utf-8")
    stamp = time.time() + 5
    os.utime(path, (stamp, stamp))


@pytest.mark.parametrize("alias, file", [
    ("velho/artigo.html", "velho/artigo.html"),
    ("hc/pt-br/articles/360012345-como-cancelar", "hc/pt-br/articles/360012345-como-cancelar/index.html"),
    ("suporte/antigo/", "suporte/antigo/index.html"),
    ("/kb/artigo.php", "kb/artigo.php"),
])
def test_redirect_file(alias: str, file: str) -> None:
    assert redirect_file(normalise_alias(alias)) == file


def test_redirect_pages_and_redirects_file(site: Path, tmp_path: Path) -> None:
    _add_aliases(site, CANCEL, "[hc/pt-br/articles/360012345-como-cancelar, velho/cancelar.html]")
    out = build_clean(site, tmp_path)
    page = (out / "hc/pt-br/articles/360012345-como-cancelar/index.html").read_text(encoding="utf-8")
    target = "../../../../fiscal/nota-fiscal-eletronica/como-cancelar-uma-nfs-e.html"
    assert f'<meta http-equiv="refresh" content="0; url={target}">' in page
    assert ('<link rel="canonical" href="https://ajuda.example.gov.br/fiscal/nota-fiscal-eletronica/'
            'como-cancelar-uma-nfs-e.html">') in page
    assert f'<a href="{target}">Como cancelar uma NFS-e?</a>' in page
    assert '<meta name="robots" content="noindex">' in page and "<script" not in page
    # its own icon, or the browser asks the host for /favicon.ico and logs a 404
    icon = '<link rel="icon" href="../../../../_static/kbgen-favicon.svg" type="image/svg+xml">'
    assert icon in page and (out / "_static" / "kbgen-favicon.svg").is_file()
    moved = (out / "velho" / "cancelar.html").read_text(encoding="utf-8")
    assert '<link rel="icon" href="../_static/kbgen-favicon.svg"' in moved
    assert (out / "_redirects").read_text(encoding="utf-8").splitlines() == [
        "/hc/pt-br/articles/360012345-como-cancelar /fiscal/nota-fiscal-eletronica/como-cancelar-uma-nfs-e.html 301",
        "/velho/cancelar.html /fiscal/nota-fiscal-eletronica/como-cancelar-uma-nfs-e.html 301",
    ]
    # an alias removed later takes its redirect page with it
    path = site / f"{CANCEL}.md"
    path.write_text(path.read_text(encoding="utf-8").replace(", velho/cancelar.html", ""), encoding="utf-8")
    stamp = time.time() + 10
    os.utime(path, (stamp, stamp))
    build_clean(site, tmp_path)
    assert not (out / "velho" / "cancelar.html").exists()


@pytest.mark.parametrize("aliases, message", [
    ("[fiscal/index.html]", "alias 'fiscal/index.html' would replace or block fiscal/index.html, a file kbgen writes"),
    ("[fiscal/nota-fiscal-eletronica/como-emitir-uma-nfs-e.html]", "would replace or block fiscal/nota-fiscal"),
    ("[_static/kbgen.css]", "names starting with '_' at the top of the site are kbgen's"),
    ("[sitemap.xml]", "would replace or block sitemap.xml"),
])
def test_alias_colliding_with_a_page(site: Path, aliases: str, message: str) -> None:
    _add_aliases(site, CANCEL, aliases)
    _site, problems = load_site(site)
    assert any(p.path == f"content/{CANCEL}.md" and p.line == 2 and message in p.message for p in problems.errors), \
        [p.format() for p in problems.items]


def test_alias_shared_by_two_articles(site: Path) -> None:
    _add_aliases(site, CANCEL, "[antigo/nfse]")
    _add_aliases(site, "fiscal/nota-fiscal-eletronica/como-emitir-uma-nfs-e", "[antigo/nfse/]")
    _site, problems = load_site(site)
    assert any("is also an alias of" in p.message for p in problems.errors)


@pytest.fixture(scope="module")
def redirect_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    work = tmp_path_factory.mktemp("redirects")
    site = copy_site(MINIMAL, work / "content")
    _add_aliases(site, CANCEL, "[hc/pt-br/articles/1-cancelar]")
    return build_clean(site, work)


def test_redirect_followed_in_chromium_under_strict_csp(browser: Any, redirect_site: Path) -> None:
    with serve(redirect_site, headers={"Content-Security-Policy": "default-src 'self'"}) as url:
        context = browser.new_context()
        page = context.new_page()
        violations: list[str] = []
        failed: list[str] = []
        page.on("console", lambda m: violations.append(m.text) if m.type == "error" else None)
        page.on("response", lambda r: failed.append(f"{r.status} {r.url}") if r.status >= 400 else None)
        page.goto(url + "hc/pt-br/articles/1-cancelar/")
        page.wait_for_url("**/como-cancelar-uma-nfs-e.html")
        assert page.locator("article h1").inner_text() == "Como cancelar uma NFS-e?"
        page.wait_for_load_state("load")
        assert not failed and not violations, (failed, violations)
        context.close()


def test_sitemap_is_complete_after_incremental_builds(site: Path, tmp_path: Path) -> None:
    def locations() -> set[str]:
        tree = ET.parse(tmp_path / "out" / "sitemap.xml")
        return {e.text or "" for e in tree.iter(f"{SITEMAP}loc")}

    build_clean(site, tmp_path)
    first = locations()
    base = "https://ajuda.example.gov.br/"
    assert f"{base}{CANCEL}.html" in first and f"{base}fiscal/index.html" in first
    assert f"{base}search.html" not in first and f"{base}404.html" not in first
    # articles, modules, sets, home/all sets/faq/channels/hand-off/accessibility (no page views: no mais-lidos)
    assert len(first) == 6 + 3 + 2 + 6
    new = site / "rh" / "folha-de-pagamento" / "como-consultar-o-holerite.md"
    new.write_text("---\ntitle: Como consultar o holerite?\n---\n\nNo portal.\n", encoding="utf-8")
    build_clean(site, tmp_path)  # incremental: only the new article is read
    assert locations() == first | {f"{base}rh/folha-de-pagamento/como-consultar-o-holerite.html"}
    (site / f"{CANCEL}.md").unlink()
    build_clean(site, tmp_path)
    assert f"{base}{CANCEL}.html" not in locations()
    robots = (tmp_path / "out" / "robots.txt").read_text(encoding="utf-8")
    assert robots == f"User-agent: *\nAllow: /\nSitemap: {base}sitemap.xml\n"


def test_no_sitemap_without_base_url(site: Path, tmp_path: Path) -> None:
    (site / "kb.yml").write_text("title: Ajuda\n", encoding="utf-8")
    out = build_clean(site, tmp_path)
    assert not (out / "sitemap.xml").exists()
    assert (out / "robots.txt").read_text(encoding="utf-8") == "User-agent: *\nAllow: /\n"
    feed = ET.parse(out / "fiscal" / "novidades.xml").getroot()
    entry = feed.find(f"{ATOM}entry")
    assert entry is not None
    assert entry.findtext(f"{ATOM}id", "").startswith("urn:kbgen:article:fiscal/")
    link = entry.find(f"{ATOM}link")
    assert link is not None and link.get("href", "").startswith("nota-fiscal-eletronica/")


def _check_atom(path: Path) -> list[Any]:
    root = ET.parse(path).getroot()
    assert root.tag == f"{ATOM}feed"
    for required in ("id", "title", "updated", "author"):
        assert root.find(f"{ATOM}{required}") is not None, required
    entries = root.findall(f"{ATOM}entry")
    for entry in entries:
        for required in ("id", "title", "updated", "link", "summary"):
            assert entry.find(f"{ATOM}{required}") is not None, required
        assert entry.findtext(f"{ATOM}updated", "").endswith("T00:00:00Z")
    stamps = [e.findtext(f"{ATOM}updated") for e in entries]
    assert stamps == sorted(stamps, reverse=True)
    assert root.findtext(f"{ATOM}updated") == (stamps[0] if stamps else "1970-01-01T00:00:00Z")
    return entries


def test_feeds_are_valid_atom(minimal_site: Path) -> None:
    entries = _check_atom(minimal_site / "novidades.xml")
    # only dated articles (the fixture dates one, outside git): never dated by the clock
    assert [e.findtext(f"{ATOM}title") for e in entries] == ["Como cancelar uma NFS-e?"]
    assert _check_atom(minimal_site / "rh" / "novidades.xml") == []
    assert len(_check_atom(minimal_site / "fiscal" / "novidades.xml")) == 1


def test_sample_feeds_are_valid_atom(sample_site: Path) -> None:
    entries = _check_atom(sample_site / "novidades.xml")
    assert 10 <= len(entries) <= 30
    for set_feed in sample_site.glob("*/novidades.xml"):
        _check_atom(set_feed)


def test_canonical_opengraph_and_noindex(minimal_site: Path) -> None:
    article = (minimal_site / f"{CANCEL}.html").read_text(encoding="utf-8")
    url = f"https://ajuda.example.gov.br/{CANCEL}.html"
    assert f'<link rel="canonical" href="{url}">' in article
    assert f'<meta property="og:url" content="{url}">' in article
    assert '<meta property="og:type" content="article">' in article
    assert '<meta property="og:title" content="Como cancelar uma NFS-e?">' in article
    assert '<meta name="description" content="Passo a passo para cancelar' in article
    assert "og:image" not in article
    assert 'rel="alternate" type="application/atom+xml" href="../../novidades.xml"' in article
    for page in ("search.html", "404.html"):
        assert '<meta name="robots" content="noindex">' in (minimal_site / page).read_text(encoding="utf-8")
    assert "noindex" not in article
    assert "canonical" not in (minimal_site / "404.html").read_text(encoding="utf-8")

