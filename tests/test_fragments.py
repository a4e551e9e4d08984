"""Shared fragments without kb.yml's trusted switch (issue 21, 5): ``{include}`` reads files of
content/_includes/ only, checked before anything reads them (kbgen.sphinx_ext.fragments).

Hostile paths: ``../`` escapes, absolute paths, docutils' standard files, symbolic links (to inside
and outside), a pipe, a device, a huge file, a fragment including itself or a loop of fragments.
Each is an error at the article's (or the including fragment's) line, the build stops, and nothing
hangs or is read."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from kbgen.exitcodes import ExitStatus
from kbgen.sphinx_ext.fragments import MAX_DEPTH
from kbgen.sphinx_ext.staging import FRAGMENT_BYTES

from .conftest import build_clean, run_build

CANCEL = "fiscal/nota-fiscal-eletronica/como-cancelar-uma-nfs-e"
ARTICLE = f"content/{CANCEL}.md"
SECRET = "SEGREDO-FORA-DO-CONTEUDO"


def _fragment(site: Path, name: str, text: str) -> Path:
    path = site / "_includes" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def _include(site: Path, argument: str, options: str = "") -> int:
    """Append an {include} of ``argument`` to the article; return its line."""
    path = site / f"{CANCEL}.md"
    before = path.read_text(encoding="utf-8").rstrip("\n") + "\n\n"
    path.write_text(before + f"```{{include}} {argument}\n{options}```\n", encoding="utf-8")
    return before.count("\n") + 1


def _refused(site: Path, tmp_path: Path, path: str, line: int, *expected: str) -> str:
    report, output = run_build(site, tmp_path)
    assert report.status == ExitStatus.CONTENT_ERROR, output
    found = [p for p in report.problems if p.path == path and p.line == line]
    assert found and all(any(text in p.message for p in found) for text in expected), output
    assert all(p.severity.name == "ERROR" for p in found), output
    assert SECRET not in output and "cache/src" not in output, output
    assert not (tmp_path / "out").exists()
    return output


def test_a_fragment_needs_no_trusted_switch(site: Path, tmp_path: Path) -> None:
    assert "allow_file_insertion" not in (site / "kb.yml").read_text(encoding="utf-8")
    _fragment(site, "prazo.md", "O prazo é de **2 dias úteis**.\n")
    _fragment(site, "sub/rodape.md", "Rodapé em uma subpasta.\n")
    _fragment(site, "exemplo.html", "<script>alert(1)</script>\n")
    _include(site, "/_includes/prazo.md")
    _include(site, "../../_includes/sub/rodape.md")
    _include(site, "/_includes/exemplo.html", ":literal:\n")
    page = (build_clean(site, tmp_path) / f"{CANCEL}.html").read_text(encoding="utf-8")
    assert "<strong>2 dias úteis</strong>" in page and "Rodapé em uma subpasta." in page
    assert "<script>alert" not in page and 'script</span><span class="o">&gt;' in page  # :literal: is escaped text


def test_a_fragment_including_another_fragment(site: Path, tmp_path: Path) -> None:
    _fragment(site, "externo.md", "Antes.\n\n```{include} /_includes/interno.md\n```\n\nDepois.\n")
    _fragment(site, "interno.md", "Texto **interno**.\n")
    _include(site, "/_includes/externo.md")
    page = (build_clean(site, tmp_path) / f"{CANCEL}.html").read_text(encoding="utf-8")
    assert page.index("Antes.") < page.index("<strong>interno</strong>") < page.index("Depois.")


@pytest.mark.parametrize("argument", [
    "../../kb.yml",  # the content folder, outside _includes/
    "../../../segredo.txt",  # outside the content folder
    "/_includes/../kb.yml",  # an escape written inside the allowed folder
    "../../_includes/../../segredo.txt",
    "/etc/passwd",  # absolute: relative to the content folder, and not in _includes/
    "../../../../../../../../../../etc/passwd",
    "../../../../../../../../../../dev/zero",
    "<isonum.txt>",  # docutils' standard files
    "como-emitir-uma-nfs-e.md",  # another article of the same set
])
def test_a_path_outside_includes_is_refused_before_reading(site: Path, tmp_path: Path, argument: str) -> None:
    (site.parent / "segredo.txt").write_text(SECRET, encoding="utf-8")
    (site / "_includes").mkdir()
    line = _include(site, argument)
    _refused(site, tmp_path, ARTICLE, line, "'allow_file_insertion: true'" if "<" not in argument else
             "standard files are not content")


def test_the_trusted_switch_still_reads_the_set_folders(site: Path, tmp_path: Path) -> None:
    with (site / "kb.yml").open("a", encoding="utf-8") as fh:
        fh.write("allow_file_insertion: true\n")
    (site / "fiscal" / "nota-fiscal-eletronica" / "trecho.txt").write_text("Trecho do conjunto.\n", encoding="utf-8")
    _include(site, "trecho.txt")
    assert "Trecho do conjunto." in (build_clean(site, tmp_path) / f"{CANCEL}.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("target", ["inside", "outside"])
def test_a_symbolic_link_in_includes_is_refused(site: Path, tmp_path: Path, target: str) -> None:
    real = _fragment(site, "real.md", "Texto real.\n") if target == "inside" else site.parent / "segredo.md"
    if target == "outside":
        real.write_text(SECRET, encoding="utf-8")
        (site / "_includes").mkdir()
    (site / "_includes" / "atalho.md").symlink_to(real)
    line = _include(site, "/_includes/atalho.md")
    _refused(site, tmp_path, ARTICLE, line, "content/_includes/atalho.md is (or lies behind) a symbolic link")


def test_a_symbolic_link_to_a_folder_is_refused(site: Path, tmp_path: Path) -> None:
    (site.parent / "fora").mkdir()
    (site.parent / "fora" / "x.md").write_text(SECRET, encoding="utf-8")
    (site / "_includes").mkdir()
    (site / "_includes" / "pasta").symlink_to(site.parent / "fora")
    line = _include(site, "/_includes/pasta/x.md")
    _refused(site, tmp_path, ARTICLE, line, "content/_includes/pasta/x.md is (or lies behind) a symbolic link")


def test_a_pipe_in_includes_is_refused_without_hanging(site: Path, tmp_path: Path) -> None:
    (site / "_includes").mkdir()
    os.mkfifo(site / "_includes" / "cano.md")
    line = _include(site, "/_includes/cano.md")
    _refused(site, tmp_path, ARTICLE, line, "content/_includes/cano.md is not a regular file")


def test_a_folder_is_not_a_fragment(site: Path, tmp_path: Path) -> None:
    _fragment(site, "pasta/x.md", "x\n")
    line = _include(site, "/_includes/pasta")
    _refused(site, tmp_path, ARTICLE, line, "content/_includes/pasta is not a regular file")


def test_a_huge_fragment_is_refused_unread(site: Path, tmp_path: Path) -> None:
    huge = _fragment(site, "enorme.md", "")
    with huge.open("wb") as fh:  # sparse: no disk used, and nothing reads it
        fh.truncate(FRAGMENT_BYTES + 1)
    line = _include(site, "/_includes/enorme.md")
    _refused(site, tmp_path, ARTICLE, line, f"is {FRAGMENT_BYTES + 1:,} bytes; a fragment may have at most")
    assert not (tmp_path / "cache" / "src" / "_includes" / "enorme.md").exists()  # never copied either


def test_a_fragment_including_itself_is_an_error_at_its_line(site: Path, tmp_path: Path) -> None:
    _fragment(site, "eco.md", "Eco.\n\n```{include} /_includes/eco.md\n```\n")
    _include(site, "/_includes/eco.md")
    output = _refused(site, tmp_path, "content/_includes/eco.md", 3, "the fragment includes itself")
    assert "content/_includes/eco.md → content/_includes/eco.md" in output, output
    assert "nests markup too deeply" not in output, output


def test_a_loop_of_fragments_is_an_error_at_the_line_closing_it(site: Path, tmp_path: Path) -> None:
    _fragment(site, "a.md", "A.\n\n```{include} /_includes/b.md\n```\n")
    _fragment(site, "b.md", "B.\n\n\n```{include} /_includes/a.md\n```\n")
    _include(site, "/_includes/a.md")
    output = _refused(site, tmp_path, "content/_includes/b.md", 4, "the fragment includes itself")
    assert "content/_includes/a.md → content/_includes/b.md → content/_includes/a.md" in output, output


def test_a_chain_deeper_than_the_limit_is_an_error(site: Path, tmp_path: Path) -> None:
    for depth in range(MAX_DEPTH + 1):
        _fragment(site, f"n{depth}.md", f"Nível {depth}.\n\n```{{include}} /_includes/n{depth + 1}.md\n```\n")
    _fragment(site, f"n{MAX_DEPTH + 1}.md", "Fim.\n")
    _include(site, "/_includes/n0.md")
    _refused(site, tmp_path, f"content/_includes/n{MAX_DEPTH - 1}.md", 3, f"more than {MAX_DEPTH} deep")


@pytest.mark.parametrize(("fragment", "line", "message"), [
    ("Texto.\n\n```{literalinclude} ../kb.yml\n```\n", 3, "cannot read files here"),
    ("Texto.\n\n```{csv-table}\n:file: ../kb.yml\n```\n", 3, "cannot read a file here"),
    ("Texto.\n\n```{include} ../kb.yml\n```\n", 3, "articles include shared fragments from content/_includes/"),
    ("Texto <b>negrito</b>.\n", 1, "raw HTML is not allowed in articles"),
])
def test_file_directives_inside_a_fragment_stay_refused(site: Path, tmp_path: Path, fragment: str, line: int,
                                                        message: str) -> None:
    """File insertion is on for the checked {include} alone, never for the text it brings in."""
    _fragment(site, "mau.md", fragment)
    _include(site, "/_includes/mau.md")
    _refused(site, tmp_path, "content/_includes/mau.md", line, message)


def test_a_device_in_includes_is_never_read(site: Path, tmp_path: Path) -> None:
    """A character device (here /dev/zero's numbers) would be read forever: not staged, refused unread."""
    (site / "_includes").mkdir()
    try:
        os.mknod(site / "_includes" / "zero.md", stat.S_IFCHR | 0o600, os.makedev(1, 5))
    except (PermissionError, OSError) as exc:
        pytest.skip(f"cannot create a device here: {exc}")
    line = _include(site, "/_includes/zero.md")
    _refused(site, tmp_path, ARTICLE, line, "content/_includes/zero.md is not a regular file")


def test_editing_a_fragment_rebuilds_the_article_without_the_switch(site: Path, tmp_path: Path) -> None:
    fragment = _fragment(site, "prazo.md", "O prazo é de **2 dias úteis**.\n")
    _include(site, "/_includes/prazo.md")
    page = build_clean(site, tmp_path) / f"{CANCEL}.html"
    assert "2 dias úteis" in page.read_text(encoding="utf-8")
    fragment.write_text("O prazo é de **5 dias úteis**.\n", encoding="utf-8")
    stamp = fragment.stat().st_mtime + 5  # a later time even on coarse file systems
    os.utime(fragment, (stamp, stamp))
    build_clean(site, tmp_path)
    assert "5 dias úteis" in page.read_text(encoding="utf-8")
