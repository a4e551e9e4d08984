"""The hand-off page's suggestions under Node (kbgen-handoff-page.js): the engine's prior from the
selected set and module (kbgen-search.js's contextPrior, as the page asks for it), the text read
(subject and description), which index reads it, and which results are shown."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from .node_bridge import NodeBridge

DOCS = [
    {"url": "fiscal/nota-fiscal-eletronica/como-cancelar-uma-nfs-e.html", "title": "Cancelar"},
    {"url": "fiscal/escrita-fiscal/como-retificar.html", "title": "Retificar"},
    {"url": "fiscal-2/nota-fiscal-eletronica/outro.html", "title": "Outro conjunto de nome parecido"},
    {"url": "arrecadacao/iptu/segunda-via.html", "title": "IPTU"},
    {"url": "fiscal.html", "title": "Sem módulo"},
    {"title": "Sem endereço"},
]


def test_prior_is_one_for_the_module_half_for_the_set_zero_elsewhere(node: NodeBridge) -> None:
    refs = ["0", "1", "2", "3", "4", "5", "6", "__proto__", "constructor", "-1"]
    weights = node.call("prior", docs=DOCS, set="fiscal", module="nota-fiscal-eletronica", refs=refs)
    assert weights == [1, 0.5, 0, 0, 0, 0, 0, 0, 0, 0]


def test_prior_with_a_set_and_no_module_weighs_the_set_alone(node: NodeBridge) -> None:
    weights = node.call("prior", docs=DOCS, set="fiscal", module="", refs=["0", "1", "2", "3"])
    assert weights == [0.5, 0.5, 0, 0]


def test_no_set_selected_no_prior(node: NodeBridge) -> None:
    assert node.call("prior", docs=DOCS, set="", module="nota-fiscal-eletronica", refs=["0"]) is None


def test_prior_over_hostile_refs_and_docs_is_zero(node: NodeBridge) -> None:
    docs = {"a": {"url": "rh/folha/x.html"}}
    assert node.call("prior", docs=docs, set="rh", module="folha", refs=["a", "toString", "hasOwnProperty"]) == \
        [1, 0, 0]


def test_the_text_read_is_subject_and_description_on_one_line(node: NodeBridge) -> None:
    assert node.call("suggestionText", subject="  Boleto\tvencido ", description="não consigo\n\nbaixar\r\n") == \
        "Boleto vencido não consigo baixar"
    assert node.call("suggestionText", subject="", description="só a descrição") == "só a descrição"
    assert node.call("suggestionText", subject=None, description=None) == ""


def _hits(*refs: Any, answers: Any = ...) -> list[dict[str, Any]]:
    return [{"ref": r, "score": 1.0} if answers is ... else {"ref": r, "score": 1.0, "answers": answers} for r in refs]


def test_pick_keeps_answering_results_only_and_at_most_five(node: NodeBridge) -> None:
    docs = [{"url": f"s/m/a{i}.html", "title": f"A{i}"} for i in range(9)]
    hits = _hits("0", "1", answers=True) + _hits("2", answers=False) + _hits("3", "4", "5", "6", "7")
    picked = node.call("pick", hits=hits, docs=docs, skip="", max=5)
    assert [d["title"] for d in picked] == ["A0", "A1", "A3", "A4", "A5"]  # "answers" missing: an older engine
    assert node.call("pick", hits=_hits("0", "1", answers=False), docs=docs, skip="", max=5) == []


def test_pick_never_shows_the_readers_article_nor_one_twice_nor_a_ref_without_doc(node: NodeBridge) -> None:
    docs = [{"url": "s/m/a.html", "title": "A"}, {"url": "s/m/b.html", "title": "B"},
            {"url": "s/m/a.html", "title": "A"}]
    hits: list[Any] = [*_hits("0", "1", "2", "9", "__proto__"), None]
    assert [d["title"] for d in node.call("pick", hits=hits, docs=docs, skip="s/m/b.html", max=5)] == ["A"]
    assert node.call("pick", hits=[], docs=docs, skip="", max=5) == []


def test_suggestions_over_the_sample_index(node: NodeBridge, sample_site: Path) -> None:
    static = sample_site / "_static"
    article = "fiscal/nota-fiscal-eletronica/como-cancelar-uma-nfs-e.html"
    ask = {"folder": str(static), "subject": "cancelar nota",
           "description": "emiti a nota fiscal com erro e preciso cancelar", "set": "fiscal",
           "module": "nota-fiscal-eletronica"}
    for kind, mode in (("suggest", "s"), ("full", "f")):
        answer = node.call("suggestions", kind=kind, skip="", **ask)
        shown = answer["shown"]
        assert 1 <= len(shown) <= 5
        assert article in [d["url"] for d in shown]
        # the manifest and shards of this kind's index, and document chunks: nothing of the other
        loaded = answer["loaded"]
        assert loaded[0] == f"kbgen-search-{mode}.js"
        assert all(re.fullmatch(rf"kbgen-search-({mode}|d)-[0-9]+\.js", name) for name in loaded[1:]), loaded
        assert any(name.startswith("kbgen-search-d-") for name in loaded)
        without = node.call("suggestions", kind=kind, skip=article, **ask)["shown"]
        assert article not in [d["url"] for d in without] and len(without) <= 5


def test_a_few_words_ask_the_suggestion_index_a_description_the_full_one(node: NodeBridge) -> None:
    texts = ["", "boleto", "  cancelar   nota\tfiscal ", "nfs-e cancelada ontem erro", "a b c d",
             "o portal nao deixa eu baixar o boleto do parcelamento"]
    assert node.call("indexKind", texts=texts) == ["suggest", "suggest", "suggest", "full", "full", "full"]


def test_a_few_words_are_completed_a_description_is_read_as_whole_words(node: NodeBridge) -> None:
    assert node.call("queryOptions", set="fiscal", module="", kind="suggest") == \
        {"prefix": True, "limit": 6, "prior": "function"}
    assert node.call("queryOptions", set="", module="", kind="full") == \
        {"prefix": False, "limit": 6, "prior": "undefined"}
