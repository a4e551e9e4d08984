"""Portuguese stop words, shared verbatim with ``static/kbgen-normalise.js``.

``STOP_WORDS`` is the list of lunr-languages 1.22.0 ``lunr.pt.js`` (``lunr.pt.stopWordFilter``),
Copyright 2014 Mihai Valentin, MPL-1.1 (its licence: ``LICENSE.lunr-languages.txt`` in this
folder). It is data copied unchanged, in the same order, so the Python and browser sides drop
exactly the same words. A test compares this tuple with the JS copy and with the npm file.
"""

from __future__ import annotations

# One string, as in lunr.pt.js, so the two can be compared by eye (a test compares them exactly).
_LUNR_PT = (
    "a ao aos aquela aquelas aquele aqueles aquilo as até com como da das de dela delas dele deles "
    "depois do dos e ela elas ele eles em entre era eram essa essas esse esses esta estamos estas "
    "estava estavam este esteja estejam estejamos estes esteve estive estivemos estiver estivera "
    "estiveram estiverem estivermos estivesse estivessem estivéramos estivéssemos estou está "
    "estávamos estão eu foi fomos for fora foram forem formos fosse fossem fui fôramos fôssemos haja "
    "hajam hajamos havemos hei houve houvemos houver houvera houveram houverei houverem houveremos "
    "houveria houveriam houvermos houverá houverão houveríamos houvesse houvessem houvéramos "
    "houvéssemos há hão isso isto já lhe lhes mais mas me mesmo meu meus minha minhas muito na nas "
    "nem no nos nossa nossas nosso nossos num numa não nós o os ou para pela pelas pelo pelos por "
    "qual quando que quem se seja sejam sejamos sem serei seremos seria seriam será serão seríamos "
    "seu seus somos sou sua suas são só também te tem temos tenha tenham tenhamos tenho terei teremos "
    "teria teriam terá terão teríamos teu teus teve tinha tinham tive tivemos tiver tivera tiveram "
    "tiverem tivermos tivesse tivessem tivéramos tivéssemos tu tua tuas tém tínhamos um uma você "
    "vocês vos à às éramos"
)
STOP_WORDS: tuple[str, ...] = tuple(_LUNR_PT.split(" "))

# Function words lunr's list lacks although every part of them is in it: "de" and "em" contracted
# with one of its pronouns, demonstratives and articles ("neste mês", "disso", "nela", "dum") and
# the other gender and number forms of its "mesmo" and "muito" ("a mesma nota", "muitas vezes").
# Derived from the list by the language's rule, not picked from queries; dropped from queries
# only, as the fillers below. Unknown to most indexes, each would otherwise weigh as a concept.
_CONTRACTED = ("este", "esta", "estes", "estas", "esse", "essa", "esses", "essas", "aquele", "aquela", "aqueles",
               "aquelas", "isto", "isso", "aquilo", "ele", "ela", "eles", "elas", "um", "uma")
CONTRACTIONS: tuple[str, ...] = tuple(
    contracted for contracted in (preposition + word for word in _CONTRACTED for preposition in "dn")
    if contracted not in STOP_WORDS)
INFLECTIONS: tuple[str, ...] = ("mesma", "mesmos", "mesmas", "muita", "muitos", "muitas")

# Words a reader puts around a question ("como faço pra tirar…") that are not in the lunr list.
# They are dropped from *queries only*: the index keeps them, so an article that really is about
# "onde" is still found by its other words, and ranking by "contains every word" is not spoiled
# by filler no article contains.
# Folded forms (no accents), as compared after folding.
QUERY_STOP_WORDS: tuple[str, ...] = (
    "pra",
    "pras",
    "pro",
    "pros",
    "faco",
    "fazer",
    "consigo",
    "posso",
    "pode",
    "podem",
    "poderia",
    "poderiam",
    "preciso",
    "quero",
    "gostaria",
    "devo",
    "onde",
    "quais",
    "porque",
    "ola",
    "obrigado",
    "obrigada",
    "favor",
    "vc",
    "voce",
    "ta",
    "ne",
    # chat abbreviations of words above or of lunr's list, as readers type them into a help desk's
    # box ("pq meu boleto venceu", "n consigo emitir"): unknown to every index, each would otherwise
    # weigh as the rarest concept of the query and sink its answer. Left out on purpose: the ones
    # that are also a service's own terms ("tb" tuberculose, "pf" pessoa física, "mt" Mato Grosso).
    "q",
    "pq",
    "oq",
    "n",
    "vcs",
    "tbm",
    "tmb",
    "msm",
    "mto",
    "pfv",
    "pfvr",
    "obg",
    "oi",
    # pleas for help, which every query in a help center is ("me ajudem a cancelar…"). Left out:
    # "ajuda" ("ajuda de custo", an allowance), "auxiliar" (a noun: "conta auxiliar"), "urgente"
    # (a regulation's priority in a health service).
    "ajudar",
    "ajude",
    "ajudem",
    "socorro",
    *CONTRACTIONS,
    *INFLECTIONS,
)

# Articles, definite and indefinite (folded: "à" is "a"). A word the index does not know right
# before one is most likely the verb of the reader's question ("onde pego o holerite", "onde o
# servidor vê o holerite"): its object follows it, and nouns are preceded by articles, not followed
# (kbgen.search.confidence.word_weights). Contractions ("do", "na", "pelo") are left out: they
# follow nouns as often as verbs ("vacina da gripe").
ARTICLES: tuple[str, ...] = ("o", "a", "os", "as", "um", "uma", "uns", "umas")

# Greetings a reader opens a question with ("Boa tarde, podem por favor me auxiliar no
# cancelamento…", a seed help desk's chat): phrases of words that alone may matter ("dia de
# vencimento", "mais tarde"), so they are dropped from queries as whole phrases only. Folded.
QUERY_STOP_PHRASES: tuple[tuple[str, ...], ...] = (
    ("bom", "dia"),
    ("boa", "tarde"),
    ("boa", "noite"),
)
