"""The results page's snippets: the passages a build writes (kbgen.search.passages) and the choice,
in the browser, of the passage that holds most of what the query matched (``bestPassage`` of
kbgen-search-results.js, run under Node)."""

from __future__ import annotations

import random
from pathlib import Path

from searchhelpers import BuiltSite, script_value

from kbgen.search.index import DOCS_FILE, PASSAGES_FILE, SearchDocument, build_indexes
from kbgen.search.passages import (
    ELLIPSIS,
    MAX_DOCUMENT_CHARS,
    MAX_HEADINGS,
    PASSAGE_LENGTH,
    SEPARATOR,
    cut,
    document_passages,
    is_cross_reference,
    site_passages,
)
from tests.node_bridge import NodeBridge


def test_sentences_in_reading_order_then_headings() -> None:
    body = ("Para cancelar a nota, acesse o portal do contribuinte. Depois clique em Cancelar e confirme.\n"
            "Veja o art. 5º da lei e pague R$ 1.000,00 até o dia 10. O prazo para pedir é de 30 dias corridos!\n"
            "Isso vale para o e-mail. depois disso, nada muda.")
    assert document_passages(body, ("Como cancelar", "Prazos")) == [
        "Para cancelar a nota, acesse o portal do contribuinte.",
        "Depois clique em Cancelar e confirme.",
        "Veja o art. 5º da lei e pague R$ 1.000,00 até o dia 10.",
        "O prazo para pedir é de 30 dias corridos!",
        "Isso vale para o e-mail. depois disso, nada muda.",
        "Como cancelar",
        "Prazos",
    ]


def test_short_pieces_are_read_with_what_follows() -> None:
    # table cells and one-word list items are one paragraph each (a line of the body)
    body = "Situação\nO que significa\nVencida\nSai com multa e juros até a data escolhida\nPronto. Agora salve a nota."
    assert document_passages(body, ()) == [
        f"Situação{SEPARATOR}O que significa{SEPARATOR}Vencida",
        "Sai com multa e juros até a data escolhida",
        "Pronto. Agora salve a nota.",
    ]


def test_long_sentences_are_cut_at_spaces_with_ellipses() -> None:
    sentence = " ".join(f"palavra{i}" for i in range(120))
    pieces = cut(sentence)
    assert len(pieces) > 1 and all(len(p) <= PASSAGE_LENGTH + 2 for p in pieces)
    assert pieces[0].endswith(ELLIPSIS) and pieces[1].startswith(ELLIPSIS)
    assert " ".join(p.strip(ELLIPSIS) for p in pieces).split() == sentence.split()
    unbroken = "x" * (3 * PASSAGE_LENGTH)  # no space to cut at: cut where it must be
    assert "".join(p.strip(ELLIPSIS) for p in cut(unbroken)) == unbroken


def test_each_document_is_bounded_whatever_its_size() -> None:
    rng = random.Random(3)
    words = ["nota", "fiscal", "prazo", "Cancelar.", "IPTU", "certidão", "—", "😀", "\u202e", "x" * 400]
    body = "\n".join(" ".join(rng.choice(words) for _ in range(rng.randrange(1, 300))) for _ in range(2_000))
    headings = [f"Seção {i}" for i in range(100)]
    passages = document_passages(body, headings)
    sentences = [p for p in passages if not p.startswith("Seção ")]
    assert sum(len(p) for p in sentences) <= MAX_DOCUMENT_CHARS
    assert all(len(p) <= PASSAGE_LENGTH + 2 for p in passages)
    assert len(passages) - len(sentences) == MAX_HEADINGS
    assert len(set(passages)) == len(passages)


def test_a_sentence_that_only_points_to_another_article_is_no_passage() -> None:
    titles = {"Como cancelar uma NFS-e?", "Como declarar/protocolar declaração sem movimento?", "IPTU"}
    assert is_cross_reference("Veja Como declarar/protocolar declaração sem movimento?.", titles)
    assert is_cross_reference("Leia também: Como cancelar uma NFS-e?", titles)
    assert is_cross_reference("Como cancelar uma NFS-e?", titles)
    # a sentence that says something of its own besides the title, or a title in passing, stays
    assert not is_cross_reference("Para gerar e enviar o arquivo mensal, siga Como cancelar uma NFS-e?.", titles)
    assert not is_cross_reference("Pague o IPTU.", titles)
    assert not is_cross_reference("Como cancelar uma NFS-e? Ligue para a prefeitura.", titles)
    assert not is_cross_reference("", titles) and not is_cross_reference("Veja.", set())
    body = ("A declaração sem movimento é obrigatória.\nVeja Como cancelar uma NFS-e?.\n"
            "Sem ela, a certidão é negada.")
    assert site_passages([("Como cancelar uma NFS-e?", "", ()), ("Declaração", body, ())])[1] == [
        "A declaração sem movimento é obrigatória.", "Sem ela, a certidão é negada."]


def test_empty_and_blank_documents_have_no_passages() -> None:
    assert document_passages("", ()) == []
    assert document_passages(" \n\t\n", ("", "  ")) == []


def test_the_file_is_parallel_to_the_docs_and_byte_stable(built: BuiltSite) -> None:
    docs = script_value(Path(built.files[DOCS_FILE]))
    passages = script_value(Path(built.files[PASSAGES_FILE]))
    assert len(passages) == len(docs) == len(built.docs)
    assert passages == site_passages((d.title, d.body, d.headings) for d in built.docs)
    shuffled = list(built.docs)
    random.Random(5).shuffle(shuffled)
    assert build_indexes(shuffled, whole=True)[PASSAGES_FILE] == build_indexes(built.docs, whole=True)[PASSAGES_FILE]


def test_passages_cannot_close_the_script(tmp_path: Path) -> None:
    doc = SearchDocument("a/b/c.html", "T", "A", "B", (), "", ("</script><script>alert(1)",),
                         "Texto </script><!-- sobre a nota.\u2028Fim da linha.")
    text = build_indexes([doc], whole=True)[PASSAGES_FILE]
    assert "</script" not in text and "<!--" not in text and "\u2028" not in text
    path = tmp_path / PASSAGES_FILE
    path.write_text(text, encoding="utf-8")
    assert script_value(path) == [document_passages(doc.body, doc.headings, {doc.title})]


def _best(node: NodeBridge, *cases: dict[str, object]) -> list[int]:
    result: list[int] = node.call("passage", cases=list(cases))
    return result


def test_the_passage_holding_most_matched_terms_wins(node: NodeBridge) -> None:
    passages = ["O IPTU vence em março.", "Para cancelar a nota fiscal, abra o portal.",
                "A nota pode ser cancelada em até 30 dias."]
    # terms are index terms (stems): "cancelamento nota" matched cancel + not
    assert _best(node, {"passages": passages, "terms": ["cancel", "not"]},
                 {"passages": passages, "terms": ["iptu"]},
                 {"passages": passages, "terms": ["itbi"]},
                 {"passages": [], "terms": ["not"]},
                 {"passages": passages, "terms": []}) == [1, 0, -1, -1, -1]


def test_ties_go_to_the_earlier_passage_and_a_word_counts_once(node: NodeBridge) -> None:
    passages = ["Nota, nota, nota e mais nota.", "Outra nota aqui.", "A nota do prazo."]
    assert _best(node, {"passages": passages, "terms": ["not"]}) == [0]
    assert _best(node, {"passages": passages, "terms": ["not", "praz"]}) == [2]


def test_rare_words_weigh_more_than_common_ones(node: NodeBridge) -> None:
    passages = ["A nota fiscal do mês.", "O protocolo da retificação."]
    weights = {"not": 0.1, "fiscal": 0.2, "retific": 3.0}
    assert _best(node, {"passages": passages, "terms": ["not", "fiscal", "retific"]}) == [0]
    assert _best(node, {"passages": passages, "terms": ["not", "fiscal", "retific"], "weights": weights}) == [1]
    # a weight of nothing (a term the index does not hold) never makes a passage the best
    assert _best(node, {"passages": passages, "terms": ["not"], "weights": {"not": 0}}) == [-1]


def test_hostile_terms_and_passages(node: NodeBridge) -> None:
    passages = ["constructor toString __proto__", "hasOwnProperty valueOf"]
    assert _best(node, {"passages": passages, "terms": ["valueof"]}) == [1]
    assert _best(node, {"passages": passages, "terms": ["nada"]}) == [-1]
    assert _best(node, {"passages": ["\u202e\ud83d\ude00 texto", "", "x" * 10_000], "terms": ["text"]}) == [0]
