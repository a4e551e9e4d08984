"""The search index builder: documents in, script files out. Plain Python, no Sphinx.

What a site ships, and the search box, the results page and the hand-off page load, is the
*sharded* index only (``shards``: a manifest and term shards per index — ``s`` the suggestion
index of titles, tags, descriptions; ``f`` the full index, one for the whole site, not one per
set: idf is global — loaded per query; ``chunks``: what results show, ``d`` documents and ``p``
their passages, loaded for the results listed; refs are positions in the URL-sorted documents).

``build_indexes(..., whole=True)`` also gives each index whole, as the files earlier versions
shipped (``WHOLE_FILES``, ``kbgenSearchData``): no site loads them any more, but the tests and
benchmarks run the engine on them as the reference the sharded store is held to. A build
removes them from an output written by an earlier version (``sphinx_ext.search``).

Documents are sorted by URL before anything else, so the output is byte-identical for the same
documents in any order. No ``position`` metadata is stored: highlighting re-tokenises the excerpt
in the browser instead, and positions would double the index.

``build_indexes`` does not run lunr.py: each document is analysed once for both indexes
(``analysis``, cached across builds by ``cache``) and ``lunrindex`` writes lunr.py's serialization
from the counted terms, 5–10 times faster. ``build_lunr_indexes`` keeps the lunr.py path: it is
the reference the tests hold ``build_indexes`` to, and gives Python-side ``Index`` objects.
"""

from __future__ import annotations

import hashlib
import itertools
import sys
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lunr.index import Index
from lunr.token_set import TokenSet

from kbgen.search import chunks, jsdata, lunrindex, packing, passages, shards
from kbgen.search.analysis import SUMMARY_SYNONYMS, field_counts
from kbgen.search.cache import analyse_documents, cached_site_passages, code_fingerprint, synonyms_digest
from kbgen.search.jsdata import js_assignment
from kbgen.search.lunrindex import serialized_index, utf16_order
from kbgen.search.normalise import index_terms
from kbgen.search.pipeline import new_builder
from kbgen.search.synonyms import SynonymExpander

SUGGEST_FILE = "kbgen-search-suggest.js"
FULL_FILE = "kbgen-search-full.js"
DOCS_FILE = "kbgen-search-docs.js"
PASSAGES_FILE = "kbgen-search-passages.js"
#: The whole indexes, documents and passages as single files (``build_indexes(whole=True)``):
#: shipped by versions before the sharded index, now for tests and benchmarks only.
WHOLE_FILES = (SUGGEST_FILE, FULL_FILE, DOCS_FILE, PASSAGES_FILE)
#: The data files every build writes: the sharded index's manifests; then come its shards and
#: chunks (``shards``, ``chunks``), as many as the site needs.
DATA_FILES = (shards.manifest_file(shards.SUGGEST_MODE), shards.manifest_file(shards.FULL_MODE))

# Field → boost. Field names are one letter because lunr repeats every field name in every
# posting and every field vector: full names made the files 20 % bigger (3 % gzipped).
#   t title · k tags (keywords) · h headings · d description · s synonyms (forms added by
#   SynonymExpander) · c context: set and module titles, so "iptu segunda via" finds an article
#   of the IPTU module that never says "IPTU" · b body
FIELD_NAMES = {
    "t": "title",
    "k": "tags",
    "h": "headings",
    "d": "description",
    "s": "synonyms",
    "c": "context",
    "b": "body",
}
FULL_FIELDS = {"t": 10, "k": 6, "h": 3, "d": 2, "s": 2, "c": 1, "b": 1}
SUGGEST_FIELDS = {"t": 10, "k": 5, "d": 2, "s": 2}
# Field → the part of a document's analysis it is built from (kbgen.search.analysis).
FULL_SOURCES = {name: name for name in FULL_FIELDS}
SUGGEST_SOURCES = {"t": "t", "k": "k", "d": "d", "s": SUMMARY_SYNONYMS}

EXCERPT_LENGTH = 200


def writer_fingerprint() -> str:
    """What decides the bytes of the search data files besides the documents and synonyms: the
    analysis code and the modules that lay the files out. kbgen.sphinx_ext.search puts it in the
    stamp that lets a no-op build skip the files, so an upgraded kbgen rewrites them."""
    digest = hashlib.sha256(code_fingerprint().encode())
    for module in (sys.modules[__name__], chunks, jsdata, lunrindex, packing, passages, shards):
        try:
            digest.update(Path(module.__file__ or "").read_bytes())
        except OSError:
            digest.update(module.__name__.encode())  # no source to read (a frozen install)
    return digest.hexdigest()


@dataclass(frozen=True)
class SearchDocument:
    """One article as search sees it. Text fields are plain text, not HTML or Markdown."""

    url: str
    title: str
    set_title: str
    module_title: str
    tags: tuple[str, ...]
    description: str
    headings: tuple[str, ...]
    body: str


@dataclass(frozen=True)
class SearchIndexes:
    """The built lunr indexes and the document store; ref ``str(i)`` is ``docs[i]``."""

    suggest: Index
    full: Index
    docs: list[dict[str, str]]


def sorted_documents(documents: Iterable[SearchDocument]) -> list[SearchDocument]:
    """Documents in URL order (their refs); a URL given twice is an error, not a silent merge."""
    ordered = sorted(documents, key=lambda doc: doc.url)
    for before, after in itertools.pairwise(ordered):
        if before.url == after.url:
            raise ValueError(f"two search documents have the URL {after.url!r}")
    return ordered


def excerpt(doc: SearchDocument, length: int = EXCERPT_LENGTH) -> str:
    """About ``length`` characters of the description (or, without one, the body), cut at a space."""
    text = " ".join((doc.description or doc.body).split())
    if len(text) <= length:
        return text
    cut = text[: length + 1].rsplit(" ", 1)[0] if " " in text[: length + 1] else text[:length]
    return cut.rstrip(" ,.;:-–—") + "…"


def _terms(texts: Iterable[str]) -> list[str]:
    return [term for text in texts for term in index_terms(text)]


def _fields(doc: SearchDocument, names: Iterable[str], expander: SynonymExpander) -> dict[str, list[str]]:
    """Term lists per field, for lunr.py (the reference; ``analysis.Analyser`` gives the same
    terms counted). lunr's own tokenizer (which splits "NFS-e" into "nfs" and the stop word
    "e") never sees raw text: lunr.py accepts a list and only lower-cases its items (a no-op:
    ``fold`` lower-cases last)."""
    names = list(names)
    fields: dict[str, list[str]] = {}
    for name in names:
        if name == "t":
            fields[name] = index_terms(doc.title)
        elif name == "k":
            fields[name] = _terms(doc.tags)
        elif name == "h":
            fields[name] = _terms(doc.headings)
        elif name == "d":
            fields[name] = index_terms(doc.description)
        elif name == "c":
            fields[name] = _terms((doc.set_title, doc.module_title))
        elif name == "b":
            fields[name] = index_terms(doc.body)
        elif name == "s":
            # Synonyms of what this index covers: the suggestion index only looks at what it shows.
            texts = [doc.title, *doc.tags, doc.description]
            if "b" in names:
                texts += [*doc.headings, doc.body]
            fields[name] = index_terms(expander.expansion(texts)) if expander else []
        else:
            raise ValueError(f"unknown search field {name!r}")
    return fields


def _build(documents: Sequence[SearchDocument], fields: dict[str, int], expander: SynonymExpander) -> Index:
    builder = new_builder(fields)
    if not documents:
        # lunr.py divides by the document count; an empty site still gets a loadable index.
        return Index({}, {}, TokenSet(), list(fields), builder.search_pipeline)
    for ref, doc in enumerate(documents):
        builder.add({"id": ref, **_fields(doc, fields, expander)})
    return builder.build()


def _document_store(ordered: Sequence[SearchDocument]) -> list[dict[str, str]]:
    return [
        {"title": d.title, "url": d.url, "set": d.set_title, "module": d.module_title, "excerpt": excerpt(d)}
        for d in ordered
    ]


def build_lunr_indexes(
    documents: Iterable[SearchDocument], synonyms: Mapping[str, Sequence[str]] | None = None
) -> SearchIndexes:
    """Both indexes built by lunr.py, and the document store: the reference for the tests."""
    ordered = sorted_documents(documents)
    expander = SynonymExpander(synonyms)
    return SearchIndexes(
        suggest=_build(ordered, SUGGEST_FIELDS, expander),
        full=_build(ordered, FULL_FIELDS, expander),
        docs=_document_store(ordered),
    )


def serialize(index: Index) -> dict[str, Any]:
    """lunr.py's serialization with terms in UTF-16 order, the order lunr.js's TokenSet.Builder
    demands (Python's code-point order differs for terms with characters above U+FFFF)."""
    data: dict[str, Any] = index.serialize()
    data["invertedIndex"].sort(key=lambda item: utf16_order(item[0]))
    return data


def _counts(
    ordered: Sequence[SearchDocument], synonyms: Mapping[str, Sequence[str]] | None, cache_path: Path | None
) -> tuple[list[list[dict[str, int]]], list[list[dict[str, int]]]]:
    """(suggest, full) per-document, per-field term counts of ``ordered``."""
    analyses = analyse_documents(ordered, SynonymExpander(synonyms), synonyms_digest(synonyms), cache_path)
    return field_counts(analyses, SUGGEST_SOURCES), field_counts(analyses, FULL_SOURCES)


def serialized_indexes(
    documents: Iterable[SearchDocument],
    synonyms: Mapping[str, Sequence[str]] | None = None,
    cache_path: Path | None = None,
) -> tuple[dict[str, Any], dict[str, Any], list[dict[str, str]]]:
    """(suggest, full, docs): what ``serialize(build_lunr_indexes(…))`` gives, without lunr.py.
    ``cache_path`` names a file that keeps document analyses between builds (``cache``)."""
    ordered = sorted_documents(documents)
    suggest, full = _counts(ordered, synonyms, cache_path)
    return serialized_index(suggest, SUGGEST_FIELDS), serialized_index(full, FULL_FIELDS), _document_store(ordered)


def _passages_cache(cache_path: Path | None) -> Path | None:
    """The passages' cache file, beside the analyses' one."""
    return None if cache_path is None else Path(cache_path).with_name(Path(cache_path).stem + "-passages.pickle")


def build_indexes(
    documents: Iterable[SearchDocument],
    synonyms: Mapping[str, Sequence[str]] | None = None,
    *,
    cache_path: Path | None = None,
    whole: bool = False,
) -> dict[str, str]:
    """File name → content of the search scripts a site ships (see the module docstring and
    ``shards``); with ``whole``, the ``WHOLE_FILES`` too (tests and benchmarks only)."""
    ordered = sorted_documents(documents)
    suggest, full = _counts(ordered, synonyms, cache_path)
    docs = _document_store(ordered)
    texts = cached_site_passages([(d.title, d.body, d.headings) for d in ordered], _passages_cache(cache_path))
    files: dict[str, str] = {}
    if whole:
        files = {
            SUGGEST_FILE: js_assignment("suggest", serialized_index(suggest, SUGGEST_FIELDS)),
            FULL_FILE: js_assignment("full", serialized_index(full, FULL_FIELDS)),
            DOCS_FILE: js_assignment("docs", docs),
            PASSAGES_FILE: js_assignment("passages", texts),
        }
    extra = chunks.manifest_fields(docs)
    files.update(shards.sharded_index(shards.SUGGEST_MODE, suggest, SUGGEST_FIELDS, extra))
    files.update(shards.sharded_index(shards.FULL_MODE, full, FULL_FIELDS, extra))
    files.update(chunks.chunk_files(docs, texts))
    return files
