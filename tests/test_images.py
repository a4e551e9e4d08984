"""Article images: the zoom view (a link to an in-page overlay) and smaller copies of wide images.

One site is built per module: the minimal fixture plus images drawn here with Pillow (no big
binaries in the repository): a wide screenshot (gets a copy), the same inside the author's link,
a narrow one (zoom, no copy) and the fixture's 120 × 80 image (neither).
"""

from __future__ import annotations

import random
import re
from html import unescape
from pathlib import Path

import pytest
from PIL import Image, ImageDraw

from kbgen.exitcodes import ExitStatus
from kbgen.loading.site_files import site_files
from kbgen.loading.walker import load_site
from kbgen.sphinx_ext import image_copies
from kbgen.sphinx_ext.image_copies import COPY_WIDTH, MIN_SOURCE_WIDTH, small_copy

from .conftest import MINIMAL, copy_site, run_build

ARTICLE = "fiscal/nota-fiscal-eletronica/como-cancelar-uma-nfs-e"
IMG = MINIMAL / "fiscal/nota-fiscal-eletronica/img"
WIDE_ALT = 'Tela "Cancelar" larga & completa'
BODY = f"""
![{WIDE_ALT}](img/tela-larga.png)

[![Tela larga com link do autor](img/tela-larga.png)](https://www.example.gov.br/ajuda)

![Tela estreita do sistema](img/tela-estreita.png)
"""


def screenshot(path: Path, size: tuple[int, int], seed: int = 0) -> None:
    """Something like a screenshot: flat colours, boxes and lines of 'text', which PNG compresses well."""
    image = Image.new("RGB", size, (246, 248, 250))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, size[0], 48), fill=(26, 94, 154))
    for row in range(60, size[1] - 20, 28):
        for column in range(16, size[0] - 200, 240):
            draw.rectangle((column, row, column + 200, row + 20), outline=(208, 215, 222), fill=(255, 255, 255))
            draw.text((column + 6, row + 4), f"Campo {row * 7 + column + seed}", fill=(31, 35, 40))
    image.save(path, "PNG", pnginfo=None)


def make_site(dest: Path) -> Path:
    site = copy_site(MINIMAL, dest)
    img = site / "fiscal/nota-fiscal-eletronica/img"
    screenshot(img / "tela-larga.png", (1600, 900))
    screenshot(img / "tela-estreita.png", (400, 200))
    article = site / f"{ARTICLE}.md"
    article.write_text(article.read_text(encoding="utf-8") + BODY, encoding="utf-8")
    return site


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    work = tmp_path_factory.mktemp("images")
    site = make_site(work / "content")
    report, output = run_build(site, work, strict=True)
    assert report.status == ExitStatus.OK and not report.problems, output
    return site, work


def _page(work: Path) -> str:
    return (work / "out" / f"{ARTICLE}.html").read_text(encoding="utf-8")


def _imgs(html: str) -> dict[str, str]:
    """Each inline <img> by its alt text (the zoom views' copies have alt="" and are left out)."""
    return {unescape(m.group(1)): m.group(0) for m in re.finditer(r'<img alt="([^"]+)"[^>]*>', html)}


def _copies(work: Path) -> list[Path]:
    return sorted((work / "out/_images/kbgen-small").glob("*"))


def test_only_the_wide_image_gets_a_smaller_copy(built: tuple[Path, Path]) -> None:
    site, work = built
    images = _imgs(_page(work))
    [copy] = _copies(work)  # one copy for the wide image, used twice; none for the narrow ones
    srcset = f"../../_images/kbgen-small/{copy.name} {COPY_WIDTH}w, ../../_images/tela-larga.png 1600w"
    for alt in (WIDE_ALT, "Tela larga com link do autor"):
        assert f'srcset="{srcset}"' in images[alt], images[alt]
        assert re.search(r'sizes="\(min-width: 60rem\) 760px, calc\(100vw - 2rem\)"', images[alt])
        assert 'width="1600"' in images[alt] and 'height="900"' in images[alt]  # the original's proportions
    for alt in ("Tela estreita do sistema", "Tela de cancelamento de NFS-e"):
        assert "srcset" not in images[alt]
    source = site / "fiscal/nota-fiscal-eletronica/img/tela-larga.png"
    with Image.open(copy) as small:
        assert small.format == "PNG" and small.size == (COPY_WIDTH, 540)
        assert not {"exif", "icc_profile", "dpi"} & set(small.info)
    assert copy.stat().st_size < source.stat().st_size / 2


def test_copies_are_published_files_of_the_site(built: tuple[Path, Path]) -> None:
    site_dir, work = built
    [copy] = _copies(work)
    site, problems = load_site(site_dir)
    assert not problems.errors
    # an alias can never take a copy's name: it lies in _images/, a folder the build owns
    assert site_files(site).owner_of(f"_images/kbgen-small/{copy.name}") == "_images/"
    manifest = (work / "cache/html-manifest.json").read_text(encoding="utf-8")
    assert f"_images/kbgen-small/{copy.name}" in manifest  # checked as it is published


def test_zoom_view_links_and_labels(built: tuple[Path, Path]) -> None:
    html = _page(built[1])
    links = re.findall(r'<a class="kb-zoom-link" id="kb-zoom-link-(\d+)" href="#kb-zoom-(\d+)" '
                       r'aria-label="([^"]*)"><img alt="([^"]*)"', html)
    # the wide image and the narrow one (wider than a phone's column); not the author's link, not the icon-size one
    assert [(a, b, unescape(alt)) for a, b, _label, alt in links] == [
        ("1", "1", WIDE_ALT), ("2", "2", "Tela estreita do sistema")]
    assert unescape(links[0][2]) == f"Ampliar imagem: {WIDE_ALT}"
    assert WIDE_ALT not in html  # the alt text is escaped in the label and the caption
    assert re.search(r'<a class="reference external" href="https://www.example.gov.br/ajuda"><img alt="Tela larga '
                     r'com link do autor"', html)
    for number, width, height in (("1", 1600, 900), ("2", 400, 200)):
        view = re.search(rf'<div class="kb-zoom" id="kb-zoom-{number}">(.*?)</figure>', html, re.DOTALL)
        assert view, number
        assert f'<a class="kb-zoom-close" href="#kb-zoom-link-{number}">Fechar</a>' in view[1]
        assert re.search(rf'<figcaption>[^<]+</figcaption>\n<img src="../../_images/tela-(larga|estreita).png" '
                         rf'alt="" width="{width}" height="{height}" loading="lazy" />', view[1]), view[1]
    captions = [unescape(c) for c in re.findall(r"<figcaption>(.*?)</figcaption>", html)]
    assert captions == [WIDE_ALT, "Tela estreita do sistema"]
    assert '_static/kbgen-zoom.js" defer></script>' in html
    other = (built[1] / "out/fiscal/nota-fiscal-eletronica/como-emitir-uma-nfs-e.html").read_text(encoding="utf-8")
    assert "kbgen-zoom.js" not in other  # a page without a zoom view does not load the script


def test_small_copy_rules(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    for width, expected in ((MIN_SOURCE_WIDTH - 1, None), (MIN_SOURCE_WIDTH, COPY_WIDTH)):
        source = tmp_path / f"w{width}.png"
        screenshot(source, (width, 300))
        copy = small_copy(source, (width, 300), cache)
        assert (copy.width if copy else None) == expected
    # never upscaled, JPEG stays JPEG, and a GIF (an animation, perhaps) is left alone
    photo = tmp_path / "foto.jpeg"
    exif = Image.Exif()
    exif[0x010F] = "Camera"  # the maker: metadata a copy must not carry
    Image.new("RGB", (2000, 1000), (200, 10, 10)).save(photo, "JPEG", quality=95, exif=exif)
    with Image.open(photo) as original:
        assert "exif" in original.info
    copy = small_copy(photo, (2000, 1000), cache)
    assert copy is not None and copy.name.endswith("-960w.jpg")
    with Image.open(cache / copy.name) as small:
        assert small.format == "JPEG" and small.size == (960, 480) and "exif" not in small.info
    gif = tmp_path / "anim.gif"
    Image.new("P", (2000, 100)).save(gif, "GIF")
    assert small_copy(gif, (2000, 100), cache) is None
    # a screenshot's copy has 256 colours (a full-colour resize would be larger than the original);
    # a photo saved as PNG keeps full colour
    copy = small_copy(tmp_path / f"w{MIN_SOURCE_WIDTH}.png", (MIN_SOURCE_WIDTH, 300), cache)
    assert copy is not None and copy.smaller
    with Image.open(cache / copy.name) as small:
        assert small.mode == "P"
    noise = tmp_path / "ruido.png"
    Image.frombytes("RGB", (1300, 200), random.Random(0).randbytes(1300 * 200 * 3)).save(noise, "PNG")
    copy = small_copy(noise, (1300, 200), cache)
    assert copy is not None
    with Image.open(cache / copy.name) as small:
        assert small.mode == "RGB" and small.size == (960, 148)


def test_incremental_build_reuses_and_removes_copies(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    site = make_site(tmp_path / "content")
    report, output = run_build(site, tmp_path, strict=True)
    assert report.status == ExitStatus.OK, output
    [first] = _copies(tmp_path)
    made: list[Path] = []
    real = image_copies._resized

    def counting(source: Path, size: tuple[int, int]) -> bytes | None:
        made.append(source)
        return real(source, size)

    monkeypatch.setattr(image_copies, "_resized", counting)
    article = site / f"{ARTICLE}.md"
    article.write_text(article.read_text(encoding="utf-8") + "\nMais um parágrafo.\n", encoding="utf-8")
    (tmp_path / "cache/html-manifest.json").unlink()  # a distrusted cache: every page is written again
    report, output = run_build(site, tmp_path, strict=True)
    assert report.status == ExitStatus.OK and "rebuilding every page" in output, output
    assert made == [] and _copies(tmp_path) == [first]  # cached by content: not resized again
    assert first.name in _page(tmp_path)
    screenshot(site / "fiscal/nota-fiscal-eletronica/img/tela-larga.png", (1600, 900), seed=1)
    report, output = run_build(site, tmp_path, strict=True)
    assert report.status == ExitStatus.OK, output
    [second] = _copies(tmp_path)
    assert len(made) == 1 and second.name != first.name
    assert second.name in _page(tmp_path) and first.name not in _page(tmp_path)
    assert [p.name for p in (tmp_path / "cache/image-copies").iterdir()] == [second.name]  # the old one pruned
