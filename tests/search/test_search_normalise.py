"""What normalisation promises readers: accents, codes, hyphens and stop words (both sides)."""

from __future__ import annotations

import pytest

from kbgen.search import normalise as N
from kbgen.search import stopwords
from tests.node_bridge import NodeBridge


def query_terms(text: str) -> list[str]:
    return [word.term for word in N.query_words(text)]


@pytest.mark.parametrize(
    ("plain", "accented"),
    [
        ("declaracao", "declaração"),
        ("declaracoes", "Declarações"),
        ("eletronica", "eletrônica"),
        ("devolucao", "devolução"),
        ("emissoes", "emissões"),
        ("definicao", "definições"),
        ("ferias", "férias"),
        ("calculo", "cálculo"),
        ("credito", "CRÉDITO"),
        ("possivel", "possível"),
        ("consistencia", "consistências"),
        ("conciliacao", "conciliação"),
    ],
)
def test_accents_do_not_matter(plain: str, accented: str) -> None:
    assert N.normalise(plain) == N.normalise(accented) != ""
    assert query_terms(plain) == query_terms(accented) == N.index_terms(accented)


@pytest.mark.parametrize(
    ("a", "b"),
    [("declaração", "declarações"), ("cancelamento", "cancelar"), ("devolução", "devoluções"), ("emissão", "emissões"),
     # the spelling alternations of -car, -gar and -ificar verbs, which Snowball stems apart: c and g
     # before e become qu and gu ("verifique", "cliquei", "paguei"), and its adjective step takes
     # "-ico"/"-ica" from "retifico", "verifica" (readers narrate in the first person; articles say
     # "verifique" and "clique")
     ("retifico", "retificar"), ("verifica", "verificação"), ("verifique", "verificar"), ("verifiquei", "verificar"),
     ("clique", "clicar"), ("cliquei", "clicar"), ("cliquem", "clicar"), ("fiquei", "ficar"), ("paguei", "pagar"),
     ("entreguei", "entregar"), ("específico", "especificar"), ("identifica", "identificação")],
)
def test_related_words_meet(a: str, b: str) -> None:
    assert N.normalise(a) == N.normalise(b)


@pytest.mark.parametrize(
    ("a", "b"),
    # "-que" alone is not rewritten: "porque", "parque", "cheque" and "estoque" are no verbs ("-gue"
    # neither: "consegue" is of "conseguir")
    [("porque", "porcar"), ("cheque", "checar"), ("parque", "parcar")],
)
def test_look_alike_words_stay_apart(a: str, b: str) -> None:
    assert N.normalise(a) != N.normalise(b)


@pytest.mark.parametrize(
    ("typed", "document"),
    [
        ("NFS-e", "Como cancelar uma NFS-e"),
        ("nfse", "Como cancelar uma NFS-e"),
        ("nfs-e", "A NFSe foi emitida"),
        ("NFSe", "nfs-e"),
        ("nfs", "Como cancelar uma NFS-e"),
        ("e-Sfinge", "remessa ao esfinge"),
        ("esfinge", "remessa ao e-Sfinge On-line"),
        ("EST-000206", "rejeitadas com o código **EST-000206**."),
        ("est000206", "código EST-000206"),
        ("000206", "código EST-000206"),
        ("erro 700", "Erro 700: Erro no arquivo BALANCETE"),
        ("DCTFWeb", "envio da dctfweb"),
        ("dctfweb", "Como enviar a DCTFWeb"),
        ("ISSQN", "retenção do issqn"),
        ("5.102", "CFOP 5102"),
        ("5102", "CFOP 5.102"),
    ],
)
def test_codes_and_hyphens_are_found_however_typed(typed: str, document: str) -> None:
    indexed = set(N.index_terms(document))
    for word in N.query_words(typed):
        assert word.term in indexed or (word.parts and set(word.parts) <= indexed), (typed, word, indexed)


def test_a_hyphenated_query_is_one_word_with_its_parts_kept() -> None:
    (word,) = N.query_words("NFS-e")
    assert (word.text, word.term, word.parts) == ("nfse", "nfse", ("nfs",))
    assert N.index_tokens("NFS-e e-Sfinge") == ["nfse", "nfs", "e", "esfinge", "e", "sfinge"]
    # a dash between words, a range and a sentence's dot do not glue
    assert N.word_groups("2019–2020 fim.Depois a - b") == [["2019"], ["2020"], ["fim"], ["depois"], ["a"], ["b"]]


def test_letters_the_stock_trimmer_cuts_are_kept() -> None:
    # lunr.py's generated pt trimmer cut g, k, w, x, y, z, ç, õ, â, ú, ü from word edges.
    for word in ["guia", "gestão", "xml", "kwh", "wifi", "yz", "açúcar", "põe", "âmbito", "útil", "tranqüilo"]:
        assert N.normalise(word)[:1] == N.fold(word)[:1], word
    assert N.normalise("(xml),") == "xml"
    assert N.trim("«guia»") == "guia"


def test_stop_words_are_dropped_accented_or_not() -> None:
    for word in ["de", "não", "nao", "é", "você", "voce", "às", "as", "está", "esta"]:
        assert N.normalise(word) == "", word
        assert N.is_stop_word(word)
    assert N.index_terms("é de você") == []


def test_questions_keep_only_the_words_that_matter() -> None:
    assert [w.text for w in N.query_words("Como faço pra tirar a segunda via do boleto?")] == [
        "tirar",
        "segunda",
        "via",
        "boleto",
    ]
    # fillers are query-only: an article still indexes them
    assert N.index_terms("onde") == [N.normalise("onde")] != [""]
    assert [w.text for w in N.query_words("onde", drop_fillers=False)] == ["onde"]


def test_other_scripts_and_digits_are_not_stemmed() -> None:
    assert N.normalise("ΣΥΣΤΗΜΑ") == "συστημα"
    assert N.normalise("EST000206") == "est000206"
    assert N.normalise("2024") == "2024"
    assert N.index_tokens("x" * 41 + " ok") == ["ok"]


def test_a_pasted_identifier_too_long_for_a_term_is_read_by_its_parts() -> None:
    code = "ERR_XML_SCHEMA_VALIDATION_FAILED_NFSE_LOTE_RPS_" + "X" * 41 + "_DE_A"
    words = N.query_words(code)
    # the parts, as the index keeps them; a part too long itself, and stop words, are dropped
    assert [w.text for w in words] == ["err", "xml", "schema", "validation", "failed", "nfse", "lote", "rps"]
    assert all(w.parts == () for w in words)
    assert N.query_words("x" * 41) == []


def test_reaccent_restores_the_suffixes_snowball_needs() -> None:
    assert N.reaccent("declaracao") == "declaração"
    assert N.reaccent("declaracoes") == "declaração"
    assert N.reaccent("emissoes") == "emissão"
    assert N.reaccent("consistencias") == "consistências"
    assert N.reaccent("gostariamos") == "gostaríamos"
    assert N.reaccent("declaramos") == "declaramos"  # present tense, left alone
    assert N.reaccent("ao") == "ao"  # a bare suffix is not a word ending


def test_a_degree_sign_after_a_number_is_the_ordinal_indicator() -> None:
    # phone keyboards put "°" on the 0 key and "º" on the o key: readers type either for 13º
    assert N.index_terms("13° salário") == N.index_terms("13º salário") == ["13o", "salari"]
    assert query_terms("2° via") == ["2o", "via"]
    assert N.index_terms("30°C 45°F") == ["30", "c", "45", "f"]  # a temperature stays one
    assert N.index_terms("n° 5") == ["n", "5"]  # not after a number: punctuation, as before


def test_chat_abbreviations_and_greetings_are_fillers_in_a_query() -> None:
    # abbreviations of stop words, as typed in a help desk's box; a greeting as a whole phrase
    assert query_terms("pq meu boleto venceu") == ["bolet", "venc"]
    assert query_terms("n consigo emitir a nota q cancelei") == ["emit", "not", "cancel"]
    assert query_terms("oq é situação tributária") == ["situaca", "tribut"]
    assert query_terms("Boa tarde, como cancelo uma NFS-e?") == ["cancel", "nfse"]
    assert query_terms("bom dia! segunda via do iptu") == ["segund", "via", "iptu"]
    # the same words alone keep their meaning, and the index keeps them all
    assert query_terms("dia de vencimento") == ["dia", "venciment"]
    assert query_terms("pagar mais tarde") == ["pag", "tard"]
    assert query_terms("turno da noite") == ["turn", "noit"]
    assert N.index_terms("boa tarde") == ["boa", "tard"]
    # domain terms that look like chat abbreviations stay: tuberculose, pessoa física, Mato Grosso
    assert query_terms("tb pf mt") == ["tb", "pf", "mt"]
    # pleas for help are fillers in a help center; the nouns that look like them are not
    assert query_terms("socorro, me ajudem, poderiam cancelar a nfse") == ["cancel", "nfse"]
    assert query_terms("ajuda de custo da conta auxiliar urgente") == ["ajud", "cust", "cont", "auxili", "urgent"]


def test_contractions_and_inflections_of_stop_words_are_fillers_in_a_query() -> None:
    # "neste" is "em" + "este", "disso" "de" + "isso": function words lunr's list lacks
    assert query_terms("o saldo do banco nao bate com a contabilidade neste mes") == ["sald", "banc", "bat",
                                                                                      "contabil", "mes"]
    assert query_terms("emiti a mesma nota duas vezes, e disso nasceu uma multa nela") == [
        "emit", "not", "duas", "vez", "nasc", "mult"]
    assert query_terms("muitas notas desse mesmo tomador") == ["not", "tomador"]
    # derived from the list by rule: each is "de" or "em" contracted with a stop word of lunr's list
    for word in stopwords.CONTRACTIONS:
        assert word[0] in "dn" and word[1:] in stopwords.STOP_WORDS and word not in stopwords.STOP_WORDS
    assert len(stopwords.CONTRACTIONS) == 36
    # the index keeps them: an article is still found by its other words, and they are not lost
    assert N.index_terms("neste mês") == ["nest", "mes"]


def test_a_word_an_article_follows_is_marked() -> None:
    def marked(text: str) -> list[str]:
        return [w.text for w in N.query_words(text) if w.before_article]

    assert marked("onde o servidor vê o holerite do mês?") == ["ve"]
    assert marked("como tirar o RG e uma certidão") == ["tirar"]  # "e" is a stop word, dropped
    assert marked("vou à escola") == ["vou"]  # "à" folds to "a"
    assert marked("vacina da gripe no posto") == []  # contractions follow nouns as often as verbs
    assert marked("não sei o que fazer") == []  # "o que": a pronoun
    assert marked("emitir os boletos, uns e umas") == ["emitir", "boletos"]


def test_invisible_characters_pasted_inside_words_are_deleted() -> None:
    """Soft hyphens (PDFs, hyphenated web pages), zero-width spaces and joiners, the BOM, bidi
    controls and variation selectors: Unicode's default-ignorable code points, which NFKC_Casefold
    deletes. Before, "emis\u00adsão" was two words, "emis" and the stop word "são"."""
    plain = N.index_terms("emissão da nota e cancelamento")
    for invisible in ("\u00ad", "\u200c", "\u200d", "\u2060", "\ufeff", "\u200e", "\u202a", "\ufe0f",
                      "\U000e0041"):
        pasted = f"emis{invisible}são da no{invisible}ta e {invisible}cancela{invisible}{invisible}mento{invisible}"
        assert N.index_terms(pasted) == plain, repr(invisible)
        assert query_terms(pasted) == query_terms("emissão da nota e cancelamento"), repr(invisible)
    assert N.fold("\u00ad\u200d\ufeff") == ""
    # a zero-width space is a word break (UAX #29), as in text that puts one for a space
    assert query_terms("nota\u200bfiscal") == query_terms("nota fiscal") == ["not", "fiscal"]
    assert N.fold("a\u00a0b") == "a b"  # a no-break space is a space, not an invisible character


def test_the_js_side_says_the_same_on_these_forms(node: NodeBridge) -> None:
    texts = ["NFS-e nfse nfs-e NFSe e-Sfinge EST-000206 erro 700 DCTFWeb ISSQN 5.102", "declaração devolução é de",
             "13° salário, 2° via, 13º, 30°C, 45°F, n° 5, 1°",
             "Boa tarde, pq n consigo emitir a nota q cancelei? bom dia de vencimento, boa-tarde, turno da noite",
             "emiti a mesma nota neste mes, e disso nasceu uma multa nela; muitas notas desse mesmo tomador",
             "onde o servidor vê o holerite? vou à escola, não sei o que fazer, como tirar o RG e uma certidão",
             "ERR_XML_SCHEMA_VALIDATION_FAILED_NFSE_LOTE_RPS_INFDECLARACAOPRESTACAOSERVICO_CVC_COMPLEX_TYPE_2_4_A",
             "emis\u00adsão da no\u200bta, \ufeffcancela\u200d\u2060mento \u202aIPTU\u202c 2\ufe0f\u20e3 \U000e0041via",
             "retifico, verifique, cliquei, paguei, específicos, identifica, porque o cheque segue"]
    got = node.call("text", texts=texts)
    for text, result in zip(texts, got, strict=True):
        assert result["indexTerms"] == N.index_terms(text)
        assert [w["term"] for w in result["queryWords"]] == query_terms(text)
