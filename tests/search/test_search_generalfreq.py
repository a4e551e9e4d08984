"""General Portuguese as a floor under a word's document frequency (kbgen.search.generalfreq).

The vendored table is what wordfreq gives (checked when wordfreq is installed: the test extra);
``word_weights`` takes the larger of the site's count and the table's share; and both engines
let a word common in Portuguese, held by one article of a small site, add to a result but never
carry it alone.
"""

from __future__ import annotations

import math
import re
from pathlib import Path

import pytest
from searchhelpers import BuiltSite

from kbgen.search import confidence, query
from kbgen.search.confidence import WordWeight, inverse_frequency, word_weights
from kbgen.search.generalfreq import GENERAL_SHARES, MIN_SHARE, _parse, derive, table_text
from kbgen.search.index import DOCS_FILE, FULL_FILE, SUGGEST_FILE, SearchDocument, build_indexes, sorted_documents
from kbgen.search.scripts import query_constants
from kbgen.search.siteindex import load_site_index
from tests.node_bridge import NodeBridge


def test_the_vendored_table_is_what_wordfreq_gives() -> None:
    pytest.importorskip("wordfreq")
    assert derive() == GENERAL_SHARES


def test_the_table_holds_plain_terms_with_shares_above_the_floor() -> None:
    assert 200 < len(GENERAL_SHARES) < 2000  # compact: it ships in kbgen-search.js
    for term, permille in GENERAL_SHARES.items():
        assert re.fullmatch(r"[a-z0-9]+", term), term
        assert MIN_SHARE * 1000 - 0.5 <= permille <= 1000, (term, permille)
    assert _parse(table_text(GENERAL_SHARES)) == GENERAL_SHARES
    assert query_constants()["GENERAL_SHARES"] == GENERAL_SHARES  # the browser gets the same table


QUER = GENERAL_SHARES["quer"] / 1000  # "queria", "querer": more than a quarter of ordinary texts


def test_a_share_of_ordinary_texts_stands_for_that_many_documents() -> None:
    rare_in_site, unlisted = word_weights(100, [1, 1], 2, ["quer", "zzzz"])
    assert rare_in_site == WordWeight(inverse_frequency(100, QUER * 100), True)  # > a quarter: common
    assert unlisted == WordWeight(inverse_frequency(100, 1), False)
    assert rare_in_site.weight < unlisted.weight


def test_the_site_count_wins_when_it_is_higher() -> None:
    assert word_weights(100, [90], 1, ["quer"]) == word_weights(100, [90], 1)
    assert word_weights(100, [3], 1, ["zzzz"]) == word_weights(100, [3], 1, None)


def test_an_unknown_word_common_in_portuguese_is_no_rare_concept() -> None:
    share = GENERAL_SHARES["vej"] / 1000  # "vejo", "veja"
    (narration,) = word_weights(50, [0], 8, ["vej"])
    (unknown,) = word_weights(50, [0], 8, ["zzzz"])
    unseen = 4 / 8  # SHORT_QUERY_WORDS / words: the long-query discount still applies
    assert math.isclose(narration.weight, inverse_frequency(50, share * 50) * unseen)
    assert narration.weight < unknown.weight and not narration.common


FILLER = "Texto de apoio sobre o atendimento da prefeitura, com passos e observações gerais."


def _article(slug: str, title: str, body: str) -> SearchDocument:
    return SearchDocument(url=f"s/m/{slug}.html", title=title, set_title="Tributos", module_title="Atendimento",
                          tags=(), description="", headings=(), body=f"{FILLER} {body}")


def _site(tmp_path: Path) -> BuiltSite:
    docs = [_article(f"pedido-{i}", f"Pedido número {i}", f"O pedido {i} segue o rito.") for i in range(18)]
    docs.append(_article("relato", "Relato de atendimento", "O contribuinte queria saber do pedido."))
    docs.append(_article("certidao", "Certidão negativa", "Como obter a certidão negativa."))
    static = tmp_path / "_static"
    static.mkdir(parents=True)
    files = {}
    for name, content in build_indexes(docs, whole=True).items():
        (static / name).write_text(content, encoding="utf-8")
        files[name] = str(static / name)
    return BuiltSite(sorted_documents(docs), files)


def _answering(node: NodeBridge, built: BuiltSite, text: str) -> list[str]:
    (results,) = node.call("query", files=built.paths(SUGGEST_FILE, FULL_FILE, DOCS_FILE), kind="full",
                           queries=[{"text": text, "options": {"partialLimit": 5}}])
    return [built.url(r["ref"]) for r in results if r["answers"]]


def test_a_common_word_one_article_holds_cannot_carry_it(
    tmp_path: Path, node: NodeBridge, monkeypatch: pytest.MonkeyPatch
) -> None:
    built = _site(tmp_path)
    site = load_site_index(tmp_path)
    assert "quer" in GENERAL_SHARES and site.document_frequency("quer") == 1
    text = "queria a certidao"
    python = [site.docs[r.ref]["url"] for r in query.search(site, text, partial_limit=5) if r.answers]
    assert python == _answering(node, built, text) == ["s/m/certidao.html"]
    # without the table, "queria" (one article of twenty) weighs as much as "certidao": neither answers
    monkeypatch.setattr(confidence, "GENERAL_SHARES", {})
    assert not [r for r in query.search(site, text) if r.answers]
