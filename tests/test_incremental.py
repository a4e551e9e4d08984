"""Incremental builds: exactly the right pages are re-read and rewritten, and the result is
byte-identical to a clean build of the same content."""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from kbgen.exitcodes import ExitStatus

from .conftest import copy_site, run_build

NFE = "fiscal/nota-fiscal-eletronica"
CANCEL = f"{NFE}/como-cancelar-uma-nfs-e"
ETICA = "rh/folha-de-pagamento/etica-no-servico-publico"
FRAGMENT = "_includes/prazo.md"


def _files(out: Path) -> dict[str, bytes]:
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    stamp = time.time() + 5  # a later mtime even on coarse file systems
    os.utime(path, (stamp, stamp))


def _add_article(root: Path) -> None:
    path = root / NFE / "como-substituir-uma-nfs-e.md"
    path.write_text("---\ntitle: Como substituir uma NFS-e?\ntags: [nfs-e]\n---\n\nUse a substituição.\n",
                    encoding="utf-8")


def _share_fragment(root: Path) -> None:
    """A fragment of _includes/ included by two articles of different sets (one path relative, one from the root)."""
    (root / "_includes").mkdir()
    (root / FRAGMENT).write_text("O prazo de atendimento é de **2 dias úteis**.\n", encoding="utf-8")
    with (root / f"{CANCEL}.md").open("a", encoding="utf-8") as fh:
        fh.write("\n```{include} ../../_includes/prazo.md\n```\n")
    with (root / f"{ETICA}.md").open("a", encoding="utf-8") as fh:
        fh.write("\n```{include} /_includes/prazo.md\n```\n")
    with (root / "kb.yml").open("a", encoding="utf-8") as fh:
        fh.write("allow_file_insertion: true\n")


#: content a case needs before its first build
SETUPS: dict[str, Callable[[Path], None]] = {"fragment": _share_fragment}

EDITS: dict[str, tuple[Callable[[Path], None], list[str] | None]] = {
    # name: (edit, docnames that must be re-read — None: "all of them")
    "body": (lambda r: _edit(r / f"{CANCEL}.md", "Informe o número", "Digite o número"), [CANCEL]),
    "title": (lambda r: _edit(r / f"{CANCEL}.md", "title: Como cancelar", "title: Como anular"), [CANCEL]),
    "order": (lambda r: _edit(r / f"{CANCEL}.md", "order: 2", "order: 0"), [CANCEL]),
    "tags": (lambda r: _edit(r / f"{CANCEL}.md", "tags: [nfs-e, cancelamento]", "tags: [esocial]"), [CANCEL]),
    "faq": (lambda r: _edit(r / f"{CANCEL}.md", "faq: true", "faq: false"), [CANCEL]),
    "set-phone": (lambda r: _edit(r / "fiscal/_set.yml", "3000-0001", "3000-9999"), []),
    "set-title": (lambda r: _edit(r / "rh/_set.yml", "title: Recursos Humanos", "title: Pessoal"), []),
    "module-title": (lambda r: _edit(r / f"{NFE}/_module.yml", "title: Nota Fiscal Eletrônica", "title: NFS-e"),
                     []),
    "site-description": (lambda r: _edit(r / "kb.yml", "description: Respostas", "description: Dúvidas"), []),
    "site-title": (lambda r: _edit(r / "kb.yml", "title: Central de Ajuda de Teste", "title: Ajuda"), None),
    "add-article": (_add_article, [f"{NFE}/como-substituir-uma-nfs-e"]),
    "delete-article": (lambda r: (r / f"{NFE}/perdi-o-prazo-de-cancelamento.md").unlink(), []),
    # a shared fragment: exactly the articles that include it
    "fragment": (lambda r: _edit(r / FRAGMENT, "2 dias úteis", "3 dias úteis"), [CANCEL, ETICA]),
}

EXPECTED_WRITTEN = {
    "body": {f"{CANCEL}.html"},
    "set-phone": {"fiscal/index.html", f"{NFE}/index.html", "fiscal/escrita-fiscal/index.html",
                  f"{CANCEL}.html", f"{NFE}/como-emitir-uma-nfs-e.html", f"{NFE}/perdi-o-prazo-de-cancelamento.html",
                  "fiscal/escrita-fiscal/como-declarar-sem-movimento.html",
                  "canais-de-atendimento.html",  # it lists every set's phone
                  "registrar-atendimento.html"},  # and the set's channel (its hours are data: it has one)
    "site-description": {"index.html"},
    "fragment": {f"{CANCEL}.html", f"{ETICA}.html"},
}


@pytest.mark.parametrize("name", sorted(EDITS))
def test_incremental_edit(name: str, tmp_path: Path) -> None:
    from .conftest import MINIMAL

    edit, expected_read = EDITS[name]
    root = copy_site(MINIMAL, tmp_path / "content")
    SETUPS.get(name, lambda _root: None)(root)
    hour_ago = time.time() - 3600  # old enough for the front-matter cache to trust the files
    for path in root.rglob("*"):
        os.utime(path, (hour_ago, hour_ago))
    report, output = run_build(root, tmp_path, strict=True)
    assert report.status == ExitStatus.OK, output
    before = _files(tmp_path / "out")
    assert run_build(root, tmp_path, strict=True)[0].written == []  # no-op build rewrites nothing

    edit(root)
    report, output = run_build(root, tmp_path, strict=True)
    assert report.status == ExitStatus.OK, output
    after = _files(tmp_path / "out")

    all_docs = sorted(p.removesuffix(".html") for p in after if p.endswith(".html"))
    if expected_read is None:
        assert len(report.read) > 6
    else:
        assert report.read == expected_read

    changed = {p for p in after if p.endswith(".html") and before.get(p) != after[p]}
    assert changed, "the edit changed no page"
    # every page whose bytes changed was rewritten, and nothing else but the re-read documents
    reread = {f"{d}.html" for d in report.read}
    assert set(report.written) == changed | reread, (sorted(report.written), sorted(changed))
    if name in EXPECTED_WRITTEN:
        assert changed == EXPECTED_WRITTEN[name]

    # and the incremental result is exactly what a clean build gives
    fresh, output = run_build(root, tmp_path / "fresh", strict=True)
    assert fresh.status == ExitStatus.OK, output
    assert after == _files(tmp_path / "fresh" / "out")
    assert all_docs  # sanity: pages were compared


def test_deleted_article_page_is_removed(tmp_path: Path) -> None:
    from .conftest import MINIMAL

    root = copy_site(MINIMAL, tmp_path / "content")
    run_build(root, tmp_path)
    (root / f"{NFE}/perdi-o-prazo-de-cancelamento.md").unlink()
    run_build(root, tmp_path)
    assert not (tmp_path / "out" / f"{NFE}/perdi-o-prazo-de-cancelamento.html").exists()
    assert "Perdi o prazo" not in (tmp_path / "out" / f"{NFE}/index.html").read_text(encoding="utf-8")


def test_removed_set_pages_are_removed(tmp_path: Path) -> None:
    import shutil

    from .conftest import MINIMAL

    root = copy_site(MINIMAL, tmp_path / "content")
    run_build(root, tmp_path)
    shutil.rmtree(root / "rh")
    report, output = run_build(root, tmp_path, strict=True)
    assert report.status == ExitStatus.OK, output
    assert not (tmp_path / "out" / "rh").exists()
    assert not (tmp_path / "cache" / "html" / "rh" / "index.html").exists()


def test_unused_image_copy_is_removed(tmp_path: Path) -> None:
    from .conftest import MINIMAL

    root = copy_site(MINIMAL, tmp_path / "content")
    run_build(root, tmp_path)
    assert (tmp_path / "out" / "_images" / "cancelar.png").is_file()
    _edit(root / f"{CANCEL}.md", "![Tela de cancelamento de NFS-e](img/cancelar.png)", "")
    (root / NFE / "img" / "cancelar.png").unlink()
    report, output = run_build(root, tmp_path, strict=True)
    assert report.status == ExitStatus.OK, output
    assert not (tmp_path / "out" / "_images" / "cancelar.png").exists()


def test_articles_of_a_module_share_one_sidebar() -> None:
    """The incremental digest builds one sidebar per module and depth: that must be what each page gets."""
    from kbgen.loading.walker import load_site
    from kbgen.sphinx_ext.pages.article import article_sidebar, sidebar_key

    from .conftest import SAMPLE

    site, _ = load_site(SAMPLE)
    records = dict(site.articles)
    seen: dict[tuple[str, int], dict[str, object]] = {}
    for docname in records:
        sidebar = article_sidebar(site, records, docname)
        assert seen.setdefault(sidebar_key(records, docname), sidebar) == sidebar, docname
    assert len(seen) == len({site.module_of(a).key for a in site.articles.values()}) > 1


def test_the_site_model_is_not_pickled_with_the_environment(site: Path, tmp_path: Path) -> None:
    """Every run loads the site itself: carrying it in the environment would only slow every load."""
    import pickle

    from kbgen.model import ArticleInfo

    report, output = run_build(site, tmp_path, strict=True)
    assert report.status == ExitStatus.OK, output
    data = (tmp_path / "cache" / "doctrees" / "environment.pickle").read_bytes()
    env = pickle.loads(data)
    assert env.config.kbgen_site.value is None and env.domains is None  # the domain's tag index stays behind
    assert ArticleInfo.__qualname__.encode() not in data
    assert env.domaindata["kbgen"]["texts"]  # the parsed texts do travel: incremental builds need them


def test_remove_page_never_leaves_the_output_folder(tmp_path: Path) -> None:
    """Page names to delete come from state files in the cache: a name leading outside is ignored."""
    from kbgen.sphinx_ext.pagedigests import remove_page

    out = tmp_path / "out"
    (out / "fiscal").mkdir(parents=True)
    (out / "fiscal" / "velha.html").write_text("x", encoding="utf-8")
    (tmp_path / "alheio.html").write_text("do autor", encoding="utf-8")
    remove_page(out, "../alheio")
    remove_page(out, "fiscal/../../alheio")
    assert (tmp_path / "alheio.html").read_text(encoding="utf-8") == "do autor"
    remove_page(out, "fiscal/velha")
    assert not (out / "fiscal").exists()  # the page and the folder it left empty
