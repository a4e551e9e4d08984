"""Author files never become script: icons, logo, images and linked files (issue 18, items 1, 3, 4)."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from kbgen.assets import DOWNLOAD_TYPES, IMAGE_TYPES, content_problem
from kbgen.exitcodes import ExitStatus
from kbgen.loading.walker import load_site
from kbgen.svgsafe import UnsafeSvg, check_svg

from .conftest import MINIMAL, build_clean, kbgen, run_build

ARTICLE = "fiscal/nota-fiscal-eletronica/como-cancelar-uma-nfs-e"
MODULE_DIR = "fiscal/nota-fiscal-eletronica"
PNG = (MINIMAL / MODULE_DIR / "img" / "cancelar.png").read_bytes()
SVG_NS = 'xmlns="http://www.w3.org/2000/svg"'
PLAIN_SVG = f'<svg {SVG_NS} width="10" height="10"><rect width="10" height="10" fill="#123"/></svg>'


# --- the SVG allow-list -------------------------------------------------------------------------

HOSTILE_SVGS = {
    "namespace prefix script": '<s:svg xmlns:s="http://www.w3.org/2000/svg"><s:script>alert(1)</s:script></s:svg>',
    "entity-encoded javascript href": f'<svg {SVG_NS} xmlns:xlink="http://www.w3.org/1999/xlink">'
                                      '<a xlink:href="&#106;avascript:alert(1)"><rect width="1" height="1"/></a></svg>',
    "hex entity href": f'<svg {SVG_NS}><a href="&#x6A;avascript:alert(1)"><text>x</text></a></svg>',
    "xhtml script inside": f'<svg {SVG_NS}><h:script xmlns:h="http://www.w3.org/1999/xhtml">alert(1)</h:script>'
                           "</svg>",
    "doctype with entity": f'<!DOCTYPE svg [<!ENTITY x "javascript:">]><svg {SVG_NS}><a href="&x;a"/></svg>',
    "doctype alone": f'<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/'
                     f'svg11.dtd"><svg {SVG_NS}/>',
    "onload": f'<svg {SVG_NS} onload="alert(1)"/>',
    "upper-case event": f'<svg {SVG_NS}><rect ONCLICK="alert(1)"/></svg>',
    "foreignObject": f'<svg {SVG_NS}><foreignObject><div xmlns="http://www.w3.org/1999/xhtml">x</div>'
                     "</foreignObject></svg>",
    "use of another file": f'<svg {SVG_NS}><use href="https://evil.example/x.svg#a"/></svg>',
    "animate rewriting href": f'<svg {SVG_NS}><a href="#a"><animate attributeName="href" to="javascript:alert(1)"/>'
                              "</a></svg>",
    "set rewriting href": f'<svg {SVG_NS}><a href="#a"><set attributeName="href" to="javascript:alert(1)"/></a></svg>',
    "style element import": f'<svg {SVG_NS}><style>@import url(https://evil.example/x.css);</style></svg>',
    "style attribute url": f'<svg {SVG_NS}><rect style="fill: url(https://evil.example/track)"/></svg>',
    "presentation url": f'<svg {SVG_NS}><rect fill="url(http://evil.example/x#g)"/></svg>',
    "css escape": f'<svg {SVG_NS}><style>rect {{ fill: \\75rl(https://evil.example/x) }}</style></svg>',
    "xml-stylesheet": f'<?xml-stylesheet type="text/xsl" href="https://evil.example/x.xsl"?><svg {SVG_NS}/>',
    "external image": f'<svg {SVG_NS}><image href="https://evil.example/x.png"/></svg>',
    "svg data image": f'<svg {SVG_NS}><image href="data:image/svg+xml;base64,PHN2Zz4="/></svg>',
    "html root": "<html><script>alert(1)</script></html>",
    "svg without namespace": "<svg><script>alert(1)</script></svg>",
    "xlink:href on a tag with another prefix": f'<svg {SVG_NS} xmlns:l="http://www.w3.org/1999/xlink">'
                                               '<a l:href=" javascript:alert(1)"/></svg>',
    "not xml": "<svg><p>",
    "nested too deeply": f'<svg {SVG_NS}>' + "<g>" * 300 + "</g>" * 300 + "</svg>",
    "billion laughs": '<!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>'
                      f'<svg {SVG_NS}><text>&b;</text></svg>',
    "external entity": f'<!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]><svg {SVG_NS}><text>&x;</text></svg>',
}


@pytest.mark.parametrize("name", sorted(HOSTILE_SVGS))
def test_hostile_svg_is_refused(name: str) -> None:
    with pytest.raises(UnsafeSvg):
        check_svg(HOSTILE_SVGS[name].encode())


def test_drawing_program_svg_is_accepted() -> None:
    inkscape = (
        '<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n<!-- Created with Inkscape -->\n'
        f'<svg {SVG_NS} xmlns:xlink="http://www.w3.org/1999/xlink" '
        'xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape" '
        'xmlns:sodipodi="http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd" '
        'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:cc="http://creativecommons.org/ns#" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" width="64" height="64" viewBox="0 0 64 64" version="1.1" '
        'inkscape:version="1.2" sodipodi:docname="icone.svg">'
        '<sodipodi:namedview id="nv" pagecolor="#ffffff" inkscape:zoom="1"/>'
        "<metadata><rdf:RDF><cc:Work rdf:about=\"\"><dc:format>image/svg+xml</dc:format></cc:Work></rdf:RDF>"
        "</metadata>"
        '<defs><linearGradient id="g"><stop offset="0" stop-color="#1a5e9a"/></linearGradient></defs>'
        '<style>.a { fill: url(#g); stroke: #000 }</style>'
        '<g inkscape:label="Camada 1" inkscape:groupmode="layer" transform="translate(1,1)">'
        '<rect class="a" x="0" y="0" width="10" height="10" style="fill:url(&quot;#g&quot;);opacity:.5"/>'
        '<use xlink:title="t" fill="url(#g)"/>'
        '<a href="#g"><text xml:space="preserve">Nota</text></a>'
        '<image href="data:image/png;base64,iVBORw0KGgo=" width="1" height="1"/>'
        "</g></svg>"
    ).replace('<use xlink:title="t" fill="url(#g)"/>', '<path d="M0 0L1 1" xlink:title="t" fill="url(#g)"/>')
    check_svg(inkscape.encode())


# --- content sniffing ---------------------------------------------------------------------------

def _zip(entries: dict[str, bytes], stored_first: str | None = None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in entries.items():
            archive.writestr(name, data, zipfile.ZIP_STORED if name == stored_first else zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


GOOD_FILES = {
    "a.png": PNG, "a.jpg": b"\xff\xd8\xff\xe0rest", "a.JPEG": b"\xff\xd8\xff\xe1rest", "a.gif": b"GIF89a....",
    "a.webp": b"RIFF\x10\x00\x00\x00WEBPVP8 ", "a.svg": PLAIN_SVG.encode(), "a.ico": b"\x00\x00\x01\x00\x01\x00",
    "a.avif": b"\x00\x00\x00\x1cftypavif\x00", "a.pdf": b"%PDF-1.7\n...", "a.txt": "Olá, mundo\n".encode(),
    "a.csv": b"codigo;descricao\n1;<b>negrito</b>\n", "a.zip": _zip({"x.txt": b"x"}),
    "a.odt": _zip({"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<x/>"}, "mimetype"),
    "a.ods": _zip({"mimetype": b"application/vnd.oasis.opendocument.spreadsheet"}, "mimetype"),
    "a.docx": _zip({"[Content_Types].xml": b"<x/>", "word/document.xml": b"<x/>"}),
    "a.xlsx": _zip({"[Content_Types].xml": b"<x/>", "xl/workbook.xml": b"<x/>"}),
}
BAD_FILES = {
    "html.png": b"<!DOCTYPE html><script>alert(1)</script>", "html.jpg": b"<html>", "html.gif": b"<svg>",
    "html.webp": b"RIFF\x00\x00\x00\x00HTML", "html.pdf": b"<html>%PDF-", "page.txt": b"  <!DOCTYPE html><p>x",
    "script.txt": b"<script src=x></script>", "svg.csv": b"<svg onload=alert(1)>", "nul.txt": b"a\x00b",
    "html.zip": b"<html>", "zip.docx": _zip({"x.txt": b"x"}), "zip.odt": _zip({"mimetype": b"text/html"}),
    "page.html": b"<p>", "page.htm": b"<p>", "x.js": b"1", "x.mjs": b"1", "x.xml": b"<x/>", "x.xhtml": b"<x/>",
    "x.wasm": b"\x00asm", "noext": b"x", "x.svgz": b"\x1f\x8b", "x.swf": b"FWS", "x.css": b"a{}",
    "x.exe": b"MZ", "x.php": b"<?php", "x.shtml": b"<!--#exec-->", "x.html.": b"x",
}


@pytest.mark.parametrize("name", sorted(GOOD_FILES))
def test_allowed_files_pass(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(GOOD_FILES[name])
    assert content_problem(path, DOWNLOAD_TYPES) is None
    if path.suffix.lower() in IMAGE_TYPES:
        assert content_problem(path, IMAGE_TYPES) is None


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_refused_files(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(BAD_FILES[name])
    assert content_problem(path, DOWNLOAD_TYPES)
    assert content_problem(path, IMAGE_TYPES)


def test_documents_are_not_images(tmp_path: Path) -> None:
    path = tmp_path / "a.pdf"
    path.write_bytes(GOOD_FILES["a.pdf"])
    assert "cannot be published: only images" in (content_problem(path, IMAGE_TYPES) or "")


# --- icons and logo (failure 1) -----------------------------------------------------------------

def _line_of(path: Path, key: str) -> int:
    return next(n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                if line.startswith(f"{key}:"))


@pytest.mark.parametrize("icon, data, message", [
    ("kbgen.js", b"alert(1)", "'icon': expected an image"),
    ("kbgen-search-ui.js", b"alert(1)", "'icon': expected an image"),
    ("kbgen.css", b"body{}", "'icon': expected an image"),
    ("icone", PNG, "'icon': expected an image"),
    ("icone.png", b"<!DOCTYPE html><script>alert(1)</script>", "'icon': fiscal/icone.png: the file is not a real PNG"),
    ("icone.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
     "'icon': fiscal/icone.svg: SVG refused: the element <script> is not allowed"),
])
def test_hostile_icon_is_an_error_at_its_line(site: Path, icon: str, data: bytes, message: str) -> None:
    (site / "fiscal" / icon).write_bytes(data)
    set_file = site / "fiscal" / "_set.yml"
    set_file.write_text(set_file.read_text(encoding="utf-8") + f"icon: fiscal/{icon}\n", encoding="utf-8")
    _site, problems = load_site(site)
    line = _line_of(set_file, "icon")
    assert any(p.path == "content/fiscal/_set.yml" and p.line == line and message in p.message
               for p in problems.errors), [p.format() for p in problems.items]


def test_hostile_logo_fails_kbgen_check(site: Path, tmp_path: Path) -> None:
    (site / "logo.svg").write_text(HOSTILE_SVGS["namespace prefix script"], encoding="utf-8")
    kb = site / "kb.yml"
    kb.write_text(kb.read_text(encoding="utf-8") + "logo: logo.svg\n", encoding="utf-8")
    result = kbgen("check", "--source", str(site), "--cache-dir", str(tmp_path / "cache"), cwd=tmp_path)
    assert result.returncode == ExitStatus.CONTENT_ERROR, result.stderr
    line = _line_of(kb, "logo")
    assert f"content/kb.yml:{line}: 'logo': logo.svg: SVG refused: the element <script> is not allowed" \
        in result.stderr, result.stderr
    assert "Traceback" not in result.stderr


def test_icon_and_logo_never_shadow_kbgen_files(site: Path, tmp_path: Path) -> None:
    # legal images named like kbgen's own static files: before, they replaced the favicon and styles
    icon = PLAIN_SVG.replace("#123", "#321").encode()
    (site / "fiscal" / "kbgen-favicon.svg").write_bytes(icon)
    (site / "rh" / "kbgen.png").write_bytes(PNG)
    (site / "kbgen.png").write_bytes(PNG)
    for folder, name in (("fiscal", "kbgen-favicon.svg"), ("rh", "kbgen.png")):
        path = site / folder / "_set.yml"
        path.write_text(path.read_text(encoding="utf-8") + f"icon: {folder}/{name}\n", encoding="utf-8")
    kb = site / "kb.yml"
    kb.write_text(kb.read_text(encoding="utf-8") + "logo: kbgen.png\n", encoding="utf-8")
    out = build_clean(site, tmp_path)
    static = out / "_static"
    assert (static / "kbgen-favicon.svg").read_bytes() != icon
    assert not (static / "kbgen.png").exists()
    published = sorted(p.name for p in (static / "author").iterdir())
    assert len(published) == 2 and all(len(p.split(".")[0]) == 20 for p in published), published
    assert (static / "author" / next(p for p in published if p.endswith(".svg"))).read_bytes() == icon
    home = (out / "index.html").read_text(encoding="utf-8")
    svg_name = next(p for p in published if p.endswith(".svg"))
    png_name = next(p for p in published if p.endswith(".png"))
    assert f'src="_static/author/{svg_name}"' in home and f'src="_static/author/{png_name}"' in home
    article = (out / f"{ARTICLE}.html").read_text(encoding="utf-8")
    assert f'src="../../_static/author/{png_name}"' in article  # the logo, from a page two folders down
    # the icon edited in place: an incremental build links the new file and drops the old one
    (site / "fiscal" / "kbgen-favicon.svg").write_bytes(icon.replace(b"#321", b"#456"))
    out = build_clean(site, tmp_path)
    home = (out / "index.html").read_text(encoding="utf-8")
    new_svg = next(p.name for p in (out / "_static" / "author").iterdir() if p.suffix == ".svg")
    assert new_svg != svg_name and f'src="_static/author/{new_svg}"' in home
    assert len(list((out / "_static" / "author").iterdir())) == 2
    # the icon removed: its file goes too, the shared PNG (logo) stays
    path = site / "fiscal" / "_set.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("icon: fiscal/kbgen-favicon.svg\n", ""),
                    encoding="utf-8")
    out = build_clean(site, tmp_path)
    assert sorted(p.name for p in (out / "_static" / "author").iterdir()) == [png_name]


# --- linked files and images in articles (failures 3 and 4) -------------------------------------

LINKED = {
    "pagina.html": b"<script>alert(1)</script>", "ajuda.js": b"alert(1)", "modulo.mjs": b"export {}",
    "dados.xml": b"<x/>", "pagina.xhtml": b"<x/>", "app.wasm": b"\x00asm", "semextensao": b"x",
    "figura.svg": HOSTILE_SVGS["entity-encoded javascript href"].encode(), "falsa.pdf": b"<html>",
}


def test_linked_active_files_are_errors_at_their_line(site: Path, tmp_path: Path) -> None:
    folder = site / MODULE_DIR
    lines: dict[str, int] = {}
    path = site / f"{ARTICLE}.md"
    text = path.read_text(encoding="utf-8")
    for name, data in sorted(LINKED.items()):
        (folder / name).write_bytes(data)
        lines[name] = text.count("\n") + 2
        text += f"\n[Baixe {name}]({name})\n"
    lines["download-role"] = text.count("\n") + 2
    text += "\nUse {download}`ajuda.js`.\n"
    lines["image"] = text.count("\n") + 2
    text += "\n![Imagem](pagina.html)\n"
    lines["figure"] = text.count("\n") + 2
    text += "\n```{figure} figura.svg\n:alt: Figura\n```\n"
    lines["card"] = text.count("\n") + 2
    text += "\n:::{card} Cartão\n:img-top: ajuda.js\n:img-alt: Imagem\n\nTexto\n:::\n"
    path.write_text(text, encoding="utf-8")
    report, output = run_build(site, tmp_path)
    assert report.status == ExitStatus.CONTENT_ERROR, output
    where = f"content/{ARTICLE}.md"
    for name in LINKED:
        assert f"{where}:{lines[name]}: linked file {name!r}: " in output, (name, output)
    assert f"{where}:{lines['download-role']}: linked file 'ajuda.js': '.js' files cannot be published" in output
    assert f"{where}:{lines['image']}: image 'pagina.html': '.html' files cannot be published" in output
    assert f"{where}:{lines['figure']}: image 'figura.svg': SVG refused" in output, output
    assert f"{where}:{lines['card']}: image 'ajuda.js': '.js' files cannot be published" in output, output
    assert not (tmp_path / "out").exists()
    assert "Traceback" not in output


def test_allowed_downloads_are_published(site: Path, tmp_path: Path) -> None:
    folder = site / MODULE_DIR
    (folder / "modelo.pdf").write_bytes(GOOD_FILES["a.pdf"])
    (folder / "tabela.csv").write_bytes(GOOD_FILES["a.csv"])
    (folder / "planilha.xlsx").write_bytes(GOOD_FILES["a.xlsx"])
    path = site / f"{ARTICLE}.md"
    path.write_text(path.read_text(encoding="utf-8") + "\n[Modelo](modelo.pdf), [tabela](tabela.csv) e "
                    "{download}`planilha.xlsx`.\n", encoding="utf-8")
    out = build_clean(site, tmp_path)
    published = sorted(p.name for p in (out / "_downloads").rglob("*") if p.is_file())
    assert published == ["modelo.pdf", "planilha.xlsx", "tabela.csv"]
