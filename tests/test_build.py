"""Building: the URL map, kbgen's pages, link and image errors, what is (not) published."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kbgen.exitcodes import ExitStatus

from .conftest import build_clean, run_build

ARTICLE = "fiscal/nota-fiscal-eletronica/como-cancelar-uma-nfs-e"


def _read(out: Path, page: str) -> str:
    return (out / page).read_text(encoding="utf-8")


def test_url_map(minimal_site: Path) -> None:
    for page in ["index.html", "conjuntos.html", "perguntas-frequentes.html", "404.html", "acessibilidade.html",
                 "fiscal/index.html", "rh/index.html", "fiscal/nota-fiscal-eletronica/index.html",
                 "fiscal/escrita-fiscal/index.html", "rh/folha-de-pagamento/index.html", f"{ARTICLE}.html",
                 "rh/folha-de-pagamento/etica-no-servico-publico.html"]:
        assert (minimal_site / page).is_file(), page


def test_no_sphinx_search_sources_or_inventory(minimal_site: Path) -> None:
    for name in ["_sources", "searchindex.js", "genindex.html", "objects.inv", ".buildinfo", ".doctrees"]:
        assert not (minimal_site / name).exists(), name
    # no page ships Sphinx's own search scripts
    assert "searchtools" not in _read(minimal_site, "index.html")
    assert "documentation_options" not in _read(minimal_site, f"{ARTICLE}.html")


def test_article_breadcrumb_and_sidebar(minimal_site: Path) -> None:
    html = _read(minimal_site, f"{ARTICLE}.html")
    crumbs = re.search(r'<nav class="kb-breadcrumb".*?</nav>', html, re.S)
    assert crumbs
    assert re.findall(r">([^<>]+)</a>", crumbs.group(0)) == ["Início", "Fiscal", "Nota Fiscal Eletrônica"]
    assert 'href="mailto:fiscal@example.gov.br"' in html
    assert "Um ticket de atendimento será aberto automaticamente." in html
    assert 'href="tel:+554830000001">(48) 3000-0001' in html  # the set's hours as data: a live status
    assert "<dt>segunda-feira a sexta-feira</dt>" in html and "<dd>8h–18h</dd>" in html and "data-kb-hours=" in html
    assert "Recursos Humanos" in html  # the other sets
    assert "<h1>Como cancelar uma NFS-e?" in html


def test_article_without_phone_or_hours_has_no_empty_labels(minimal_site: Path) -> None:
    html = _read(minimal_site, "rh/folha-de-pagamento/etica-no-servico-publico.html")
    assert "mailto:rh@example.gov.br" in html
    assert "Telefone:" not in html and "Horário:" not in html


def test_related_articles_same_module_first(minimal_site: Path) -> None:
    html = _read(minimal_site, f"{ARTICLE}.html")
    related = re.search(r'<section class="kb-related".*?</section>', html, re.S)
    assert related
    titles = re.findall(r'<a href="[^"]+">([^<]+)</a>', related.group(0))
    assert titles == ["Como emitir uma NFS-e?", "Perdi o prazo para cancelamento. É possível cancelar uma NFS-e?"]


def test_updated_date_from_front_matter(minimal_site: Path) -> None:
    html = _read(minimal_site, f"{ARTICLE}.html")
    assert '<time datetime="2026-10-14">14 de outubro de 2026</time>' in html


def test_images_have_size_and_lazy_loading(minimal_site: Path) -> None:
    html = _read(minimal_site, f"{ARTICLE}.html")
    img = re.search(r"<img [^>]*>", html.split('class="kb-article"', 1)[1])
    assert img
    tag = img.group(0)
    for attribute in ['alt="Tela de cancelamento de NFS-e"', 'width="120"', 'height="80"', 'loading="lazy"']:
        assert attribute in tag, tag
    assert (minimal_site / "_images" / "cancelar.png").is_file()


def test_set_page_lists_modules_with_counts(minimal_site: Path) -> None:
    html = _read(minimal_site, "fiscal/index.html")
    assert "Nota Fiscal Eletrônica" in html and "Todos os artigos (3)" in html and "Todos os artigos (1)" in html
    assert "Você está em" in html


def test_set_page_caps_articles_at_five(site: Path, tmp_path: Path) -> None:
    module = site / "fiscal" / "escrita-fiscal"
    for i in range(7):
        (module / f"artigo-{i}.md").write_text(f"---\ntitle: Artigo {i}\n---\n\nTexto {i}.\n", encoding="utf-8")
    out = build_clean(site, tmp_path)
    html = _read(out, "fiscal/index.html")
    block = html.split('id="kb-module-2"', 1)[1].split("</section>", 1)[0]
    assert block.count("<li>") == 5
    assert "Todos os artigos (8)" in block
    module_page = _read(out, "fiscal/escrita-fiscal/index.html")
    assert module_page.count('class="kb-article-list"') == 1 and module_page.count("Artigo ") >= 7


def test_home_tiles_and_faq(minimal_site: Path) -> None:
    html = _read(minimal_site, "index.html")
    assert "Com o que você precisa de ajuda?" in html
    assert "4 artigos" in html and "2 artigos" in html
    faq = html.split('aria-labelledby="kb-faq-title"', 1)[1].split("</section>", 1)[0]
    assert faq.count("<li><a href=") == 2  # two faq: true articles, in the one list of articles
    assert faq.count('class="kb-article-description"') == 2
    assert 'href="conjuntos.html"' in html


def test_faq_page_grouped_by_set(minimal_site: Path) -> None:
    html = _read(minimal_site, "perguntas-frequentes.html")
    main = html.split('id="kb-main"', 1)[1]
    assert main.index("Fiscal") < main.index("Como cancelar uma NFS-e?")
    assert "Como declarar/protocolar declaração sem movimento?" in main
    assert "Recursos Humanos" not in main.split("</main>")[0].split("kb-sidebar")[0].replace(
        'aria-label="Outros conjuntos"', "")


def test_404_links_start_from_the_hosts_root(minimal_site: Path) -> None:
    # served at any depth on any host the site is copied to: base_url's path, never its host
    html = _read(minimal_site, "404.html")
    assert 'href="/_static/kbgen.css"' in html
    assert 'href="/index.html"' in html
    assert 'content="noindex"' in html
    hrefs = re.findall(r'(?:href|src|action)="([^"#]+)"', html)
    assert hrefs and all(h.startswith(("/", "mailto:")) and not h.startswith("//") for h in hrefs), hrefs
    assert "ajuda.example.gov.br" not in html


def test_404_under_a_path_links_from_that_path(site: Path, tmp_path: Path) -> None:
    kb = site / "kb.yml"
    kb.write_text(kb.read_text(encoding="utf-8").replace("https://ajuda.example.gov.br/",
                                                         "https://portal.example.gov.br/central/ajuda"),
                  encoding="utf-8")
    html = _read(build_clean(site, tmp_path), "404.html")
    hrefs = re.findall(r'(?:href|src|action)="([^"#]+)"', html)
    assert 'href="/central/ajuda/_static/kbgen.css"' in html and 'src="/central/ajuda/_static/kbgen.js"' in html
    assert all(h.startswith(("/central/ajuda/", "mailto:")) for h in hrefs), hrefs
    assert "portal.example.gov.br" not in html


def test_404_without_base_url_links_from_the_root(site: Path, tmp_path: Path) -> None:
    (site / "kb.yml").write_text("title: Ajuda\n", encoding="utf-8")
    out = build_clean(site, tmp_path)
    assert 'href="/_static/kbgen.css"' in _read(out, "404.html")


def test_pages_link_relatively(minimal_site: Path) -> None:
    html = _read(minimal_site, f"{ARTICLE}.html")
    assert 'href="../../_static/kbgen.css"' in html and 'href="../../index.html"' in html


@pytest.mark.parametrize("body, message", [
    ("[quebrado](nao-existe.md)", "broken link to 'nao-existe.md'"),
    ("[âncora](como-emitir-uma-nfs-e.md#nao-existe)", "broken link to #nao-existe"),
    ("![Tela](img/faltando.png)", "image 'fiscal/nota-fiscal-eletronica/img/faltando.png' not found"),
    ("![](img/cancelar.png)", "has no alt text"),
    ("![Logo](https://cdn.example.com/logo.png)", "remote image 'https://cdn.example.com/logo.png'"),
])
def test_broken_links_and_images_are_errors(site: Path, tmp_path: Path, body: str, message: str) -> None:
    path = site / f"{ARTICLE}.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(text + f"\n{body}\n", encoding="utf-8")
    line = text.count("\n") + 2
    report, output = run_build(site, tmp_path)  # not --strict: these are errors anyway
    assert report.status == ExitStatus.CONTENT_ERROR, output
    assert f"content/{ARTICLE}.md:{line}: " in output and message in output, output
    assert not (tmp_path / "out").exists()  # nothing published


def test_broken_link_is_reported_again_by_the_next_build(site: Path, tmp_path: Path) -> None:
    path = site / f"{ARTICLE}.md"
    path.write_text(path.read_text(encoding="utf-8") + "\n[quebrado](nao-existe.md)\n", encoding="utf-8")
    first, _ = run_build(site, tmp_path)
    second, output = run_build(site, tmp_path)
    assert first.status == second.status == ExitStatus.CONTENT_ERROR
    assert "broken link to 'nao-existe.md'" in output


def test_valid_links_resolve_relative_to_the_article(minimal_site: Path) -> None:
    html = _read(minimal_site, f"{ARTICLE}.html")
    assert 'href="como-emitir-uma-nfs-e.html"' in html


def test_parallel_build_matches_serial(site: Path, tmp_path: Path) -> None:
    serial = build_clean(site, tmp_path / "serial")
    parallel = build_clean(site, tmp_path / "parallel", jobs=2)
    files = sorted(p.relative_to(serial) for p in serial.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(parallel) for p in parallel.rglob("*") if p.is_file())
    for rel in files:
        assert (serial / rel).read_bytes() == (parallel / rel).read_bytes(), rel


def test_strict_fails_on_warnings(site: Path, tmp_path: Path) -> None:
    path = site / f"{ARTICLE}.md"
    path.write_text(path.read_text(encoding="utf-8") + "\n#### Nível pulado\n", encoding="utf-8")
    lenient, output = run_build(site, tmp_path / "a")
    assert lenient.status == ExitStatus.OK and "warning:" in output
    strict, output = run_build(site, tmp_path / "b", strict=True)
    assert strict.status == ExitStatus.CONTENT_ERROR, output
    assert "nothing was published" in output and not (tmp_path / "b" / "out").exists()


def test_heavy_image_is_a_warning(site: Path, tmp_path: Path) -> None:
    import struct
    import zlib

    rows = b"".join(b"\x00" + bytes(range(256)) * 3 * 4 for _ in range(400))  # incompressible-ish 1024x400
    png = (b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", struct.pack(">IIBBBBB", 1024, 400, 8, 2, 0, 0, 0))
           + _chunk(b"IDAT", zlib.compress(rows, 0)) + _chunk(b"IEND", b""))
    assert len(png) > 300 * 1024
    (site / "fiscal/nota-fiscal-eletronica/img/pesada.png").write_bytes(png)
    path = site / f"{ARTICLE}.md"
    path.write_text(path.read_text(encoding="utf-8") + "\n![Tela pesada](img/pesada.png)\n", encoding="utf-8")
    lenient, output = run_build(site, tmp_path / "a")
    assert lenient.status == ExitStatus.OK
    assert "image 'img/pesada.png' is 1" in output and "keep screenshots under 300 KB" in output
    strict, _ = run_build(site, tmp_path / "b", strict=True)
    assert strict.status == ExitStatus.CONTENT_ERROR


def _chunk(kind: bytes, data: bytes) -> bytes:
    import struct
    import zlib

    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
