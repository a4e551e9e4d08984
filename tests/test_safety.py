"""Hostile or careless content cannot inject script into the site or read outside the content."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from kbgen.exitcodes import ExitStatus

from .conftest import build_clean, run_build

ARTICLE = "fiscal/nota-fiscal-eletronica/como-cancelar-uma-nfs-e"
PAYLOAD = '"><script>alert(1)</script><img src=x onerror=alert(2)>'


def _append(site: Path, text: str) -> int:
    path = site / f"{ARTICLE}.md"
    body = path.read_text(encoding="utf-8")
    path.write_text(body + "\n" + text + "\n", encoding="utf-8")
    return body.count("\n") + 2  # line of the appended text


@pytest.mark.parametrize("snippet, found", [
    ("<!-- nota interna: senha do banco -->", "<!-- nota interna"),
    ("Texto com <b>negrito</b>.", "<b>"),
    ("<div onclick=\"alert(1)\">clique</div>", "<div onclick"),
])
def test_raw_html_is_refused_at_its_line(site: Path, tmp_path: Path, snippet: str, found: str) -> None:
    line = _append(site, snippet)
    report, output = run_build(site, tmp_path)
    assert report.status == ExitStatus.CONTENT_ERROR
    assert f"content/{ARTICLE}.md:{line}: raw HTML is not allowed in articles (found '{found}" in output, output
    assert not (tmp_path / "out").exists()


def test_raw_html_allowed_for_trusted_authors(site: Path, tmp_path: Path) -> None:
    (site / "kb.yml").write_text((site / "kb.yml").read_text(encoding="utf-8") + "allow_raw_html: true\n",
                                 encoding="utf-8")
    _append(site, "Texto com <kbd>Ctrl</kbd>.")
    out = build_clean(site, tmp_path)
    assert "<kbd>Ctrl</kbd>" in (out / f"{ARTICLE}.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("directive", ["{include} ../../kb.yml", "{literalinclude} ../../kb.yml",
                                       "{raw} html\n:file: ../../kb.yml", "{raw} html\n<script>alert(1)</script>",
                                       "{eval-rst}\n.. raw:: html\n   :url: https://example.com/x.html"])
def test_file_and_raw_directives_are_disabled(site: Path, tmp_path: Path, directive: str) -> None:
    line = _append(site, f"```{directive}\n```")
    report, output = run_build(site, tmp_path)
    assert report.status == ExitStatus.CONTENT_ERROR, output
    assert f"content/{ARTICLE}.md:{line}" in output or f"content/{ARTICLE}.md:{line + 1}" in output, output
    assert ("directive cannot read files here" in output or "raw HTML is not allowed" in output
            or "articles include shared fragments from content/_includes/ only" in output), output  # {include}


def test_trusted_include_stays_inside_the_content(site: Path, tmp_path: Path) -> None:
    (site / "kb.yml").write_text((site / "kb.yml").read_text(encoding="utf-8") + "allow_file_insertion: true\n",
                                 encoding="utf-8")
    (site / "fiscal" / "nota-fiscal-eletronica" / "trecho.txt").write_text("Trecho incluído.\n", encoding="utf-8")
    secret = tmp_path / "segredo.txt"
    secret.write_text("SEGREDO\n", encoding="utf-8")
    _append(site, "```{literalinclude} trecho.txt\n```")
    out = build_clean(site, tmp_path / "ok")
    assert "incluído" in (out / f"{ARTICLE}.html").read_text(encoding="utf-8")
    staged_dir = tmp_path / "bad" / "cache" / "src" / "fiscal" / "nota-fiscal-eletronica"
    for target in (os.path.relpath(secret, staged_dir), str(secret)):
        path = site / f"{ARTICLE}.md"
        path.write_text(path.read_text(encoding="utf-8") + f"\n```{{literalinclude}} {target}\n```\n",
                        encoding="utf-8")
        report, output = run_build(site, tmp_path / "bad")
        assert report.status == ExitStatus.CONTENT_ERROR, output
        assert "is outside the content folder" in output or "not found or reading it failed" in output, output
        assert not (tmp_path / "bad" / "out").exists()  # the file's text is never published


@pytest.mark.parametrize("uri", ["file:///etc/passwd", "ftp://arquivos.example.gov.br/x", "vbscript:msgbox",
                                 "javascript:alert(1)", "data:text/html,oi", "JavaScript:alert(1)"])
def test_only_safe_link_schemes(site: Path, tmp_path: Path, uri: str) -> None:
    """Every other scheme is an error at its line, whether markdown-it made it a link (ftp:) or left
    it on the page as plain text (javascript:, vbscript:, file:, data:): nothing is lost in silence."""
    line = _append(site, f"Veja <{uri}> ou [aqui]({uri}).")
    report, output = run_build(site, tmp_path)
    assert report.status == ExitStatus.CONTENT_ERROR, output
    expected = f"content/{ARTICLE}.md:{line}: link to '{uri}': only http, https, mailto and tel links are allowed"
    assert expected in output, output
    assert "broken link" not in output, output
    assert not (tmp_path / "out").exists()


def test_safe_link_schemes_pass(site: Path, tmp_path: Path) -> None:
    _append(site, "[E-mail](mailto:fiscal@example.gov.br), [telefone](tel:+554830000001), "
                  "[portal](https://portal.example.gov.br/).")
    build_clean(site, tmp_path)


def test_svg_with_script_is_refused(site: Path, tmp_path: Path) -> None:
    svg = site / "fiscal" / "nota-fiscal-eletronica" / "img" / "diagrama.svg"
    svg.write_text('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect width="10" height="10"/></svg>',
                   encoding="utf-8")
    line = _append(site, "![Diagrama do fluxo](img/diagrama.svg)")
    report, output = run_build(site, tmp_path)
    assert report.status == ExitStatus.CONTENT_ERROR
    assert f"content/{ARTICLE}.md:{line}: image 'img/diagrama.svg': SVG refused" in output, output
    assert "the attribute 'onload' is not allowed" in output, output
    svg.write_text('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/>'
                   "</svg>", encoding="utf-8")
    build_clean(site, tmp_path / "ok")


def test_author_text_is_escaped_on_every_page(site: Path, tmp_path: Path) -> None:
    path = site / f"{ARTICLE}.md"
    text = path.read_text(encoding="utf-8")
    text = text.replace("title: Como cancelar uma NFS-e?", f"title: 'Cancelar {PAYLOAD}'")
    text = re.sub(r"description: .*", f"description: 'Resumo {PAYLOAD}'", text, count=1)
    text = text.replace("tags: [nfs-e, cancelamento]", "tags: [a&b, cancelamento]")  # < > and quotes are refused
    path.write_text(text, encoding="utf-8")
    set_file = site / "fiscal" / "_set.yml"
    set_text = set_file.read_text(encoding="utf-8").replace("title: Fiscal", f"title: 'Fiscal {PAYLOAD}'")
    set_file.write_text(re.sub(r"hours: .*", f"hours: '{PAYLOAD} Segunda'", set_text), encoding="utf-8")
    module_file = site / "fiscal" / "escrita-fiscal" / "_module.yml"
    module_file.write_text(f"title: 'Escrita {PAYLOAD}'\ndescription: '{PAYLOAD}'\n", encoding="utf-8")
    kb = site / "kb.yml"
    kb.write_text(kb.read_text(encoding="utf-8").replace("title: Central de Ajuda de Teste", f"title: '{PAYLOAD}'"),
                  encoding="utf-8")
    out = build_clean(site, tmp_path)
    pages = list(out.rglob("*.html"))
    assert len(pages) > 10
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert "<script>alert" not in html and "<img src=x" not in html and "a&b" not in html, page
        assert not re.search(r'="[^"]*"><script', html), page
    home = (out / "index.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in home


@pytest.mark.parametrize("key", ["html_meta", "substitutions", "myst"])
def test_myst_front_matter_extras_are_refused(site: Path, key: str) -> None:
    from kbgen.loading.walker import load_site

    path = site / f"{ARTICLE}.md"
    path.write_text(path.read_text(encoding="utf-8").replace("faq: true", f"faq: true\n{key}:\n  x: '<script>'"),
                    encoding="utf-8")
    _site, problems = load_site(site)
    assert any(f"unknown key {key!r} in front matter" in p.message for p in problems.errors)


@pytest.mark.parametrize("target", ["../../../../../etc/hostname", "/etc/hostname", "../../kb.yml"])
def test_image_and_link_paths_cannot_leave_the_content(site: Path, tmp_path: Path, target: str) -> None:
    line = _append(site, f"![Imagem]({target}.png) e [ligação]({target}.md)")
    report, output = run_build(site, tmp_path)
    assert report.status == ExitStatus.CONTENT_ERROR, output
    assert f"content/{ARTICLE}.md:{line}: image" in output and "not found" in output, output
    assert f"content/{ARTICLE}.md:{line}: broken link" in output, output
    assert not (tmp_path / "out").exists()
