"""Python and the shipped JS turn the same text into the same terms: 100 %, on real text."""

from __future__ import annotations

import os
import re
import unicodedata

import pytest
from searchhelpers import CONTENT, DICTIONARY, FIXTURE_CONTENT, HERE, REPO

from kbgen.search import normalise as N
from kbgen.search import pipeline
from kbgen.search.stopwords import QUERY_STOP_WORDS, STOP_WORDS
from tests.node_bridge import NodeBridge

EXCEPTIONS = HERE / "wbrazilian-exceptions.txt"
MIN_CORPUS_TOKENS = 600  # the fixture articles alone give ~760


def corpus_texts() -> list[str]:
    paths = sorted(CONTENT.rglob("*.md")) if CONTENT.is_dir() else []
    paths += sorted(FIXTURE_CONTENT.rglob("*.md"))
    return [path.read_text(encoding="utf-8") for path in paths]


def test_every_corpus_token_normalises_the_same(node: NodeBridge) -> None:
    texts = corpus_texts()
    # Raw whitespace-separated chunks (punctuation and Markdown included, to exercise trimming)
    # and the tokens our tokenizer produces.
    chunks = {chunk for text in texts for chunk in text.split()}
    tokens = sorted(chunks | {token for text in texts for token in N.index_tokens(text)})
    assert len(tokens) > MIN_CORPUS_TOKENS, f"only {len(tokens)} distinct tokens: is the corpus there?"
    js = node.call("normalise", tokens=tokens)["terms"]
    differ = [(token, py, j) for token, py, j in zip(tokens, map(N.normalise, tokens), js, strict=True) if py != j]
    assert differ == [], f"{len(differ)} of {len(tokens)} tokens differ, e.g. {differ[:10]}"


def test_texts_tokenise_the_same(node: NodeBridge) -> None:
    # Whole documents plus the tricky forms: groups, index tokens, terms and query words.
    texts = [
        *corpus_texts(),
        "NFS-e nfse nfs-e NFSe e-Sfinge esfinge EST-000206 erro 700 DCTFWeb ISSQN",
        "CFOP 5.102, R$ 1.234,56 — 12.345.678/0001-90; versão 2.3.9. Fim.",
        "nome_do_arquivo -hífen- a--b x\u2010y x\u2011y 2019–2020 www.gov.br",
        "Ação ação AÇÃO Ação 𝒶𝒷𝒸 ﬁm ﬀ ² ½ İstanbul ΣΊΣΥΦΟΣ",
        "",
    ]
    js = node.call("text", texts=texts)
    for text, got in zip(texts, js, strict=True):
        assert got["groups"] == N.word_groups(text)
        assert got["indexTokens"] == N.index_tokens(text)
        assert got["indexTerms"] == N.index_terms(text)
        expected = [{"text": w.text, "term": w.term, "parts": list(w.parts), "beforeArticle": w.before_article}
                    for w in N.query_words(text)]
        assert got["queryWords"] == expected


def _exceptions() -> set[str]:
    lines = EXCEPTIONS.read_text(encoding="utf-8").splitlines()
    return {line.strip() for line in lines if line.strip() and not line.startswith("#")}


def test_wbrazilian_word_list_agrees(node: NodeBridge) -> None:
    if not DICTIONARY.is_file():
        if os.environ.get("CI"):
            pytest.fail(f"{DICTIONARY} is missing: CI must install Debian's wbrazilian package")
        pytest.skip(f"{DICTIONARY} is missing (apt-get install wbrazilian)")
    words = [w for w in DICTIONARY.read_text(encoding="utf-8").splitlines() if w.strip()]
    assert len(words) > 200_000
    lowered = [w.lower() for w in words]
    pending = node.start("words", words=words)  # Node works while Python does the same
    python = [(N.normalise(word), N.stem(low)) for word, low in zip(words, lowered, strict=True)]
    js = pending()
    differ = {
        word
        # The pipeline as a whole, and the raw Snowball port on its own.
        for word, (py_term, py_stem), term, stem in zip(words, python, js["terms"], js["stems"], strict=True)
        if py_term != term or py_stem != stem
    }
    listed = _exceptions()
    assert sorted(differ - listed) == [], f"new disagreements; fix them or list them in {EXCEPTIONS.name}"
    assert sorted(listed - differ) == [], f"these agree now: remove them from {EXCEPTIONS.name}"


def test_unicode_letters_digits_and_folding_agree(node: NodeBridge) -> None:
    """Every code point assigned in both Unicode versions (Python's and Node's ICU): same word
    class ([^\\W_] against [\\p{L}\\p{N}]) and the same fold()."""
    data = node.call("unicode")
    js_unassigned = _from_ranges(data["unassigned"])
    js_word = _from_ranges(data["word"])
    js_fold = {int(cp): folded for cp, folded in data["fold"].items()}
    word = re.compile(r"[^\W_]")
    checked = 0
    for cp in range(0x110000):
        char = chr(cp)
        if cp in js_unassigned or unicodedata.category(char) == "Cn":
            continue
        checked += 1
        assert (word.fullmatch(char) is not None) == (cp in js_word), f"U+{cp:04X} word class"
        assert N.fold(char) == js_fold.get(cp, char), f"U+{cp:04X} fold"
    assert checked > 140_000


def _from_ranges(ranges: list[list[int]]) -> set[int]:
    return {cp for start, end in ranges for cp in range(start, end + 1)}


def test_stop_words_and_labels_are_the_same_everywhere(node: NodeBridge) -> None:
    js = node.call("constants")
    assert js["stopWords"] == list(STOP_WORDS)
    assert js["queryStopWords"] == list(QUERY_STOP_WORDS)
    assert js["labels"] == {"trimmer": pipeline.TRIMMER, "stopWords": pipeline.STOP_WORDS, "stemmer": pipeline.STEMMER}
    # ... and the list is lunr.pt.js's, unchanged.
    source = (REPO / "node_modules" / "lunr-languages" / "lunr.pt.js").read_text(encoding="utf-8")
    match = re.search(r"generateStopWordFilter\('([^']*)'\.split\(' '\)\)", source)
    assert match is not None
    assert match.group(1).split(" ") == list(STOP_WORDS)
