"""The content model: layout rules, slugs, reserved names, encodings, order."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from kbgen.loading.walker import load_site
from kbgen.text import slugify, sort_key
from kbgen.urls import RESERVED


def _errors(root: Path) -> list[str]:
    _site, problems = load_site(root)
    return [p.format() for p in problems.errors]


def test_minimal_fixture_is_valid(site: Path) -> None:
    loaded, problems = load_site(site)
    assert not problems.items
    assert list(loaded.sets) == ["fiscal", "rh"]
    assert len(loaded.modules) == 3 and len(loaded.articles) == 6


def test_articles_ordered_by_number_then_accent_aware_title(site: Path) -> None:
    loaded, _ = load_site(site)
    module = loaded.modules["fiscal/nota-fiscal-eletronica"]
    # order 1, order 2, then the unnumbered one
    assert [d.rsplit("/", 1)[1] for d in module.articles] == [
        "como-emitir-uma-nfs-e", "como-cancelar-uma-nfs-e", "perdi-o-prazo-de-cancelamento"]
    assert sorted(["Zona", "Ética", "etapa", "Éter"], key=sort_key) == ["etapa", "Éter", "Ética", "Zona"]


def test_folder_without_set_file(site: Path) -> None:
    (site / "novo").mkdir()
    assert any("content/novo/_set.yml: the set folder 'novo' has no _set.yml" in e for e in _errors(site))


def test_folder_without_module_file(site: Path) -> None:
    (site / "fiscal" / "novo-modulo").mkdir()
    (site / "fiscal" / "novo-modulo" / "artigo.md").write_text("---\ntitle: A\n---\n", encoding="utf-8")
    assert any("novo-modulo/_module.yml: the module folder 'novo-modulo' has no _module.yml" in e
               for e in _errors(site))


@pytest.mark.parametrize("where", ["", "fiscal/"])
def test_article_outside_a_module(site: Path, where: str) -> None:
    (site / where / "solto.md").write_text("---\ntitle: Solto\n---\n", encoding="utf-8")
    assert any(f"content/{where}solto.md:1: an article must be inside a module" in e for e in _errors(site))


def test_article_nested_below_a_module(site: Path) -> None:
    nested = site / "fiscal" / "escrita-fiscal" / "img"
    nested.mkdir()
    (nested / "fundo.md").write_text("---\ntitle: Fundo\n---\n", encoding="utf-8")
    assert any("img/fundo.md:1: articles cannot be nested below a module" in e for e in _errors(site))


@pytest.mark.parametrize("name", [*sorted(RESERVED), "index"])
def test_reserved_names_refused_at_every_level(site: Path, name: str) -> None:
    (site / "fiscal" / "escrita-fiscal" / f"{name}.md").write_text("---\ntitle: X\n---\n", encoding="utf-8")
    errors = _errors(site)
    if name == "index":
        assert any(f"{name}.md:1: 'index' is reserved" in e for e in errors), errors
    else:
        assert any(f"{name}.md:1: {name!r} is reserved" in e for e in errors), errors


def test_reserved_set_name(site: Path) -> None:
    (site / "fiscal").rename(site / "conjuntos")
    assert any("content/conjuntos: 'conjuntos' is reserved" in e for e in _errors(site))


def test_bad_slug_suggests_a_name(site: Path) -> None:
    (site / "fiscal" / "escrita-fiscal" / "Declaração Anual.md").write_text("---\ntitle: X\n---\n",
                                                                             encoding="utf-8")
    assert any("rename it to 'declaracao-anual'" in e for e in _errors(site))


def test_article_with_same_name_as_folder(site: Path) -> None:
    module = site / "fiscal" / "escrita-fiscal"
    (module / "como-declarar-sem-movimento").mkdir()
    assert any("has the same name as the folder" in e for e in _errors(site))


def test_symlink_outside_content_is_refused(site: Path, tmp_path: Path) -> None:
    outside = tmp_path / "segredo.md"
    outside.write_text("---\ntitle: Segredo\n---\n", encoding="utf-8")
    os.symlink(outside, site / "fiscal" / "escrita-fiscal" / "segredo.md")
    assert any("segredo.md: this symlink points outside the content folder" in e for e in _errors(site))


def test_missing_kb_yml(site: Path) -> None:
    (site / "kb.yml").unlink()
    assert any("content/kb.yml: missing kb.yml" in e for e in _errors(site))


def test_underscore_names_are_data_not_sets(site: Path) -> None:
    (site / "_data").mkdir()
    (site / "_data" / "pageviews.csv").write_text("path,views\n", encoding="utf-8")
    (site / "_synonyms.yml").write_text("nfs-e: [nota fiscal]\n", encoding="utf-8")
    loaded, problems = load_site(site)
    assert "_data" not in loaded.sets and not problems.errors


def test_bom_and_crlf_are_accepted(site: Path) -> None:
    path = site / "rh" / "folha-de-pagamento" / "etica-no-servico-publico.md"
    path.write_bytes("\ufeff---\r\ntitle: Ética\r\ntags: [ética]\r\n---\r\n\r\nTexto.\r\n".encode())
    loaded, problems = load_site(site)
    assert not problems.items
    assert loaded.articles["rh/folha-de-pagamento/etica-no-servico-publico"].tags == ("ética",)


def test_invalid_utf8_names_the_line(site: Path) -> None:
    path = site / "rh" / "folha-de-pagamento" / "etica-no-servico-publico.md"
    path.write_bytes(b"---\ntitle: Etica\n---\n\nLinha boa.\nLinha \xe9 ruim.\n")
    assert any("etica-no-servico-publico.md:6: the file is not valid UTF-8" in e for e in _errors(site))


def test_binary_file_named_md(site: Path) -> None:
    path = site / "rh" / "folha-de-pagamento" / "etica-no-servico-publico.md"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    assert any("this is a binary file, not Markdown" in e for e in _errors(site))


def test_deep_nesting_is_refused(site: Path) -> None:
    (site / "kb.yml").write_text("title: A\ndescription: " + "[" * 200 + "]" * 200 + "\n", encoding="utf-8")
    assert any("content/kb.yml:2: nesting deeper than" in e for e in _errors(site))


def test_all_problems_of_a_run_are_reported(site: Path) -> None:
    (site / "fiscal" / "_set.yml").write_text("title: Fiscal\n", encoding="utf-8")
    (site / "rh" / "folha-de-pagamento" / "_module.yml").write_text("titulo: RH\n", encoding="utf-8")
    errors = _errors(site)
    assert len(errors) >= 3  # missing email, unknown key, missing title


def test_slugify_folds_accents() -> None:
    assert slugify("Como emitir a certidão?") == "como-emitir-a-certidao"
    assert slugify("  NFS-e: Erro 700!  ") == "nfs-e-erro-700"


def test_slugify_ignores_invisible_characters_pasted_inside_words() -> None:
    # a title pasted from a PDF (soft hyphen) or a web page (zero-width space) names the same file
    assert slugify("Emis\u00adsão de no\u200dta\ufeff") == slugify("Emissão de nota") == "emissao-de-nota"
    assert slugify("nota\u200bfiscal") == "nota-fiscal"  # a zero-width space breaks words


@pytest.mark.parametrize("text, line, message", [
    ("nfs-e: nota fiscal\nISS: [ISSQN]\n", 0, None),
    ("- nfs-e\n", 1, "expected a mapping of jargon"),
    ("nfs-e:\n  a: b\n", 1, "'nfs-e': expected a list of words or phrases"),
    ("ISS: [ISSQN]\nnfs-e: []\n", 2, "'nfs-e' needs at least one non-empty synonym"),
    ("nfse: [de, a]\n", 1, "has only stop words"),
    ("nfse: [nota\n", 1, "the '[' opened on this line is never closed"),  # the bracket's line, not the next
])
def test_synonyms_file_is_validated(site: Path, text: str, line: int, message: str | None) -> None:
    (site / "_synonyms.yml").write_text(text, encoding="utf-8")
    loaded, problems = load_site(site)
    if message is None:
        assert not problems.items and loaded.synonyms == {"nfs-e": ["nota fiscal"], "ISS": ["ISSQN"]}
    else:
        assert any(p.path == "content/_synonyms.yml" and p.line == line and message in p.message
                   for p in problems.errors), [p.format() for p in problems.items]


def test_tags_are_free_text(site: Path) -> None:
    """Spaces, accents and punctuation, as Zendesk labels and MkDocs tags take them; runs of spaces are one."""
    path = site / "rh" / "folha-de-pagamento" / "etica-no-servico-publico.md"
    path.write_text("---\ntitle: Ética\ntags: [nota fiscal, certidão negativa, 'ISS (retido)', '  nota   fiscal  ']\n"
                    "---\n\nTexto.\n", encoding="utf-8")
    loaded, problems = load_site(site)
    assert not problems.items, [p.format() for p in problems.items]
    tags = loaded.articles["rh/folha-de-pagamento/etica-no-servico-publico"].tags
    assert tags == ("nota fiscal", "certidão negativa", "ISS (retido)", "nota fiscal")


def test_a_long_description_loads(site: Path) -> None:
    """Over 300 characters is a lint warning (tests/test_lint.py), not an error."""
    long = "Conduta esperada dos servidores no atendimento ao público. " * 8
    path = site / "rh" / "folha-de-pagamento" / "etica-no-servico-publico.md"
    path.write_text(f"---\ntitle: Ética\ndescription: {long}\n---\n\nTexto.\n", encoding="utf-8")
    loaded, problems = load_site(site)
    assert not problems.errors
    assert loaded.articles["rh/folha-de-pagamento/etica-no-servico-publico"].description == long.strip()
