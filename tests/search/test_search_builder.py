"""kbgen's own index builder against lunr.py: the same serialized index, to the byte.

``build_indexes`` no longer runs lunr.py (kbgen.search.lunrindex and kbgen.search.analysis do
its work); ``build_lunr_indexes`` still does, and is the reference here. Compared as JSON text
(what ships) and as data (for a readable diff), on the sample content, a generated site, the
fixture articles, and random term counts that exercise the BM25 arithmetic and rounding.
"""

from __future__ import annotations

import dataclasses
import random
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from searchhelpers import CONTENT, markdown_documents

from kbgen.search.analysis import SUMMARY_SYNONYMS, Analyser
from kbgen.search.index import (
    FULL_FIELDS,
    FULL_SOURCES,
    SUGGEST_FIELDS,
    SUGGEST_SOURCES,
    SearchDocument,
    _fields,
    build_lunr_indexes,
    serialize,
    serialized_indexes,
)
from kbgen.search.jsdata import to_json
from kbgen.search.lunrindex import serialized_index
from kbgen.search.pipeline import new_builder
from kbgen.search.synonyms import SynonymExpander
from sitegen.generate import generate

FIXTURE_SYNONYMS = {"NFS-e": ["nota fiscal de serviço eletrônica"], "ISS": ["ISSQN"], "boleto": ["guia de pagamento"]}


def synonyms_of(root: Path) -> dict[str, list[str]]:
    path = root / "_synonyms.yml"
    data = yaml.safe_load(path.read_text(encoding="utf-8")) if path.is_file() else {}
    return {str(key): [value] if isinstance(value, str) else list(value) for key, value in (data or {}).items()}


def assert_same_as_lunr(docs: list[SearchDocument], synonyms: dict[str, list[str]] | None) -> None:
    reference = build_lunr_indexes(docs, synonyms)
    suggest, full, store = serialized_indexes(docs, synonyms)
    for kind, ours, theirs in (("suggest", suggest, serialize(reference.suggest)),
                               ("full", full, serialize(reference.full))):
        assert to_json(ours) == to_json(theirs), kind
        assert ours == theirs, kind  # the same, as data (a readable diff when the line above fails)
    assert store == reference.docs


def test_same_index_as_lunr_on_the_sample_content(sample_docs: list[SearchDocument]) -> None:
    synonyms = synonyms_of(CONTENT)
    assert_same_as_lunr(sample_docs, synonyms)
    assert_same_as_lunr(sample_docs, None)


def test_same_index_as_lunr_on_a_generated_site(tmp_path: Path) -> None:
    generate(tmp_path / "site", 300)
    docs = markdown_documents(tmp_path / "site")
    assert len(docs) == 300
    synonyms = synonyms_of(tmp_path / "site")
    assert synonyms, "the generator writes synonyms: the synonym fields must be compared too"
    assert_same_as_lunr(docs, synonyms)


def test_same_index_as_lunr_on_the_fixtures_and_odd_documents(fixture_docs: list[SearchDocument]) -> None:
    assert_same_as_lunr(fixture_docs, FIXTURE_SYNONYMS)
    odd = [
        SearchDocument("a.html", "", "", "", (), "", (), ""),  # every field empty
        SearchDocument("b.html", "\ufa0e \U00020000 fim", "Fiscal", "Notas", ("NFS-e", "nfs-e"), "ISS ISSQN", (), ""),
        SearchDocument("c.html", "de que", "de", "o", ("a",), "e", ("que",), "de o a"),  # only stop words
        SearchDocument("d.html", "boleto boleto boleto", "Fiscal", "Notas", ("boleto",), "boleto",
                       ("Boleto", "guia de pagamento"), "boleto " * 50 + "EST-000206 5.102 x" * 3),
    ]
    assert_same_as_lunr(odd, FIXTURE_SYNONYMS)
    assert_same_as_lunr(odd[:1], None)
    assert_same_as_lunr([], FIXTURE_SYNONYMS)


def _lunr_counts(documents: list[list[dict[str, int]]], fields: dict[str, int]) -> dict[str, Any]:
    builder = new_builder(fields)
    for ref, counts_of_fields in enumerate(documents):
        doc: dict[str, Any] = {"id": ref}
        for name, counts in zip(fields, counts_of_fields, strict=True):
            doc[name] = [term for term, tf in counts.items() for _ in range(tf)]
        builder.add(doc)
    return serialize(builder.build())


_TERMS = st.sampled_from(["nota", "fiscal", "boleto", "iss", "x1", "ção", "\U00020000", "\ufa0e", "a" * 40])
_COUNTS = st.dictionaries(_TERMS, st.integers(min_value=1, max_value=60), max_size=6)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(_COUNTS, _COUNTS, _COUNTS), min_size=1, max_size=12),
       st.sampled_from([{"t": 10, "k": 5, "d": 2}, {"t": 1, "k": 1, "d": 1}, {"t": 3, "k": 7, "d": 2}]))
def test_bm25_scores_and_rounding_match_lunr(docs: list[tuple[dict[str, int], ...]], fields: dict[str, int]) -> None:
    # Random term counts (in order of first occurrence), fed to lunr.py as the term lists they
    # stand for: term numbers, document frequencies, field lengths, scores and their rounding.
    documents = [list(doc) for doc in docs]
    assert serialized_index(documents, fields) == _lunr_counts(documents, fields)


def test_many_scores_round_like_lunr() -> None:
    # Thousands of distinct scores in one index: the fast path of round(score, 3) and its
    # fallback near halves must agree with lunr.py's round() on every one.
    rng = random.Random(5)
    vocabulary = [f"t{i}" for i in range(400)]
    documents = []
    for _ in range(150):
        fields = []
        for _ in range(3):
            terms = rng.sample(vocabulary, rng.randrange(0, 40))
            fields.append({term: rng.randrange(1, 30) for term in terms})
        documents.append(fields)
    fields_boosts = {"t": 10, "k": 5, "d": 2}
    ours = serialized_index(documents, fields_boosts)
    assert ours == _lunr_counts(documents, fields_boosts)
    scores = {score for _, elements in ours["fieldVectors"] for score in elements[1::2]}
    assert len(scores) > 3000


def test_the_analysis_is_the_reference_fields_counted(sample_docs: list[SearchDocument],
                                                      fixture_docs: list[SearchDocument]) -> None:
    # Same terms, same counts and the same order of first occurrence (which gives the term numbers).
    expander = SynonymExpander(synonyms_of(CONTENT))
    analyser = Analyser(expander)
    for doc in [*sample_docs, *fixture_docs]:
        analysis = analyser.document(doc)
        for fields, sources in ((FULL_FIELDS, FULL_SOURCES), (SUGGEST_FIELDS, SUGGEST_SOURCES)):
            reference = _fields(doc, fields, expander)
            for name in fields:
                assert list(analysis[sources[name]].items()) == list(Counter(reference[name]).items()), (doc.url, name)
    assert SUGGEST_SOURCES["s"] == SUMMARY_SYNONYMS


@pytest.mark.parametrize("synonyms", [None, {}, FIXTURE_SYNONYMS])
def test_no_synonyms_means_empty_synonym_fields(synonyms: dict[str, list[str]] | None,
                                                fixture_docs: list[SearchDocument]) -> None:
    # the site's own synonyms alone (language=False): the built-in ordinals fill the field of any
    # document that says "primeiro" or "2ª", with or without a _synonyms.yml
    analyser = Analyser(SynonymExpander(synonyms, language=False))
    analyses = [analyser.document(doc) for doc in fixture_docs]
    has_synonyms = any(analysis["s"] for analysis in analyses)
    assert has_synonyms == bool(synonyms)
    ordinal = dataclasses.replace(fixture_docs[0], body="Pague a 2ª parcela.")
    assert "segund" in Analyser(SynonymExpander(synonyms)).document(ordinal)["s"]
