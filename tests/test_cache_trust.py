"""The cache is trusted only when consistent (issue 18, failure 8): a build killed at any write
leaves a cache whose next incremental build is byte-identical to a clean build; a file damaged
in the cache is never published; Sphinx failures are blamed on the right file (item 5)."""

from __future__ import annotations

import io
import os
from pathlib import Path
from typing import Any

import pytest

from kbgen import cachestate
from kbgen.commands.build import BuildOptions, build
from kbgen.commands.sitecheck import incomplete
from kbgen.exitcodes import ExitStatus
from kbgen.loading.walker import load_site

from . import fault_run
from .conftest import MINIMAL, copy_site

ARTICLE = "fiscal/nota-fiscal-eletronica/como-cancelar-uma-nfs-e"


def _files(out: Path) -> dict[str, bytes]:
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


def _write_files(folder: Path, files: dict[str, bytes]) -> Path:
    """``files`` (relative path → bytes, as :func:`_files` reads them) written under ``folder``."""
    for rel, data in files.items():
        (folder / rel).parent.mkdir(parents=True, exist_ok=True)
        (folder / rel).write_bytes(data)
    return folder


def _build(source: Path, work: Path, clean: bool = False) -> tuple[ExitStatus, str]:
    stream = io.StringIO()
    options = BuildOptions(source=source, out=work / "out", cache_dir=work / "cache", clean=clean)
    return build(options, stream).status, stream.getvalue()


@pytest.fixture(scope="module")
def clean_reference(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, bytes]]:
    work = tmp_path_factory.mktemp("trust")
    source = copy_site(MINIMAL, work / "content")
    status, output = _build(source, work)
    assert status == ExitStatus.OK, output
    return source, _files(work / "out")


def killed_build(source: Path, work: Path, at: int) -> int:
    """A --clean build in a forked child that dies at its ``at``-th write in the cache (status
    137), or finishes (status 0); with ``at=0``, the number of writes it made."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns into pytest
        try:
            os.close(read_end)
            counted = fault_run.install(str(work / "cache"), at)
            status, _ = _build(source, work, clean=True)
            os.write(write_end, str(counted()).encode())
            os._exit(int(status))
        except BaseException:
            os._exit(70)
    os.close(write_end)
    with os.fdopen(read_end, "rb") as reader:
        written = reader.read().decode()
    _, wait_status = os.waitpid(pid, 0)
    code = os.waitstatus_to_exitcode(wait_status)
    return int(written) if at == 0 and code == 0 else code


def test_a_build_killed_at_any_write_never_poisons_the_cache(clean_reference: tuple[Path, dict[str, bytes]],
                                                              tmp_path: Path) -> None:
    """Kill a full build at 20 points spread over every file it writes in the cache (copies of the
    sources, doctrees and Sphinx's state, pages, images, static files, search scripts, kbgen's
    records); the next plain incremental build must give exactly the clean build's bytes. The
    reproduced failure: the site published without _images/, or a page as an empty file, exit 0."""
    source, expected = clean_reference
    assert killed_build(source, tmp_path, 0) > 0  # a first build: the trials start from a warm cache
    writes = killed_build(source, tmp_path, 0)
    assert writes > 40
    points = sorted({1 + round(i * (writes - 1) / 19) for i in range(20)})
    assert len(points) >= 20
    for point in points:
        assert killed_build(source, tmp_path, point) == fault_run.KILLED, point
        status, output = _build(source, tmp_path)
        assert status == ExitStatus.OK, (point, output)
        assert _files(tmp_path / "out") == expected, f"the build after a kill at write {point}/{writes} differs"


def test_a_page_truncated_in_the_cache_is_rebuilt_not_published(clean_reference: tuple[Path, dict[str, bytes]],
                                                                tmp_path: Path) -> None:
    source, expected = clean_reference
    assert _build(source, tmp_path)[0] == ExitStatus.OK
    page = tmp_path / "cache" / "html" / f"{ARTICLE}.html"
    stat = page.stat()
    page.write_bytes(b"")
    os.utime(page, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))  # newer than its source, as after a kill
    status, output = _build(source, tmp_path)
    assert status == ExitStatus.OK, output
    assert "rebuilding every page" in output
    assert _files(tmp_path / "out") == expected


def _damage_without_a_trace(page: Path) -> None:
    """Same size, same time stamp, other bytes: only a hash sees it."""
    stat = page.stat()
    data = page.read_bytes()
    at = data.index(b"<title>") + len(b"<title>")
    page.write_bytes(data[:at] + (b"Y" if data[at:at + 1] == b"X" else b"X") + data[at + 1:])
    os.utime(page, ns=(stat.st_atime_ns, stat.st_mtime_ns))


def test_a_file_changed_in_the_cache_without_a_trace_is_not_published(
        clean_reference: tuple[Path, dict[str, bytes]], tmp_path: Path) -> None:
    """The damaged page must be copied (the output lost its copy): the hash at publishing sees it."""
    source, expected = clean_reference
    assert _build(source, tmp_path)[0] == ExitStatus.OK
    _damage_without_a_trace(tmp_path / "cache" / "html" / f"{ARTICLE}.html")  # the next build does not rewrite it
    (tmp_path / "out" / f"{ARTICLE}.html").unlink()
    before = _files(tmp_path / "out")
    status, output = _build(source, tmp_path)
    assert status == ExitStatus.CONTENT_ERROR
    assert f"{ARTICLE}.html in the cache is not what the build wrote" in output
    assert _files(tmp_path / "out") == before  # the previous site, untouched
    assert not [p for p in tmp_path.iterdir() if ".out.kbgen-new" in p.name]
    status, output = _build(source, tmp_path)  # the next build repairs the cache without --clean
    assert status == ExitStatus.OK, output
    assert _files(tmp_path / "out") == expected


def test_a_file_damaged_in_the_cache_never_reaches_the_output_even_when_its_copy_is_carried_over(
        clean_reference: tuple[Path, dict[str, bytes]], tmp_path: Path) -> None:
    """The output still holds the page as published: it is linked from there, the damaged bytes
    are not read, and the published site stays the clean build's."""
    source, expected = clean_reference
    assert _build(source, tmp_path)[0] == ExitStatus.OK
    _damage_without_a_trace(tmp_path / "cache" / "html" / f"{ARTICLE}.html")
    status, output = _build(source, tmp_path)
    assert status == ExitStatus.OK, output
    assert _files(tmp_path / "out") == expected


def test_an_incomplete_site_is_never_published(clean_reference: tuple[Path, dict[str, bytes]], tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """Whatever the cause, a site missing its images is an error, and the next build repairs it."""
    import shutil

    from kbgen.sphinx_ext import sphinx_run

    source, expected = clean_reference
    real = sphinx_run.run_sphinx

    def losing_images(site: Any, src: Path, out: Path, *args: Any, **kwargs: Any) -> Any:
        result = real(site, src, out, *args, **kwargs)
        shutil.rmtree(out / "_images")
        return result

    monkeypatch.setattr(sphinx_run, "run_sphinx", losing_images)
    status, output = _build(source, tmp_path)
    assert status == ExitStatus.CONTENT_ERROR
    assert "is incomplete" in output and "_images/cancelar.png, which is missing" in output
    assert not (tmp_path / "out").exists()
    monkeypatch.setattr(sphinx_run, "run_sphinx", real)
    status, output = _build(source, tmp_path)
    assert status == ExitStatus.OK, output
    assert _files(tmp_path / "out") == expected


def test_sitecheck_names_missing_empty_and_truncated_pages(clean_reference: tuple[Path, dict[str, bytes]],
                                                           tmp_path: Path) -> None:
    source, expected = clean_reference
    html = _write_files(tmp_path / "html", expected)
    site, _ = load_site(source)
    assert incomplete(html, site) == []
    # a redirect folder named like a page (alias "velho.html/") is no page: not read, not "truncated"
    (html / "velho.html").mkdir()
    (html / "velho.html" / "index.html").write_bytes(b"<!DOCTYPE html><html><p>redirect</p></html>")
    assert incomplete(html, site) == []
    (html / "index.html").unlink()
    (html / "conjuntos.html").write_bytes(b"")
    (html / "fiscal" / "index.html").write_bytes(expected["fiscal/index.html"][:500])
    found = incomplete(html, site)
    assert "index.html is missing" in found
    assert "conjuntos.html is empty" in found
    assert "fiscal/index.html is truncated" in found


def test_sitecheck_reads_again_only_what_changed_since_the_last_check(
        clean_reference: tuple[Path, dict[str, bytes]], tmp_path: Path) -> None:
    """Given the manifest of the last site that passed, pages recorded alike are not read again;
    a changed page is, and a file gone since (an image a page loads) makes every page read."""
    source, expected = clean_reference
    html = _write_files(tmp_path / "html", expected)
    site, _ = load_site(source)
    checked = cachestate.take_manifest(tmp_path, None)
    assert incomplete(html, site, checked, None) == []
    page = html / f"{ARTICLE}.html"
    data = page.read_bytes()
    stat = page.stat()
    page.write_bytes(data[:-len(b"</html>") - 5] + b"x" * (len(b"</html>") + 5))  # same size, another time
    os.utime(page, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))
    manifest = cachestate.take_manifest(tmp_path, checked)
    assert incomplete(html, site, manifest, checked) == [f"{ARTICLE}.html is truncated"]
    page.write_bytes(data)
    manifest = cachestate.take_manifest(tmp_path, checked)
    assert incomplete(html, site, manifest, checked) == []
    home = html / "index.html"  # damaged without a trace (publishing's hash catches that): not read
    home_stat = home.stat()
    home.write_bytes(b"x" * home_stat.st_size)
    os.utime(home, ns=(home_stat.st_atime_ns, home_stat.st_mtime_ns))
    assert incomplete(html, site, cachestate.take_manifest(tmp_path, checked), checked) == []
    assert incomplete(html, site, cachestate.take_manifest(tmp_path, checked), None) == ["index.html is truncated"]
    home.write_bytes(expected["index.html"])
    os.utime(home, ns=(home_stat.st_atime_ns, home_stat.st_mtime_ns))
    loaded = sorted(rel for rel in expected if rel.startswith("_images/") or rel.startswith("_static/kbgen.css"))
    assert loaded  # the minimal site's pages load images and the style sheet
    (html / loaded[0]).unlink()
    manifest = cachestate.take_manifest(tmp_path, checked)
    assert any(f"loads {loaded[0]}, which is missing" in item for item in incomplete(html, site, manifest, checked))


def test_the_completeness_check_is_recorded_with_its_manifest(tmp_path: Path) -> None:
    (tmp_path / "html").mkdir()
    (tmp_path / "html" / "a.html").write_text("<html></html>", encoding="utf-8")
    assert not cachestate.was_checked(tmp_path)
    cachestate.save_manifest(tmp_path, cachestate.take_manifest(tmp_path, None))
    assert not cachestate.was_checked(tmp_path)
    cachestate.mark_checked(tmp_path)
    assert cachestate.was_checked(tmp_path)
    (tmp_path / "html" / "b.html").write_text("<html></html>", encoding="utf-8")
    cachestate.save_manifest(tmp_path, cachestate.take_manifest(tmp_path, None))
    assert not cachestate.was_checked(tmp_path)  # another manifest: not the one that passed
    cachestate.mark_checked(tmp_path)
    cachestate.reset_output_side(tmp_path)
    assert not cachestate.was_checked(tmp_path)


def test_dirty_marker_and_manifest_round_trip(tmp_path: Path) -> None:
    (tmp_path / "html").mkdir()
    (tmp_path / "html" / "a.html").write_text("<html></html>", encoding="utf-8")
    assert not cachestate.is_dirty(tmp_path)
    cachestate.mark_dirty(tmp_path)
    assert cachestate.is_dirty(tmp_path)
    manifest = cachestate.take_manifest(tmp_path, None)
    cachestate.save_manifest(tmp_path, manifest)
    cachestate.clear_dirty(tmp_path)
    assert cachestate.load_manifest(tmp_path) == manifest
    assert cachestate.difference(tmp_path, manifest) is None
    (tmp_path / "html" / "b.html").write_text("x", encoding="utf-8")
    assert "b.html" in (cachestate.difference(tmp_path, manifest) or "")
    (tmp_path / MANIFEST_NAME).write_text("{broken", encoding="utf-8")
    assert cachestate.load_manifest(tmp_path) is None


MANIFEST_NAME = cachestate.MANIFEST


# --- item 5: a Sphinx failure is blamed on the file Sphinx was working on, never on kb.yml


def _failing(where: str, docname: str | None = None) -> Any:
    def handler(*args: Any) -> None:
        app = args[0]
        current = app.env.current_document.docname if where == "read" else args[1]
        if docname is None or current == docname:
            raise ValueError("falha simulada")
    return handler


def test_a_failure_while_reading_an_article_names_the_article(tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    from kbgen.sphinx_ext import catalogue

    source = copy_site(MINIMAL, tmp_path / "content")
    monkeypatch.setattr(catalogue, "_collect", _failing("read", ARTICLE))
    status, output = _build(source, tmp_path)
    assert status == ExitStatus.CONTENT_ERROR
    assert f"content/{ARTICLE}.md:1: the build failed:" in output and "falha simulada" in output
    assert "kb.yml" not in output


def test_a_failure_while_writing_an_article_names_the_article(tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    from kbgen.sphinx_ext import pages

    source = copy_site(MINIMAL, tmp_path / "content")
    real = pages._attach

    def attach(app: Any, pagename: str, *args: Any) -> Any:
        if pagename == ARTICLE:
            raise ValueError("falha simulada")
        return real(app, pagename, *args)

    monkeypatch.setattr(pages, "_attach", attach)
    status, output = _build(source, tmp_path)
    assert status == ExitStatus.CONTENT_ERROR
    assert f"content/{ARTICLE}.md:1: the build failed:" in output
    assert "kb.yml" not in output


def test_a_failure_outside_any_document_is_blamed_on_the_build(tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    from kbgen.sphinx_ext import incremental

    source = copy_site(MINIMAL, tmp_path / "content")
    monkeypatch.setattr(incremental, "_finished", lambda app, exc: (_ for _ in ()).throw(ValueError("falha")))
    status, output = _build(source, tmp_path)
    assert status == ExitStatus.CONTENT_ERROR
    assert output.startswith("(build): the build failed:"), output
    assert "kb.yml" not in output
