"""Issue 18 (12): ``kbgen new`` gives a clear error for every hostile target, never overwrites, never
writes outside the content folder, and writes front matter that reads back as the exact title."""

from __future__ import annotations

import builtins
import errno
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import kbgen.commands.new as new_module
from kbgen.commands.new import new_article
from kbgen.commands.usage import UsageError
from kbgen.exitcodes import ExitStatus
from kbgen.frontmatter import split_front_matter
from kbgen.handoff.ticket import SYSTEMS
from kbgen.loading.walker import load_site
from kbgen.validation import Invalid, short_text

from .conftest import MINIMAL, SAMPLE, copy_site, kbgen

TITLE = "Como emitir a certidão?"
SLUG = "como-emitir-a-certidao.md"


def _tree(root: Path) -> dict[str, bytes | str]:
    """Every entry under ``root``: file bytes, or where a symlink points, or "dir"."""
    tree: dict[str, bytes | str] = {}
    for path in sorted(root.rglob("*")):
        key = str(path.relative_to(root))
        tree[key] = (f"-> {os.readlink(path)}" if path.is_symlink() else "dir" if path.is_dir()
                     else path.read_bytes())
    return tree


def test_a_dangling_symlink_at_the_target_is_refused_and_kept(site: Path, tmp_path: Path) -> None:
    module = site / "fiscal" / "escrita-fiscal"
    (module / SLUG).symlink_to(tmp_path / "alvo-inexistente.md")
    with pytest.raises(UsageError, match="already exists; kbgen never overwrites"):
        new_article(site, "fiscal/escrita-fiscal", TITLE)
    assert (module / SLUG).is_symlink() and not (tmp_path / "alvo-inexistente.md").exists()


def test_a_dangling_module_yml_is_never_written_through(site: Path, tmp_path: Path) -> None:
    module = site / "fiscal" / "novo"
    module.mkdir()
    (module / "_module.yml").symlink_to(tmp_path / "fora.yml")
    new_article(site, "fiscal/novo", TITLE)
    assert not (tmp_path / "fora.yml").exists()


@pytest.mark.parametrize(("make", "target", "message"), [
    (lambda s, o: (s / "fiscal" / "certidoes").write_text("x"), "fiscal/certidoes",
     "is a file, not a module folder"),
    (lambda s, o: (s / "fiscal" / "certidoes").symlink_to(o), "fiscal/certidoes",
     "symlink leading outside the content folder"),
    (lambda s, o: (s / "fiscal" / "certidoes").symlink_to(o / "nada"), "fiscal/certidoes",
     "which does not exist"),
    (lambda s, o: (s / "externo").symlink_to(o), "externo/certidoes",
     "symlink leading outside the content folder"),
    (lambda s, o: (s / "arquivo").write_text("x"), "arquivo/certidoes", "is a file, not a set folder"),
    (lambda s, o: (s / "pendente").symlink_to(o / "nada"), "pendente/certidoes", "which does not exist"),
], ids=["module-is-file", "module-links-out", "module-dangling", "set-links-out", "set-is-file", "set-dangling"])
def test_hostile_set_and_module_folders_are_refused(site: Path, tmp_path: Path, make: Any, target: str,
                                                    message: str) -> None:
    outside = tmp_path / "fora"
    outside.mkdir()
    (outside / "_set.yml").write_text("title: Fora\nemail: a@b.example\n")
    (outside / "_module.yml").write_text("title: Fora\n")
    make(site, outside)
    before, before_outside = _tree(site), _tree(outside)
    with pytest.raises(UsageError, match=message):
        new_article(site, target, TITLE)
    assert _tree(site) == before and _tree(outside) == before_outside


def test_a_symlinked_module_inside_the_content_folder_is_fine(site: Path) -> None:
    (site / "fiscal" / "atalho").symlink_to(site / "fiscal" / "escrita-fiscal")
    path = new_article(site, "fiscal/atalho", TITLE)
    assert (site / "fiscal" / "escrita-fiscal" / SLUG).is_file() and path.name == SLUG


@pytest.mark.parametrize("fails", ["mkdir", "module", "article"])
def test_a_folder_that_cannot_be_written_is_a_clear_error_and_leaves_nothing(
        site: Path, monkeypatch: pytest.MonkeyPatch, fails: str) -> None:
    """A read-only folder (injected: the tests run as root, who may write anywhere)."""
    before = _tree(site)
    real_open, real_mkdir = builtins.open, Path.mkdir

    def refuse(path: Any) -> None:
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))

    def fake_open(path: Any, *args: Any, **kwargs: Any) -> Any:
        if (fails == "module" and str(path).endswith("_module.yml")) or (fails == "article"
                                                                          and str(path).endswith(".md")):
            refuse(path)
        return real_open(path, *args, **kwargs)

    def fake_mkdir(self: Path, *args: Any, **kwargs: Any) -> None:
        if fails == "mkdir":
            refuse(self)
        real_mkdir(self, *args, **kwargs)

    monkeypatch.setattr(new_module, "open", fake_open, raising=False)
    monkeypatch.setattr(Path, "mkdir", fake_mkdir)
    with pytest.raises(UsageError, match=r"cannot write .*Permission denied; nothing was created"):
        new_article(site, "fiscal/certidoes", TITLE)
    assert _tree(site) == before


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write into a read-only folder")
def test_a_read_only_set_folder(site: Path) -> None:  # pragma: no cover - only without root
    (site / "fiscal").chmod(0o555)
    try:
        with pytest.raises(UsageError, match="cannot write"):
            new_article(site, "fiscal/certidoes", TITLE)
    finally:
        (site / "fiscal").chmod(0o755)


@pytest.mark.parametrize(("title", "message"), [
    ("Primeira linha\nsegunda", "single line"),
    ("Título\r\nforjado: sim", "single line|control characters"),
    ("Sino\x07", "control characters"),
    ("Esc\x1b]0;x", "control characters"),
    ("x" * 301, "at most 300 characters"),
    ("   ", "empty value"),
])
def test_titles_the_schema_refuses_are_refused_before_writing(site: Path, title: str, message: str) -> None:
    before = _tree(site)
    with pytest.raises(UsageError, match=message):
        new_article(site, "fiscal/certidoes", title)
    assert _tree(site) == before


@pytest.mark.parametrize("title", [
    "--- a", "Título: com dois pontos", "# não é comentário", "'aspas' e \"aspas\"", "!!bool maybe", "&âncora",
    "*alias", "- item", "? chave", "% diretiva", "@usuario", "`crase`", "{chave: valor}", "[lista]", "x" * 300,
    "Pergunta com ... no meio", "... b", "null", "true", "2024-01-01", "0x10", "Com\ttabulação", "Seta \u202e inversa",
    "Quebra\x85NEL", "Separador\u2028de linha", "Parágrafo\u2029x", "BOM\ufeffno meio", "Emoji 😀",
])
def test_hostile_titles_read_back_exactly(site: Path, title: str) -> None:
    path = new_article(site, "fiscal/certidoes", title)
    assert split_front_matter(path.read_text(encoding="utf-8")).front.value["title"] == title
    loaded, problems = load_site(site)
    assert not problems.errors, problems.errors
    assert [a.title for a in loaded.articles.values() if a.path == path] == [title]


def _accepted(title: str) -> bool:
    try:
        return short_text(title) == title
    except Invalid:
        return False


@settings(max_examples=150, deadline=None)
@given(st.text(min_size=1, max_size=120).filter(_accepted))
def test_any_title_the_schema_accepts_reads_back_exactly(title: str) -> None:
    root = Path(tempfile.mkdtemp(prefix="kbgen-new-"))
    try:
        site = copy_site(MINIMAL, root / "content")
        try:
            path = new_article(site, "fiscal/certidoes", title)
        except UsageError as exc:
            assert "no letters or digits" in str(exc) or "gives the file name" in str(exc)
            return
        assert split_front_matter(path.read_text(encoding="utf-8")).front.value["title"] == title
    finally:
        shutil.rmtree(root)


def test_the_cli_reports_without_a_traceback(site: Path, tmp_path: Path) -> None:
    outside = tmp_path / "fora"
    outside.mkdir()
    (site / "fiscal" / "certidoes").symlink_to(outside)
    done = kbgen("new", "fiscal/certidoes", TITLE, "--source", str(site), cwd=site.parent, timeout=60)
    assert done.returncode == ExitStatus.USAGE_ERROR
    assert "symlink leading outside the content folder" in done.stderr and "Traceback" not in done.stderr
    assert not list(outside.iterdir())


def _sets_by_system(content: Path) -> dict[str, str]:
    """One set of the sample per ticket system (the site's Zendesk, and each set's own system)."""
    loaded, problems = load_site(content)
    assert not problems.errors
    sets: dict[str, str] = {}
    for slug, info in sorted(loaded.sets.items()):
        sets.setdefault(info.ticket["system"], slug)
    return sets


def test_new_then_check_passes_for_every_ticket_system(tmp_path: Path) -> None:
    """Issue 21 (10): a new module in a set whose ticket system needs something (a Zendesk module
    tag) gets it with a comment saying what to fill in, so `kbgen check` passes right away."""
    content = copy_site(SAMPLE, tmp_path / "content")
    # the sample hands off by e-mail where the seed's service-order desk does: an osTicket set of its own here
    (content / "ouvidoria").mkdir()
    (content / "ouvidoria/_set.yml").write_text(
        "title: Ouvidoria\nemail: ouvidoria@example.gov.br\n"
        "ticket:\n  system: osticket\n  url: https://os.example.gov.br/\n  topic_id: 7\n", encoding="utf-8")
    sets = _sets_by_system(content)
    before = {system: (content / slug / "_set.yml").read_bytes() for system, slug in sets.items()}
    assert sorted(sets) == sorted(SYSTEMS), sets  # the sample has every kind; the test covers each
    for set_slug in sets.values():
        done = kbgen("new", f"{set_slug}/Alvará de funcionamento", "Como obter o alvará?", "--source",
                     str(content), cwd=tmp_path, timeout=60)
        assert done.returncode == 0, done.stderr
    check = kbgen("check", "--source", str(content), cwd=tmp_path, timeout=120)
    assert check.returncode == ExitStatus.OK, check.stdout + check.stderr
    # and the guess is pointed out until the author puts the real tag (a warning: --strict fails on it)
    assert (f"content/{sets['zendesk']}/_set.yml:" in check.stdout + check.stderr
            and "'alvara-de-funcionamento: alvara_de_funcionamento' is a placeholder written by kbgen new"
            in check.stdout + check.stderr), check.stdout + check.stderr
    zendesk_set = (content / sets["zendesk"] / "_set.yml").read_text(encoding="utf-8")
    assert ("    alvara-de-funcionamento: alvara_de_funcionamento  # kbgen new: placeholder — the tag of this "
            "module's option in the Zendesk field 360000345678") in zendesk_set
    for system in ("osticket", "glpi", "url", "email"):  # nothing per module: their set files are untouched
        assert (content / sets[system] / "_set.yml").read_bytes() == before[system]


def test_the_module_title_keeps_its_accents(site: Path) -> None:
    path = new_article(site, "fiscal/Alvará de funcionamento", "Como obter o alvará?")
    assert path == site / "fiscal" / "alvara-de-funcionamento" / "como-obter-o-alvara.md"
    loaded, problems = load_site(site)
    assert not problems.errors
    assert loaded.modules["fiscal/alvara-de-funcionamento"].title == "Alvará de funcionamento"
    assert loaded.articles["fiscal/alvara-de-funcionamento/como-obter-o-alvara"].title == "Como obter o alvará?"


def test_a_module_named_by_its_slug_says_its_title_is_a_guess(site: Path) -> None:
    new_article(site, "fiscal/alvara", TITLE)
    text = (site / "fiscal" / "alvara" / "_module.yml").read_text(encoding="utf-8")
    assert text.startswith("# kbgen new: a title made from the folder name; write it as readers see it, accents")
    assert load_site(site)[0].modules["fiscal/alvara"].title == "Alvara"


@pytest.mark.parametrize("name", ["_includes", "_Dados"])
def test_module_names_starting_with_an_underscore_are_still_refused(site: Path, name: str) -> None:
    with pytest.raises(UsageError, match="names starting with '_'"):
        new_article(site, f"fiscal/{name}", TITLE)


ZENDESK_SITE = ("title: Ajuda\nticket:\n  system: zendesk\n  url: https://suporte.example.gov.br/\n"
                "  ticket_form_id: 1\n  module_field: 3\n")
TAG_TAIL = "  # kbgen new: placeholder"


@pytest.mark.parametrize(("set_ticket", "expected"), [
    # no ticket: in the set's file: the whole key is added at its end
    ("", "ticket:\n  module_tags:\n    certidoes: certidoes" + TAG_TAIL),
    # a ticket: without module_tags: the key goes first in it, at its indentation
    ("ticket:\n    locale: pt-br  # comentário\n",
     "ticket:\n    module_tags:\n      certidoes: certidoes" + TAG_TAIL),
    # module_tags given: one line after the last, the author's comments kept
    ("ticket:\n  module_tags:\n    # por módulo\n    iptu: tributos_iptu  # IPTU\n"
     "    itbi: tributos_itbi\n\n# fim\n",
     "    itbi: tributos_itbi\n    certidoes: certidoes" + TAG_TAIL),
])
def test_a_zendesk_module_tag_is_added_where_it_belongs(site: Path, set_ticket: str, expected: str) -> None:
    (site / "kb.yml").write_text(ZENDESK_SITE, encoding="utf-8")
    for other in ("fiscal", "rh"):
        shutil.rmtree(site / other)  # their modules would need tags of their own
    (site / "tributos").mkdir()
    set_file = site / "tributos" / "_set.yml"
    set_file.write_text("# Tributos\ntitle: Tributos\nemail: tributos@example.gov.br\n" + set_ticket, encoding="utf-8")
    for module in ("iptu", "itbi") if "module_tags" in set_ticket else ():
        new_article(site, f"tributos/{module}", TITLE)  # tagged already: the file is left as it is
    before = set_file.read_text(encoding="utf-8")
    new_article(site, "tributos/certidoes", TITLE)
    after = set_file.read_text(encoding="utf-8")
    assert expected in after
    added = [line for line in after.splitlines() if line not in before.splitlines()]
    assert len(added) == (1 if "module_tags" in set_ticket else 2 if "ticket" in set_ticket else 3), added
    loaded, problems = load_site(site)
    assert not problems.errors, [p.format() for p in problems.items]
    assert loaded.sets["tributos"].ticket["module_tags"]["certidoes"] == "certidoes"


def test_the_set_file_keeps_its_crlf_line_ends(site: Path) -> None:
    (site / "kb.yml").write_text(ZENDESK_SITE, encoding="utf-8")
    for other in ("fiscal", "rh"):
        shutil.rmtree(site / other)
    (site / "tributos").mkdir()
    set_file = site / "tributos" / "_set.yml"
    set_file.write_bytes(b"title: Tributos\r\nemail: tributos@example.gov.br\r\nticket:\r\n  locale: pt-br\r\n")
    new_article(site, "tributos/certidoes", TITLE)
    data = set_file.read_bytes()
    assert data.count(b"\r\n") == data.count(b"\n") == 6
    assert not load_site(site)[1].errors


@pytest.mark.parametrize("set_ticket", [
    "ticket: {locale: pt-br}\n",                         # a flow mapping: cannot add a commented line to it
    "ticket:\n  module_tags: {escrita-fiscal: x}\n",
])
def test_a_set_file_kbgen_cannot_edit_safely_is_refused_before_writing(site: Path, set_ticket: str) -> None:
    (site / "kb.yml").write_text(ZENDESK_SITE, encoding="utf-8")
    set_file = site / "fiscal" / "_set.yml"
    set_file.write_text(set_file.read_text(encoding="utf-8") + set_ticket, encoding="utf-8")
    before = _tree(site)
    with pytest.raises(UsageError, match="add 'certidoes: <tag>' under 'ticket: module_tags:'"):
        new_article(site, "fiscal/certidoes", TITLE)
    assert _tree(site) == before


def test_a_failed_write_leaves_the_set_file_and_removes_the_new_files(site: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    (site / "kb.yml").write_text(ZENDESK_SITE, encoding="utf-8")
    before = _tree(site)

    def refuse(*args: Any) -> None:
        raise OSError(errno.ENOSPC, "No space left on device", str(args[0]))

    monkeypatch.setattr(new_module.os, "replace", refuse)
    with pytest.raises(UsageError, match="No space left on device; nothing was created"):
        new_article(site, "fiscal/certidoes", TITLE)
    assert _tree(site) == before
