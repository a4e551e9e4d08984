"""The site's search documents for an external engine: ``kbgen export-search``.

A help center too big for one browser-side index, or a federation of several, can put
Meilisearch or OpenSearch behind the same results page (docs/scaling.md). This module turns the
``SearchDocument``s the build indexes — the same list, from the same code — into what those
engines ingest, plus a settings object carrying what kbgen's own index adds: the field boosts
and the synonym groups of ``_synonyms.yml``.

Formats (the engines' own documentation):

* ``jsonl``: one document per line (NDJSON). Meilisearch takes it as is with
  ``Content-Type: application/x-ndjson`` on ``POST /indexes/{uid}/documents`` and finds the
  primary key ``id`` by its name (meilisearch.com/docs/capabilities/indexing/getting_started,
  …/how_to/design_primary_keys). Its document ids may hold only ``a-z A-Z 0-9 - _``
  (the error text quoted in meilisearch/meilisearch#4696), hence ``document_id``.
* ``opensearch-bulk``: the ``_bulk`` body, an action line ``{"index":{"_id":…}}`` before each
  document and a newline after the last line (docs.opensearch.org/api-reference/document-apis/bulk/;
  an ``_id`` is at most 512 bytes). The index name goes in the URL (``POST /kb/_bulk``).

Everything is deterministic: documents in URL order (the index's ref order), keys in a fixed order.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from kbgen.search.index import FIELD_NAMES, FULL_FIELDS, SearchDocument, sorted_documents
from kbgen.search.normalise import phrase_terms
from kbgen.search.synonyms import SynonymExpander

FORMATS = ("jsonl", "opensearch-bulk")
SETTINGS_FORMAT = "kbgen-search-export/1"
#: Export field → boost, the results page's own (kbgen.search.index.FULL_FIELDS under full names).
FIELD_BOOSTS = {FIELD_NAMES[short]: boost for short, boost in FULL_FIELDS.items()}
#: What a result shows (the UI's contract: title, link, set and module, snippet).
DISPLAYED = ("id", "url", "title", "set", "module", "description", "tags")
FILTERABLE = ("set", "module", "tags")

_ID_UNSAFE = re.compile(r"[^A-Za-z0-9_-]+")
_ID_READABLE = 200  # characters of the URL kept in an id (Meilisearch allows 511 bytes, OpenSearch 512)


def document_id(url: str) -> str:
    """A stable id both engines accept: the URL in their alphabet, plus a digest of the URL so two
    URLs that differ only in characters outside it (``a/b-c`` and ``a-b/c``) never share an id."""
    stem = url.removesuffix(".html")
    readable = _ID_UNSAFE.sub("_", stem)[:_ID_READABLE].strip("_") or "doc"
    return f"{readable}-{hashlib.blake2b(url.encode('utf-8', 'surrogatepass'), digest_size=5).hexdigest()}"


def _synonym_forms(doc: SearchDocument, expander: SynonymExpander) -> list[str]:
    """The forms kbgen's full index adds to ``doc`` (the ``s`` field, kbgen.search.index._fields):
    other forms of every synonym group the document's texts mention."""
    if not expander:
        return []
    texts = [doc.title, *doc.tags, doc.description, *doc.headings, doc.body]
    return expander.added_forms(expander.find(phrase_terms(text) for text in texts))


def export_records(documents: Iterable[SearchDocument],
                   synonyms: Mapping[str, Sequence[str]] | None = None) -> list[dict[str, Any]]:
    """One record per document, in the index's order, with kbgen's analysis fields added:
    ``synonyms`` (forms from ``_synonyms.yml``) and ``context`` (set and module titles)."""
    expander = SynonymExpander(synonyms)
    records = []
    seen: dict[str, str] = {}
    for doc in sorted_documents(documents):
        ident = document_id(doc.url)
        if ident in seen:  # a digest collision: never merge two articles silently
            raise ValueError(f"{seen[ident]!r} and {doc.url!r} would share the search id {ident!r}")
        seen[ident] = doc.url
        records.append({
            "id": ident,
            "url": doc.url,
            "title": doc.title,
            "set": doc.set_title,
            "module": doc.module_title,
            "tags": list(doc.tags),
            "description": doc.description,
            "headings": list(doc.headings),
            "body": doc.body,
            "synonyms": _synonym_forms(doc, expander),
            "context": [doc.set_title, doc.module_title],
        })
    return records


def _line(value: object) -> str:
    # keys in the order written (id first, the same every run): a reader of the file sees the id first
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")) + "\n"


def render_documents(records: Sequence[Mapping[str, Any]], output_format: str) -> str:
    """The documents file: NDJSON, or OpenSearch's ``_bulk`` body (every line ends in a newline)."""
    if output_format == "jsonl":
        return "".join(_line(record) for record in records)
    if output_format == "opensearch-bulk":
        return "".join(_line({"index": {"_id": record["id"]}}) + _line(record) for record in records)
    raise ValueError(f"unknown export format {output_format!r} (one of: {', '.join(FORMATS)})")


def _meilisearch_synonyms(groups: Sequence[Sequence[str]]) -> dict[str, list[str]]:
    """Multi-way synonyms the Meilisearch way: each form lists every other form of its groups
    (meilisearch.com/docs/learn/relevancy/synonyms: "great": ["fantastic"], "fantastic": ["great"];
    Meilisearch lower-cases and de-accents them itself)."""
    mapping: dict[str, list[str]] = {}
    for forms in groups:
        for form in forms:
            others = mapping.setdefault(form, [])
            others.extend(other for other in forms if other != form and other not in others)
    return {form: mapping[form] for form in sorted(mapping)}


def _solr_rule(forms: Sequence[str]) -> str:
    """One equivalence rule in Solr's synonym format (``a, b, c``), commas inside a form escaped."""
    return ", ".join(form.replace("\\", "\\\\").replace(",", "\\,") for form in forms)


def _opensearch(groups: Sequence[Sequence[str]]) -> dict[str, Any]:
    """An index body (settings and mappings) and a query for OpenSearch (and Elasticsearch).

    The analyzers rebuild OpenSearch's ``brazilian`` analyzer (tokenizer standard, lowercase,
    ``_brazilian_`` stop words, ``brazilian`` stemmer: docs.opensearch.org/docs/analyzers/
    language-analyzers/brazilian) with ``asciifolding`` (kbgen folds accents too); the search
    analyzer adds the synonym groups as a ``synonym_graph`` filter, which belongs in a search
    analyzer only (docs.opensearch.org/docs/analyzers/token-filters/synonym-graph)."""
    base = ["lowercase", "asciifolding"]
    stem = ["kbgen_stop", "kbgen_stemmer"]
    filters: dict[str, Any] = {
        "kbgen_stop": {"type": "stop", "stopwords": "_brazilian_"},
        "kbgen_stemmer": {"type": "stemmer", "language": "brazilian"},
    }
    search_filters = [*base, *stem]
    if groups:
        # lenient: a rule whose words are all stop words is skipped, not a failed index creation
        filters["kbgen_synonyms"] = {"type": "synonym_graph", "lenient": True,
                                     "synonyms": [_solr_rule(forms) for forms in groups]}
        search_filters = [*base, "kbgen_synonyms", *stem]
    text = {"type": "text", "analyzer": "kbgen_index", "search_analyzer": "kbgen_search"}
    properties: dict[str, Any] = {name: dict(text) for name in FIELD_BOOSTS}
    properties.update({
        "id": {"type": "keyword"},
        "url": {"type": "keyword", "index": False},
        "set": {**text, "fields": {"keyword": {"type": "keyword"}}},
        "module": {**text, "fields": {"keyword": {"type": "keyword"}}},
    })
    return {
        "index": {
            "settings": {"analysis": {
                "filter": filters,
                "analyzer": {
                    "kbgen_index": {"type": "custom", "tokenizer": "standard", "filter": [*base, *stem]},
                    "kbgen_search": {"type": "custom", "tokenizer": "standard", "filter": search_filters},
                },
            }},
            "mappings": {"properties": {name: properties[name] for name in sorted(properties)}},
        },
        "query": {"query": {"multi_match": {
            "query": "como emitir a segunda via",
            "type": "best_fields",
            "fields": [f"{name}^{boost}" for name, boost in FIELD_BOOSTS.items()],
        }}},
    }


def export_settings(records: Sequence[Mapping[str, Any]],
                    synonyms: Mapping[str, Sequence[str]] | None = None) -> dict[str, Any]:
    """What an engine needs besides the documents: kbgen's boosts and synonym groups, and each
    engine's settings made from them."""
    groups = [list(forms) for forms in SynonymExpander(synonyms).groups]
    by_boost = sorted(FIELD_BOOSTS, key=lambda name: -FIELD_BOOSTS[name])  # stable: ties keep kbgen's order
    return {
        "format": SETTINGS_FORMAT,
        "documents": len(records),
        "primaryKey": "id",
        "fieldBoosts": dict(FIELD_BOOSTS),
        "synonymGroups": groups,
        "meilisearch": {
            "primaryKey": "id",
            # PATCH /indexes/{uid}/settings. Meilisearch ranks by attribute *order*, not weights
            # (meilisearch.com/docs/capabilities/full_text_search/how_to/configure_searchable_attributes):
            # the boosts become an order, strongest first.
            "settings": {
                "searchableAttributes": by_boost,
                "displayedAttributes": list(DISPLAYED),
                "filterableAttributes": list(FILTERABLE),
                "synonyms": _meilisearch_synonyms(groups),
            },
        },
        "opensearch": _opensearch(groups),
    }


def render_settings(settings: Mapping[str, Any]) -> str:
    return json.dumps(settings, ensure_ascii=False, indent=1, sort_keys=False) + "\n"
