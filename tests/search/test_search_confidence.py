"""The confidence rule (kbgen/search/confidence.py): which results *answer* a query, on both engines.

A small made-up help center of tax and payroll articles, every one of which says "sistema" (so
that word is common), and queries a reader types: some it answers, some it only touches. Every
case runs in the shipped JS (kbgen-search.js, in Node) and in the Python port (kbgen.search.query,
used by ``kbgen searches``), which must agree on the results, their order and which answer.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from searchhelpers import BuiltSite

from kbgen.search import confidence
from kbgen.search.confidence import answer_threshold, inverse_frequency, measure, word_weights
from kbgen.search.constants import (
    ANSWER_QUALITY,
    COMMON_WORD_SHARE,
    PASSING_CREDIT,
    PASSING_QUERY_WORDS,
    SHORT_QUERY_WORDS,
    SYNONYM_CREDIT,
    VERB_LIKE_WEIGHT,
)
from kbgen.search.index import DOCS_FILE, FULL_FILE, SearchDocument, build_indexes, sorted_documents
from kbgen.search.query import context_prior, search
from kbgen.search.siteindex import load_site_index
from tests.node_bridge import NodeBridge

COMMON = "O acesso é feito pelo sistema da prefeitura, com o seu login. "


def doc(path: str, title: str, body: str, tags: tuple[str, ...] = ()) -> SearchDocument:
    set_slug, module_slug, _ = path.split("/")
    return SearchDocument(url=f"{path}.html", title=title, set_title=set_slug.title(), module_title=module_slug.title(),
                          tags=tags, description="", headings=(), body=COMMON + body)


DOCS = [
    doc("tributos/iptu/segunda-via", "Como emitir a segunda via do boleto do IPTU",
        "Informe a inscrição do imóvel e imprima o boleto atualizado."),
    doc("tributos/iptu/parcelar", "Como parcelar o IPTU em atraso",
        "Escolha as parcelas do débito vencido e emita o primeiro boleto."),
    doc("tributos/iptu/desconto", "Desconto da cota única do IPTU",
        "O pagamento à vista até o vencimento tem desconto de dez por cento."),
    doc("tributos/itbi/guia", "Como emitir a guia de ITBI", "O cartório confere a guia paga antes da escritura."),
    doc("tributos/itbi/base", "Como contestar a base de cálculo do ITBI",
        "O valor venal arbitrado pode ser contestado."),
    doc("pessoal/folha/contracheque", "Como emitir o contracheque do servidor",
        "O servidor vê o contracheque do mês no portal.", tags=("holerite",)),
    doc("pessoal/folha/ferias", "Como lançar as férias de um servidor", "Informe o período aquisitivo e os dias."),
    doc("pessoal/folha/decimo", "Adiantamento do décimo terceiro salário",
        "Metade do décimo terceiro é paga em julho."),
    doc("pessoal/ponto/registro", "Como corrigir o registro de ponto", "A chefia aprova a correção do ponto."),
    doc("pessoal/ponto/banco", "Banco de horas do servidor", "As horas extras entram no banco de horas."),
    doc("geral/sistema/senha", "Esqueci a senha do sistema", "Use a opção de recuperar a senha do sistema."),
    doc("geral/sistema/navegador", "Navegadores compatíveis com o sistema", "Use a versão mais recente do navegador."),
]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, BuiltSite]:
    return _site_of(tmp_path_factory.mktemp("confidence"), DOCS, {"boleto": ["guia de pagamento"]})


#: A school network's help desk ("escola" everywhere, as in the held-out help center the case comes
#: from): one article is about the query below, two mention all of its words in passing.
MAIL_DOCS = [
    doc("contas/email/celular", "Como configurar o e-mail institucional no celular",
        "Abra o aplicativo de e-mail do telefone e informe o endereço completo."),
    doc("contas/senha/duas-etapas", "Como ativar a verificação em duas etapas",
        "Antes de configurar o e-mail da escola no celular, ative a verificação com o código enviado."),
    doc("contas/senha/bloqueada", "Minha conta foi bloqueada por excesso de tentativas",
        "Quem tenta configurar o e-mail da escola no celular com a senha antiga bloqueia a conta."),
    doc("contas/senha/trocar", "Como trocar a senha da conta", "A nova senha vale para todos os serviços."),
    doc("equipamentos/rede/wifi", "Como conectar ao wi-fi da escola", "Escolha a rede e informe a senha."),
    doc("equipamentos/rede/impressora", "Como instalar a impressora da escola", "Baixe o driver e siga os passos."),
    doc("equipamentos/rede/toner", "Como pedir toner para a escola", "O pedido chega em cinco dias úteis."),
    doc("gestao/diario/frequencia", "Como registrar a frequência dos alunos", "A escola fecha o diário no fim do mês."),
    doc("gestao/diario/notas", "Como lançar as notas do bimestre", "A secretaria da escola confere as notas."),
    doc("gestao/matricula/nova", "Como matricular um aluno novo", "A escola confere os documentos do aluno."),
    doc("gestao/matricula/transferir", "Como transferir um aluno", "A escola de destino aceita a vaga."),
    doc("gestao/matricula/historico", "Como emitir o histórico escolar", "O histórico sai com a assinatura da escola."),
]


def _site_of(folder: Path, documents: list[SearchDocument],
             synonyms: dict[str, list[str]] | None = None) -> tuple[Path, BuiltSite]:
    """A site's search files for ``documents`` in ``folder``/_static, built whole."""
    static = folder / "_static"
    static.mkdir()
    files = {}
    for name, content in build_indexes(documents, synonyms or {}, whole=True).items():
        (static / name).write_text(content, encoding="utf-8")
        files[name] = str(static / name)
    return folder, BuiltSite(sorted_documents(documents), files)


@pytest.fixture(scope="module")
def mail_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, BuiltSite]:
    return _site_of(tmp_path_factory.mktemp("mail"), MAIL_DOCS)


def both(node: NodeBridge, site: tuple[Path, BuiltSite], text: str, context: tuple[str, str] | None = None,
         partial: int = 5) -> list[dict[str, Any]]:
    """The results of text on the results page (or the hand-off page, with a context), checked equal
    on both engines: [{path, answers, quality}] in order."""
    folder, built = site
    options: dict[str, Any] = {"limit": 10, "partialLimit": partial}
    if context:
        options["context"] = {"set": context[0], "module": context[1]}
    (js,) = node.call("query", files=built.paths(FULL_FILE, DOCS_FILE), kind="full",
                      queries=[{"text": text, "options": options}])
    index = load_site_index(folder)
    prior = context_prior(index.docs, *context) if context else None
    python = search(index, text, limit=10, partial_limit=partial, prior=prior)
    got = [{"path": built.url(r["ref"]).removesuffix(".html"), "answers": r["answers"], "quality": r["quality"]}
           for r in js]
    assert [(built.url(r.ref).removesuffix(".html"), r.answers) for r in python] == \
        [(g["path"], g["answers"]) for g in got], text
    assert [r.quality for r in python] == pytest.approx([g["quality"] for g in got]), text
    return got


def answering(results: list[dict[str, Any]]) -> list[str]:
    return [r["path"] for r in results if r["answers"]]


def partial(results: list[dict[str, Any]]) -> list[str]:
    return [r["path"] for r in results if not r["answers"]]


def test_a_query_the_site_answers(node: NodeBridge, site: tuple[Path, BuiltSite]) -> None:
    results = both(node, site, "segunda via do iptu")
    assert answering(results)[0] == "tributos/iptu/segunda-via"
    assert results[0]["quality"] == pytest.approx(1.0)
    # answering results come first, partial ones after
    assert [r["answers"] for r in results] == sorted((r["answers"] for r in results), reverse=True)


def test_a_question_about_what_the_site_does_not_cover_gets_no_answer(
        node: NodeBridge, site: tuple[Path, BuiltSite]) -> None:
    # "segunda via" is in the site; water bills are not: the IPTU article is only a partial match
    results = both(node, site, "segunda via da conta de água")
    assert answering(results) == []
    assert "tributos/iptu/segunda-via" in partial(results)
    assert answering(both(node, site, "vacina da gripe no posto de saúde")) == []


def test_a_common_word_cannot_carry_a_result_alone(node: NodeBridge, site: tuple[Path, BuiltSite]) -> None:
    # "sistema" is in every article (more than COMMON_WORD_SHARE of them)
    assert COMMON_WORD_SHARE < 1.0
    results = both(node, site, "sistema de vacinação")
    assert answering(results) == [] and partial(results)
    # … but it still adds to an article that has the rarer word
    results = both(node, site, "senha do sistema")
    assert answering(results)[0] == "geral/sistema/senha"


def test_a_query_of_common_words_only_is_answered_by_what_holds_them(
        node: NodeBridge, site: tuple[Path, BuiltSite]) -> None:
    assert "geral/sistema/senha" in answering(both(node, site, "sistema"))


def test_a_typo_and_an_unfinished_last_word_still_answer(node: NodeBridge, site: tuple[Path, BuiltSite]) -> None:
    assert answering(both(node, site, "aqusitivo"))[0] == "pessoal/folha/ferias"
    assert answering(both(node, site, "contracheqe"))[0] == "pessoal/folha/contracheque"
    assert answering(both(node, site, "segunda via ipt"))[0] == "tributos/iptu/segunda-via"
    # a finished word is not completed: "ipt" followed by a space is a word the site does not know
    assert answering(both(node, site, "segunda via ipt ")) == []


def test_synonyms_count_less_than_the_authors_words(node: NodeBridge, site: tuple[Path, BuiltSite]) -> None:
    # "guia de pagamento" is added to articles that say "boleto"; "guia" is the author's own word in the ITBI one
    results = {r["path"]: r for r in both(node, site, "guia pagamento", partial=20)}
    by_synonym = results["tributos/iptu/segunda-via"]["quality"]
    assert by_synonym == pytest.approx(SYNONYM_CREDIT)


def test_a_keyword_query_found_only_in_passing_in_a_body_needs_all_of_it(
        node: NodeBridge, site: tuple[Path, BuiltSite]) -> None:
    """In a keyword query a word found only in a body is a passing mention: it counts at most
    PASSING_CREDIT. The ponto article mentions "a chefia aprova" in its body; asked with a third
    word it does not hold, it no longer answers (before: 0.81 of the query, an answer), while a
    title that holds the query's subject still answers with a word found only in its body."""
    results = both(node, site, "chefia aprova servidor")
    assert answering(results) == [] and partial(results)[0] == "pessoal/ponto/registro"
    # all of a short query in the body still answers, at PASSING_CREDIT
    (only,) = [r for r in both(node, site, "chefia aprova") if r["answers"]]
    assert only["path"] == "pessoal/ponto/registro" and only["quality"] == pytest.approx(PASSING_CREDIT)
    # "horas" and "servidor" are in the title, "extras" only in the body: it answers
    assert answering(both(node, site, "horas extras do servidor"))[0] == "pessoal/ponto/banco"
    # a cap, not a factor: a typo corrected to a word of the body counts as the word would
    assert answering(both(node, site, "aqusitivo"))[0] == "pessoal/folha/ferias"
    # five words are still keywords (PASSING_QUERY_WORDS), though they get the long queries' lenient
    # bar: the passing mention plus words about something else no longer answers (before: 0.6 ≥ 0.47)
    five = "chefia aprova correção das parcelas vencidas"
    assert PASSING_QUERY_WORDS == SHORT_QUERY_WORDS + 1 == 5
    assert answering(both(node, site, five)) == []
    # a long query reads the body at full credit: a description narrates the steps an article holds
    text = "a chefia aprova mas o servidor diz que ainda nao aparece nada na tela do sistema dele"
    assert answering(both(node, site, text))[0] == "pessoal/ponto/registro"


def test_a_short_query_ranks_the_article_about_it_above_passing_mentions_of_more_words(
        node: NodeBridge, mail_site: tuple[Path, BuiltSite]) -> None:
    """A short query ranks by the information each result covers (its quality: rarity-weighted,
    passing mentions capped), not by how many of its words a result holds anywhere. Two articles
    mention "configurar", "e-mail", "escola" and "celular" in their bodies; the one titled with three
    of them is the answer (before 2026-12-06 it came third: four words beat three)."""
    results = both(node, mail_site, "como configuro o email da escola no meu celular")
    assert answering(results)[0] == "contas/email/celular"
    assert {r["path"] for r in results[1:3]} == {"contas/senha/duas-etapas", "contas/senha/bloqueada"}


def test_a_question_typed_as_in_a_chat_is_still_answered(node: NodeBridge, site: tuple[Path, BuiltSite]) -> None:
    """Chat abbreviations and greetings are fillers: before, "pq" or "boa tarde" weighed as the
    rarest concepts of the query (nothing in the site resembles them) and no article answered."""
    for text in ("pq n consigo a segunda via do iptu", "boa tarde, segunda via do iptu pfv",
                 "oq é o banco de horas do servidor", "socorro, poderiam me ajudar com a segunda via do iptu"):
        results = both(node, site, text)
        assert answering(results)[:1] in (["tributos/iptu/segunda-via"], ["pessoal/ponto/banco"]), text


def test_the_readers_context_ranks_first_but_filters_nothing(node: NodeBridge, site: tuple[Path, BuiltSite]) -> None:
    text = "servidor"  # three articles, in two modules
    plain = both(node, site, text)
    in_module = both(node, site, text, ("pessoal", "ponto"))
    assert len(answering(plain)) == 3 and sorted(answering(plain)) == sorted(answering(in_module))  # not a filter
    assert answering(in_module)[0] == "pessoal/ponto/banco" != answering(plain)[0]
    # a partial result in the selected module under the threshold stays partial: the prior never
    # makes junk answer
    assert set(partial(both(node, site, "banco de sangue", ("pessoal", "ponto")))) <= set(
        partial(both(node, site, "banco de sangue")))
    assert answering(both(node, site, "banco de sangue", ("pessoal", "ponto"))) == []


def test_the_readers_context_lets_its_articles_answer_beside_a_better_one_elsewhere(
        node: NodeBridge, site: tuple[Path, BuiltSite]) -> None:
    # A description that mostly tells the ITBI story: the IPTU boleto article covers under half of
    # the ITBI guide's quality (ANSWER_SHARE), so without a context it is only a partial match; a
    # reader who came from the IPTU module is offered it.
    text = "o cartorio confere a guia paga antes da escritura e o boleto do iptu venceu ontem"
    plain = both(node, site, text)
    assert "tributos/iptu/segunda-via" in partial(plain)
    from_iptu = both(node, site, text, ("tributos", "iptu"))
    assert "tributos/iptu/segunda-via" in answering(from_iptu) and "tributos/itbi/guia" in answering(from_iptu)
    # the context adds answers and takes none away: every context keeps the plain answers
    for described in (text, "preciso do contracheque do servidor no portal e da senha do sistema que esqueci",
                 "o servidor ve o contracheque do mes no portal e ainda tem o debito vencido do iptu"):
        plain_answers = set(answering(both(node, site, described)))
        for context in (("tributos", "iptu"), ("tributos", "itbi"), ("pessoal", "folha"), ("geral", "sistema")):
            assert plain_answers <= set(answering(both(node, site, described, context))), (described, context)


def test_a_long_description_is_read_as_natural_language(node: NodeBridge, site: tuple[Path, BuiltSite]) -> None:
    # fourteen words, half of them narration the site never uses: the rare concepts still answer
    text = "ontem a noite tentei de novo e nao consegui corrigir o registro do ponto da equipe"
    assert answering(both(node, site, text))[0] == "pessoal/ponto/registro"


def test_an_unknown_verb_before_an_article_does_not_sink_the_answer(
        node: NodeBridge, site: tuple[Path, BuiltSite]) -> None:
    """"pego" is in no article: right before "o" it is the question's verb, not a concept the site
    lacks (stopwords.ARTICLES, VERB_LIKE_WEIGHT); the noun after an article keeps its full weight."""
    results = both(node, site, "onde pego o holerite do servidor")
    assert answering(results)[:1] == ["pessoal/folha/contracheque"]
    assert answering(both(node, site, "onde acho o contracheque do servidor"))[:1] == ["pessoal/folha/contracheque"]
    assert answering(both(node, site, "como arrumo o registro de ponto"))[:1] == ["pessoal/ponto/registro"]
    # an unknown verb beside two of the site's words (with VERB_LIKE_WEIGHT 0.5 it still outweighed them)
    assert answering(both(node, site, "como reimprimir a guia do ITBI"))[:1] == ["tributos/itbi/guia"]
    assert answering(both(node, site, "como reimprimir o boleto do IPTU"))[:1] == ["tributos/iptu/segunda-via"]
    # the same unknown word elsewhere in the question is still a concept: no answer
    assert answering(both(node, site, "holerite do servidor pego")) == []
    # what the site does not cover is still told by its noun, whatever the verb before it
    assert answering(both(node, site, "como vacinar o cachorro")) == []
    assert answering(both(node, site, "onde pego a vacina da gripe")) == []
    # "o que" is a pronoun, not an article: the word before it keeps its weight
    assert answering(both(node, site, "holerite do servidor pego o que")) == []


def test_the_rule_in_numbers() -> None:
    # idf is always positive and falls with the documents that hold a word
    assert inverse_frequency(100, 0) > inverse_frequency(100, 10) > inverse_frequency(100, 100) > 0
    weights = word_weights(100, [0, 10, 90], 3)
    assert [w.common for w in weights] == [False, False, True]
    # a word nothing resembles weighs less in a long query than in a short one
    assert word_weights(100, [0], 12)[0].weight < word_weights(100, [0], 2)[0].weight
    # … and, right before an article, VERB_LIKE_WEIGHT of that; a word the site knows, in full
    verb, known = word_weights(100, [0, 10], 2, ["xyzzy", "holerit"], [True, True])
    assert verb.weight == pytest.approx(VERB_LIKE_WEIGHT * word_weights(100, [0], 2)[0].weight)
    assert known.weight == word_weights(100, [10], 2)[0].weight
    quality, carried = measure(weights, [0.0, 1.0, 1.0], [0.0, 1.0, 1.0], [0.0, 1.0, 1.0])
    assert 0 < quality < 1 and carried
    assert measure(weights, [0.0, 0.0, 1.0], [0.0, 0.0, 1.0], [0.0, 0.0, 1.0])[1] is False  # only the common word
    # a word only in the body (authored, not about) counts PASSING_CREDIT; only as a synonym, SYNONYM_CREDIT
    one = word_weights(100, [10], 1)
    assert measure(one, [0.0], [1.0], [1.0])[0] == pytest.approx(PASSING_CREDIT)
    assert measure(one, [0.0], [0.0], [1.0])[0] == pytest.approx(SYNONYM_CREDIT)
    assert measure(one, [0.0], [0.75], [0.75])[0] == pytest.approx(min(PASSING_CREDIT, 0.75))
    assert answer_threshold(SHORT_QUERY_WORDS) == ANSWER_QUALITY > answer_threshold(3 * SHORT_QUERY_WORDS) > 0


def test_a_short_query_missing_a_third_of_its_information_gets_no_answer() -> None:
    """A result of a short query that misses about a third of its weight (an out-of-scope question
    whose topic word no article has: "isenção de iptu para aposentado") does not answer; in a long
    query the same share still answers (a description's narration), exactly as before 2026-12-06:
    raising the short queries' bar must not move the long queries' curve."""
    two_thirds = [(0.68, True)]
    rule = confidence.answering
    assert rule(two_thirds, 1) == rule(two_thirds, SHORT_QUERY_WORDS) == [False]
    assert rule(two_thirds, SHORT_QUERY_WORDS + 1) == [True]
    assert rule([(0.72, True)], SHORT_QUERY_WORDS) == [True]
    for words in (5, 8, 12, 18):  # the long-query thresholds of the rule tuned before (0.65, (4/n)^1.5)
        assert abs(answer_threshold(words) - 0.65 * (4 / words) ** 1.5) < 1e-12
