"""The browser's query engine (kbgen-search.js) over indexes built by Python."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from searchhelpers import BuiltSite

from kbgen.search.index import (
    DOCS_FILE,
    FULL_FILE,
    SUGGEST_FILE,
    SearchDocument,
    build_indexes,
    build_lunr_indexes,
    sorted_documents,
)
from tests.node_bridge import NodeBridge


def run(node: NodeBridge, built: BuiltSite, kind: str, *texts: str, **options: Any) -> list[list[dict[str, Any]]]:
    queries = [{"text": text, "options": options} for text in texts]
    result: list[list[dict[str, Any]]] = node.call(
        "query", files=built.paths(SUGGEST_FILE, FULL_FILE, DOCS_FILE), kind=kind, queries=queries
    )
    return result


def slugs(built: BuiltSite, results: list[dict[str, Any]]) -> list[str]:
    return [built.url(r["ref"]).rsplit("/", 1)[-1].removesuffix(".html") for r in results]


def top(node: NodeBridge, built: BuiltSite, text: str, kind: str = "full", **options: Any) -> str:
    (results,) = run(node, built, kind, text, **options)
    assert results, f"nothing found for {text!r}"
    return slugs(built, results)[0]


FOUND_AS_TYPED = [
    ("NFS-e", "como-cancelar-uma-nfse"),
    ("nfse", "como-cancelar-uma-nfse"),
    ("nfs-e", "como-cancelar-uma-nfse"),
    ("NFSe", "como-cancelar-uma-nfse"),
    ("e-Sfinge", "envio-ao-e-sfinge"),
    ("esfinge", "envio-ao-e-sfinge"),
    ("EST-000206", "declaracao-de-servicos-tomados"),
    ("000206", "declaracao-de-servicos-tomados"),
    ("erro 700", "erro-700-no-balancete"),
    ("DCTFWeb", "como-enviar-a-dctfweb"),
    ("dctfweb", "como-enviar-a-dctfweb"),
    ("ISSQN retido", "retencao-de-issqn"),
    ("declaracao servicos tomados", "declaracao-de-servicos-tomados"),
    ("eletronica", "como-emitir-uma-nfse"),
    ("devolucao", "como-cancelar-uma-nfse"),
    ("devolução", "como-cancelar-uma-nfse"),
]

FOUND_AS_YOU_TYPE = [
    ("emis", "como-emitir-uma-nfse"),
    ("emiss", "como-emitir-uma-nfse"),
    ("declarac", "declaracao-de-servicos-tomados"),
    ("canc", "como-cancelar-uma-nfse"),
    ("esfin", "envio-ao-e-sfinge"),
    ("dctf", "como-enviar-a-dctfweb"),
    ("issq", "retencao-de-issqn"),
    ("segunda v", "segunda-via-do-boleto"),
    ("iptu bol", "segunda-via-do-boleto"),
    ("ferias cal", "como-calcular-ferias"),
    ("revisao do valor ven", "revisao-do-valor-venal"),
]


class Answers:
    """The parametrized queries above, answered by one Node run (a run costs ~0.1 s)."""

    def __init__(self, node: NodeBridge, built: BuiltSite) -> None:
        self.built = built
        typed = [query for query, _ in FOUND_AS_TYPED]
        as_you_type = [query for query, _ in FOUND_AS_YOU_TYPE]
        suggest = run(node, built, "suggest", *as_you_type, prefix=True, limit=5)
        self.results = {
            "full": dict(zip(typed, run(node, built, "full", *typed), strict=True)),
            "suggest": dict(zip(as_you_type, suggest, strict=True)),
        }

    def top(self, kind: str, text: str) -> str:
        results = self.results[kind][text]
        assert results, f"nothing found for {text!r}"
        return slugs(self.built, results)[0]


@pytest.fixture(scope="module")
def answers(node: NodeBridge, built: BuiltSite) -> Answers:
    return Answers(node, built)


PLAIN_QUERIES = [
    "cancelar nota",
    "declaracao",
    "declaração",
    "segunda via boleto",
    "férias",
    "ferias",
    "erro balancete",
    "prazo esfinge",
    "issqn",
    "retenção tomador",
    "dctfweb transmitir",
    "valor venal",
    "nfse",
    "emissão lote",
]


def test_lunr_py_and_lunr_js_agree(sample_docs: list[SearchDocument], tmp_path: Path, node: NodeBridge) -> None:
    """Same index, same plain queries, through each side's own lunr and search pipeline."""
    built = build_lunr_indexes(sample_docs)
    paths = []
    for name, content in build_indexes(sample_docs, whole=True).items():
        (tmp_path / name).write_text(content, encoding="utf-8")
        paths.append(str(tmp_path / name))
    for kind, index in (("full", built.full), ("suggest", built.suggest)):
        js = node.call("lunr", files=paths, kind=kind, queries=PLAIN_QUERIES)
        found = 0
        for query, js_results in zip(PLAIN_QUERIES, js, strict=True):
            py_results = index.search(query)
            assert [r["ref"] for r in py_results] == [ref for ref, _ in js_results], (kind, query)
            for py, (_, score) in zip(py_results, js_results, strict=True):
                assert py["score"] == pytest.approx(score, abs=0.002)
            found += bool(py_results)
        assert found >= len(PLAIN_QUERIES) // 2, kind


@pytest.mark.parametrize(("query", "article"), FOUND_AS_TYPED)
def test_codes_hyphens_and_accents(answers: Answers, query: str, article: str) -> None:
    assert answers.top("full", query) == article


def test_pasted_error_message_does_not_throw(node: NodeBridge, built: BuiltSite) -> None:
    # lunr's index.search() throws on this (":" reads as a field name).
    texts = ["Erro 700: Erro no arquivo BALANCETE", "title:x +y -z ~1 ^2 * \\ (a) [b] {c}", "***", ""]
    results = run(node, built, "full", *texts)
    assert slugs(built, results[0])[0] == "erro-700-no-balancete"
    assert results[2] == results[3] == []


def test_questions(node: NodeBridge, built: BuiltSite) -> None:
    assert top(node, built, "como faço pra tirar segunda via do boleto") == "segunda-via-do-boleto"
    assert top(node, built, "qual o prazo de envio do e-sfinge?") == "envio-ao-e-sfinge"
    assert top(node, built, "como calcular o terço de férias") == "como-calcular-ferias"


def test_only_stop_words_find_nothing(node: NodeBridge, built: BuiltSite) -> None:
    assert run(node, built, "full", "como de para o que", "pra onde") == [[], []]


def test_one_typo_still_finds(node: NodeBridge, built: BuiltSite) -> None:
    assert top(node, built, "cancelameto") == "como-cancelar-uma-nfse"
    assert top(node, built, "boelto iptu") == "segunda-via-do-boleto"
    assert top(node, built, "retencao isqn") == "retencao-de-issqn"
    assert top(node, built, "balancte") == "erro-700-no-balancete"


def test_typos_that_change_the_stem_still_find(node: NodeBridge, built: BuiltSite) -> None:
    # One edit can move Snowball's regions: "aqusitivo" is not one edit from the stem "aquisit",
    # but one of its one-edit variants stems to it.
    assert top(node, built, "aqusitivo") == "como-calcular-ferias"
    assert top(node, built, "impugancao") == "revisao-do-valor-venal"
    assert top(node, built, "tirbunal") == "envio-ao-e-sfinge"


def test_a_stop_word_being_typed_may_start_a_word(node: NodeBridge, built: BuiltSite) -> None:
    # "pro" is a filler, "com" a stop word, but as you type they may be "processo", "compensação".
    (alone, after_words, finished) = run(node, built, "full", "pro", "valor venal pro", "valor venal pro ", prefix=True)
    assert "revisao-do-valor-venal" in slugs(built, alone)
    assert all(any(t.startswith("pro") for t in r["matchedTerms"]) for r in alone)
    # after real words, the completions only reorder documents that have those words
    assert slugs(built, after_words)[0] == "revisao-do-valor-venal"
    assert all(r["coverage"] > 0 for r in after_words)
    # a finished stop word (a space after it) is dropped as usual
    assert all(not t.startswith("pro") for r in finished for t in r["matchedTerms"])


def test_typo_matches_never_beat_exact_ones(node: NodeBridge, built: BuiltSite) -> None:
    # "cota" is a word of the boleto article; its one-edit neighbours ("nota", "conta"…) must not
    # give other articles coverage.
    (results,) = run(node, built, "full", "cota única")
    assert slugs(built, results)[0] == "segunda-via-do-boleto"
    assert all(r["coverage"] == r["words"] for r in results[:1])
    assert all(r["coverage"] < r["words"] for r in results[1:])


def test_documents_with_every_word_come_first(node: NodeBridge, built: BuiltSite) -> None:
    for text in ["guia iptu", "retencao issqn tomador", "nota fiscal de servico", "prazo remessa bimestre"]:
        (results,) = run(node, built, "full", text, limit=0)
        coverage = [r["coverage"] for r in results]
        assert coverage == sorted(coverage, reverse=True), text
        assert coverage[0] == results[0]["words"], text
    assert top(node, built, "guia iptu") == "segunda-via-do-boleto"


@pytest.mark.parametrize(("typed", "article"), FOUND_AS_YOU_TYPE)
def test_search_as_you_type(answers: Answers, typed: str, article: str) -> None:
    assert answers.top("suggest", typed) == article


def test_prefix_back_off_uses_the_longest_live_prefix(node: NodeBridge, built: BuiltSite) -> None:
    # "declaracx" starts no term; "declarac" does not either (the stem is "declar"), but it
    # still reaches the declaration articles through the back-off.
    (results,) = run(node, built, "suggest", "declaracx", prefix=True)
    assert "declaracao-de-servicos-tomados" in slugs(built, results)
    assert "declar" in results[0]["matchedTerms"]


def test_a_slip_no_prefix_forgives_is_corrected_as_you_type(node: NodeBridge, built: BuiltSite) -> None:
    # "itpu" starts no term and its longest live prefix is under MIN_PREFIX letters, so the back-off
    # finds nothing; the one-edit corrections of the results page find "iptu" (a swap) as you type too.
    for typed in ("itpu", "boleto itpu"):
        (results,) = run(node, built, "suggest", typed, prefix=True, limit=5)
        assert "segunda-via-do-boleto" in slugs(built, [r for r in results if r["answers"]]), typed
    # a word still being typed that starts some term gets no corrections: its completions are what it means
    (results,) = run(node, built, "suggest", "bolet", prefix=True, limit=5)
    assert all("bolet" in " ".join(r["matchedTerms"]) for r in results)


def test_limit_and_result_shape(node: NodeBridge, built: BuiltSite) -> None:
    (results,) = run(node, built, "full", "nota", limit=2)
    assert len(results) == 2
    assert set(results[0]) == {
        "ref", "score", "matchedTerms", "coverage", "words", "titleCoverage", "quality", "answers"}
    assert isinstance(results[0]["ref"], int)


def test_long_pasted_text_is_capped_and_fast(node: NodeBridge, built: BuiltSite) -> None:
    text = " ".join(f"palavra{i} erro{i} arquivo" for i in range(300)) + " balancete"
    (results,) = run(node, built, "full", text)
    assert results  # "arquivo" and friends still match; nothing explodes


def test_highlight_ranges_and_segments(node: NodeBridge) -> None:
    text = "O cancelamento da NFS-e foi Cancelado; ver e-Sfinge e EST-000206. Outro texto."
    decomposed = "Emissa\u0303o da nota"  # "Emissão" with a combining tilde
    cases = [
        {"text": text, "terms": ["cancel", "nfse", "esfing", "000206"]},
        {"text": decomposed, "terms": ["emissa"]},
        {"text": "nada aqui", "terms": ["cancel"]},
        {"text": "a emis\u00adsão e o can\u200dcelamento, nota\u200bfiscal", "terms": ["emissa", "cancel", "fiscal"]},
    ]
    got = node.call("highlight", cases=cases)
    marked = [text[r["start"] : r["end"]] for r in got[0]["ranges"]]
    assert marked == ["cancelamento", "NFS-e", "Cancelado", "e-Sfinge", "EST-000206"]
    assert "".join(s["text"] for s in got[0]["segments"]) == text
    assert [decomposed[r["start"] : r["end"]] for r in got[1]["ranges"]] == ["Emissa\u0303o"]
    assert got[2] == {"ranges": [], "segments": [{"text": "nada aqui", "highlight": False}]}
    # a soft hyphen or zero-width joiner inside a word (pasted from a PDF or a web page) does not cut
    # it; a zero-width space is a word break
    pasted, ranges = cases[3]["text"], got[3]["ranges"]
    assert [pasted[r["start"] : r["end"]] for r in ranges] == ["emis\u00adsão", "can\u200dcelamento", "fiscal"]


def test_query_latency(node: NodeBridge, built: BuiltSite) -> None:
    queries = ["nota fiscal", "segunda via boleto", "cancelameto", "Erro 700: Erro no arquivo BALANCETE", "emiss"]
    for prefix in (False, True):
        timing = node.call("bench", files=built.paths(FULL_FILE), kind="full", queries=queries, rounds=20,
                           prefix=prefix)
        assert timing["medianMs"] < 20, timing


def test_a_prefix_of_many_terms_keeps_its_most_frequent_completions(node: NodeBridge, tmp_path: Path) -> None:
    # "err" stands for "erro" and 20 error codes: as you type, only the 16 completions held by
    # the most articles become clauses (max_expansions), so a short prefix stays one cheap query.
    docs = [SearchDocument(f"fiscal/notas/erro-{code}.html", f"Erro{code} na remessa", "Fiscal", "Notas",
                           (), "", (), "texto") for code in range(1000, 1020)]
    docs += [SearchDocument(f"fiscal/notas/comum-{i}.html", f"Erro{1000 + i % 3} ao enviar", "Fiscal", "Notas",
                            (), "", (), "texto") for i in range(15)]
    docs.append(SearchDocument("fiscal/notas/erro.html", "Erro no envio", "Fiscal", "Notas", (), "", (), "texto"))
    files = {}
    for name, content in build_indexes(sorted_documents(docs), None, whole=True).items():
        (tmp_path / name).write_text(content, encoding="utf-8")
        files[name] = str(tmp_path / name)
    built = BuiltSite(sorted_documents(docs), files)
    (typed,) = run(node, built, "suggest", "err", prefix=True, limit=0)
    matched = {t for r in typed for t in r["matchedTerms"]}
    assert {"erro", "erro1000", "erro1001", "erro1002"} <= matched  # the most frequent are kept
    assert len(matched) == 16
    # one more letter and every code is within reach again
    (narrower,) = run(node, built, "suggest", "erro101", prefix=True, limit=0)
    assert {t for r in narrower for t in r["matchedTerms"]} >= {f"erro{c}" for c in range(1010, 1020)}
    # the results page is unchanged: every completion of a word the index does not know counts
    (full,) = run(node, built, "full", "erro10", limit=0)
    assert len({t for r in full for t in r["matchedTerms"]}) > 16
