"""Ranking rules of the results page among articles that all hold the query's words.

Each case is a tiny made-up help center where the right article and a decoy both contain every
query word, and the decoy's lunr score is the higher one, so only the rule under test can put
the right one first. Both sides are checked:
the shipped JS (kbgen-search.js, in Node) and its Python port (kbgen.search.query, used by
``kbgen searches``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from searchhelpers import BuiltSite

from kbgen.search import shards
from kbgen.search.constants import MAX_EXPANSIONS
from kbgen.search.index import DOCS_FILE, FULL_FILE, SUGGEST_FILE, SearchDocument, build_indexes, sorted_documents
from kbgen.search.query import search
from kbgen.search.siteindex import load_site_index
from tests.node_bridge import NodeBridge

FILLER = "Texto de apoio sobre o atendimento da prefeitura, com passos e observações gerais. " * 6


def article(slug: str, title: str, body: str = "", tags: tuple[str, ...] = (), description: str = "",
            headings: tuple[str, ...] = ()) -> SearchDocument:
    return SearchDocument(url=f"s/m/{slug}.html", title=title, set_title="Tributos", module_title="Atendimento",
                          tags=tags, description=description, headings=headings, body=FILLER + body)


# Titles that share one word each with the queries below, so that a word in a title is not rare
# (as in a real help center, where dozens of titles say "parcelamento" or "guia").
BACKGROUND = [
    article("parcelamento-de-dividas", "Parcelamento de dívidas"),
    article("atraso-na-entrega", "Atraso na entrega da declaração"),
    article("cancelar-inscricao", "Cancelar inscrição municipal"),
    article("guia-de-iss", "Guia de ISS"),
    article("itbi-isencao", "Isenção de ITBI"),
    article("declaracao-recusada", "Declaração recusada"),
]

# An article that says the query's words everywhere but in its title: headings, description,
# and many times in the body. Its lunr score beats a title that merely holds the words.
def loud(slug: str, title: str, words: str) -> SearchDocument:
    return article(slug, title, body=(words + ". ") * 8, description=f"Veja como: {words}.",
                   headings=(words, f"Quando {words}"))


# (query, the article that must come first, the articles)
CASES = [
    (
        # a long title with every query word beats a short one with two of them
        "cancelar parcelamento atraso",
        "cancelar-parcelamento",
        [
            loud("parcelamento-em-atraso", "Parcelamento em atraso", "cancelar o parcelamento em atraso"),
            article("cancelar-parcelamento",
                    "Cancelar parcelamento em atraso no portal do contribuinte com certificado digital"),
            *BACKGROUND,
        ],
    ),
    (
        # both titles hold every query word; the one with nothing else is the one asked for
        "guia ITBI recusada",
        "guia-recusada",
        [
            loud("guia-recusada-perfil", "Guia de ITBI recusada por perfil restrito do usuário",
                 "guia de ITBI recusada"),
            article("guia-recusada", "Guia de ITBI recusada"),
            *BACKGROUND,
        ],
    ),
    (
        # the same with a typo in the query
        "guia ITBI recuzada",
        "guia-recusada",
        [
            loud("guia-recusada-perfil", "Guia de ITBI recusada por perfil restrito do usuário",
                 "guia de ITBI recusada"),
            article("guia-recusada", "Guia de ITBI recusada"),
            *BACKGROUND,
        ],
    ),
    (
        # tags count as the title does
        "alvará sanitário vencido",
        "licenca-de-funcionamento",
        [
            loud("vigilancia", "Alvará da vigilância", "alvará sanitário vencido"),
            article("licenca-de-funcionamento", "Licença de funcionamento vencida", tags=("alvará sanitário",)),
            article("alvara-de-obra", "Alvará de obra"),
            *BACKGROUND,
        ],
    ),
]


def write(tmp_path: Path, docs: list[SearchDocument]) -> BuiltSite:
    static = tmp_path / "_static"
    static.mkdir(parents=True)
    files = {}
    for name, content in build_indexes(docs, whole=True).items():
        (static / name).write_text(content, encoding="utf-8")
        files[name] = str(static / name)
    return BuiltSite(sorted_documents(docs), files)


def slug(built: BuiltSite, ref: int) -> str:
    return built.url(ref).rsplit("/", 1)[-1].removesuffix(".html")


@pytest.mark.parametrize(("query", "first", "docs"), CASES, ids=[c[0] for c in CASES])
def test_title_that_holds_the_query_comes_first(tmp_path: Path, node: NodeBridge, query: str, first: str,
                                                docs: list[SearchDocument]) -> None:
    built = write(tmp_path, docs)
    (results,) = node.call("query", files=built.paths(SUGGEST_FILE, FULL_FILE, DOCS_FILE), kind="full",
                           queries=[{"text": query, "options": {}}])
    assert len(results) >= 2
    assert slug(built, results[0]["ref"]) == first
    # the Python port ranks the same way
    ported = search(load_site_index(tmp_path), query, limit=0)
    assert [r.ref for r in ported] == [r["ref"] for r in results]


def test_title_coverage_is_reported(tmp_path: Path, node: NodeBridge) -> None:
    query, _, docs = CASES[0]
    built = write(tmp_path, docs)
    (results,) = node.call("query", files=built.paths(SUGGEST_FILE, FULL_FILE, DOCS_FILE), kind="full",
                           queries=[{"text": query, "options": {"partialLimit": 5}}])
    by_slug = {slug(built, r["ref"]): r for r in results}
    assert by_slug["cancelar-parcelamento"]["titleCoverage"] == 3  # cancelar, parcelamento, atraso
    assert by_slug["parcelamento-em-atraso"]["titleCoverage"] == 2
    assert by_slug["parcelamento-de-dividas"]["titleCoverage"] == 1
    assert by_slug["cancelar-parcelamento"]["coverage"] == by_slug["parcelamento-em-atraso"]["coverage"] == 3


# ---------------------------------------------------------------- common words on large sites

LARGE = 1_100  # postings of more than a tenth of these (110) are looked up, not walked (kbgen-search.js clauseFields)


def write_large(tmp_path_factory: pytest.TempPathFactory, name: str, title: Callable[[int], str],
                body: Callable[[int], str]) -> tuple[Path, BuiltSite]:
    """A site of LARGE articles a0000…, article i titled title(i) with body(i)."""
    docs = [SearchDocument(url=f"s/m/a{i:04d}.html", title=title(i), set_title="Geral", module_title="Pedidos",
                           tags=(), description="", headings=(), body=body(i)) for i in range(LARGE)]
    folder = tmp_path_factory.mktemp(name)
    return folder, write(folder, docs)


@pytest.fixture(scope="module")
def large_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, BuiltSite]:
    """Every article says "sistema" in its body; five also in their title; four say "tributário"."""
    return write_large(
        tmp_path_factory, "large",
        lambda i: f"Sistema de protocolo {i}" if i < 5 else f"Protocolo número {i}",
        lambda i: f"O sistema registra o pedido {i}." + (" O regime tributário muda." if i % 250 == 7 else ""))


def run_full(node: NodeBridge, built: BuiltSite, *texts: str) -> list[list[dict[str, object]]]:
    """Every answering result and up to LARGE partial ones of each text."""
    queries = [{"text": text, "options": {"limit": 0, "partialLimit": LARGE}} for text in texts]
    result: list[list[dict[str, object]]] = node.call(
        "query", files=built.paths(SUGGEST_FILE, FULL_FILE, DOCS_FILE), kind="full", queries=queries)
    return result


def test_a_common_word_alone_still_finds_every_article(node: NodeBridge, large_site: tuple[Path, BuiltSite]) -> None:
    folder, built = large_site
    (results,) = run_full(node, built, "sistema")
    assert len(results) == LARGE  # the query's rarest term is looked up in the bodies too
    assert {slug(built, r["ref"]) for r in results[:5]} == {f"a{i:04d}" for i in range(5)}  # type: ignore[arg-type]
    assert [r.ref for r in search(load_site_index(folder), "sistema", limit=0)] == [r["ref"] for r in results]


def test_a_common_word_counts_only_outside_the_bodies(node: NodeBridge, large_site: tuple[Path, BuiltSite]) -> None:
    folder, built = large_site
    (results,) = run_full(node, built, "sistema tributário")
    found = [slug(built, r["ref"]) for r in results]  # type: ignore[arg-type]
    with_rare = {f"a{i:04d}" for i in range(LARGE) if i % 250 == 7}
    # the articles with the rare word (and "sistema" in their body: it counts for them) answer;
    # the ones with "sistema" in their title are partial results ("sistema", in nearly every
    # article, cannot carry a result alone); the ~1,000 others, with "sistema" only in their
    # body, are not found
    assert set(found[:len(with_rare)]) == with_rare
    assert all(r["answers"] for r in results[:len(with_rare)])
    assert set(found[len(with_rare):]) == {f"a{i:04d}" for i in range(5)}
    assert not any(r["answers"] for r in results[len(with_rare):])
    python = search(load_site_index(folder), "sistema tributário", limit=0, partial_limit=LARGE)
    assert [(r.ref, r.answers) for r in python] == [(r["ref"], r["answers"]) for r in results]


@pytest.fixture(scope="module")
def tied_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, BuiltSite]:
    """Every article says "sistema" in its body, at lengths that vary with i (so lunr's scores do);
    one in 97 also in its title, spread over the site: the best are not the first met."""
    return write_large(
        tmp_path_factory, "tied",
        lambda i: f"Sistema de protocolo {i}" if i % 97 == 3 else f"Protocolo número {i}",
        lambda i: f"O sistema registra o pedido {i}." + " Ele confere os dados." * (i * 7 % 13))


@pytest.mark.parametrize(("limit", "partial_limit"), [(1, 0), (3, 2), (7, 5), (20, 0), (0, 3)])
def test_the_best_n_are_picked_among_a_thousand_ties_as_a_full_sort_would(
        node: NodeBridge, tied_site: tuple[Path, BuiltSite], limit: int, partial_limit: int) -> None:
    """"sistema": the 1,100 articles tie on rank (their titles, lengths and lunr's scores tell them
    apart). The engine picks the `limit` best answering and `partial_limit` best partial ones without
    sorting them all (kbgen-search.js's Best): the same as the head of each list of the complete
    ranking, and as the Python port's."""
    folder, built = tied_site
    text = "sistema"
    (everything,) = run_full(node, built, text)
    answering = [r["ref"] for r in everything if r["answers"]]
    partial = [r["ref"] for r in everything if not r["answers"]]
    assert len(answering) + len(partial) == LARGE
    (picked,) = node.call("query", files=built.paths(SUGGEST_FILE, FULL_FILE, DOCS_FILE), kind="full",
                          queries=[{"text": text, "options": {"limit": limit, "partialLimit": partial_limit}}])
    expected = (answering[:limit] if limit > 0 else answering) + partial[:partial_limit]
    assert [r["ref"] for r in picked] == expected
    python = search(load_site_index(folder), text, limit=limit, partial_limit=partial_limit)
    assert [r.ref for r in python] == expected


@pytest.fixture(scope="module")
def common_titles_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, BuiltSite]:
    """300 of the titles say "erro" (more than a tenth of the site); 20 bodies say "tributário"."""
    return write_large(
        tmp_path_factory, "common-titles",
        lambda i: f"Erro {i} no protocolo" if i < 300 else f"Protocolo número {i}",
        lambda i: f"O pedido {i} foi registrado." + (" O regime tributário muda." if i % 55 == 0 else ""))


def test_a_common_title_word_still_counts_in_the_titles_of_what_is_found(
        node: NodeBridge, common_titles_site: tuple[Path, BuiltSite]) -> None:
    folder, built = common_titles_site
    (results,) = run_full(node, built, "erro tributário")
    found = [slug(built, r["ref"]) for r in results]  # type: ignore[arg-type]
    rare = [i for i in range(LARGE) if i % 55 == 0]
    # the titles' "erro" is looked up, not walked: the 300 articles with it only in their title
    # are not found, but it still counts (coverage and title) for those found by the rare word
    assert sorted(found) == sorted(f"a{i:04d}" for i in rare)
    with_both = [f"a{i:04d}" for i in rare if i < 300]
    assert set(found[:len(with_both)]) == set(with_both)
    assert all(r["coverage"] == 2 and r["titleCoverage"] == 1 for r in results[:len(with_both)])
    assert all(r["coverage"] == 1 for r in results[len(with_both):])
    # (with partial results: the 14 without "erro" hold the query only in their bodies, a passing
    # mention in a short query, so they no longer answer)
    assert [r.ref for r in search(load_site_index(folder), "erro tributário", limit=0, partial_limit=LARGE)] == \
        [r["ref"] for r in results]


def test_a_common_title_word_alone_is_walked(node: NodeBridge, common_titles_site: tuple[Path, BuiltSite]) -> None:
    _, built = common_titles_site
    (results,) = run_full(node, built, "erro")
    assert len(results) == 300  # the query's rarest (here only) term is walked in every field


@pytest.fixture(scope="module")
def error_codes_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, BuiltSite]:
    """Each of 200 articles quotes its own error code ("ERRO-1042": the term "erro1042"); the ones
    whose number is a multiple of 7 quote it three times, so their codes are the most frequent terms.
    Small shards, as at 20,000 articles: the codes fall in many of them."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(shards, "SHARD_CHARACTERS", 300)
        return write_large(
            tmp_path_factory, "error-codes",
            lambda i: f"Protocolo recusado {i}",
            lambda i: (f"O envio falhou com ERRO-{1000 + i}. " * (3 if i % 7 == 0 else 1)) if i < 200
            else f"O pedido {i} foi registrado.")


def test_a_query_submitted_mid_word_completes_it_within_max_expansions(
        node: NodeBridge, error_codes_site: tuple[Path, BuiltSite]) -> None:
    """"envio erro" submitted without a space completes "erro": 200 error codes start with it; only the
    MAX_EXPANSIONS held most are read (at 20,000 articles the uncapped completion loaded 745 shards,
    1 MB), and the browser and the Python port still agree."""
    folder, _ = error_codes_site
    static = str(folder / "_static")
    (answer,) = node.call("sharded", folder=static, mode="f",
                          queries=[{"text": "envio erro", "options": {"limit": 0, "partialLimit": LARGE}}])
    term_shards = [name for name in answer["loaded"] if re.fullmatch(r"kbgen-search-f-\d+\.js", name)]
    assert 0 < len(term_shards) <= MAX_EXPANSIONS + 2  # "envi", "erro" and 16 completions at most
    python = search(load_site_index(folder), "envio erro", limit=0, partial_limit=LARGE)
    assert [(r.ref, r.answers) for r in python] == [(r["ref"], r["answers"]) for r in answer["results"]]
    assert python, "the query finds the articles that quote a code"
