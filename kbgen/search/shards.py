"""The sharded lunr index: a small manifest and term shards, loaded per query (issue 25).

lunr.js scores ``queryVector.similarity(fieldVector)``, which reads only the field vector
elements of the query's own terms. So a ``lunr.Index`` holding only the terms a query can reach
(their postings and their field vector elements, with the whole index's term numbers) ranks
exactly as the whole index does. The browser assembles such an index from the shards of the
query's terms (kbgen-search.js, ``store``); Python reads every shard back into the whole index
(``assembled_counts`` → ``lunrindex.serialized_index``, equal to the monolithic serialization).

Per mode (``s``: the suggestion index, ``f``: the results page's), files under ``_static/``:

* ``kbgen-search-<mode>.js``, the manifest: document count, fields, boosts, per field each
  document's field length and their total (lunr's average is total / count), the term dictionary (UTF-16 order,
  front-coded), per term its lunr term number (``_index``) and lunr's document frequency (the
  sum over fields, for idf and for "the most frequent completions" before any shard is
  loaded), per document the number of distinct title terms, and the shard count.
* ``kbgen-search-<mode>-<n>.js``, shard ``n``: per term of the shard, per field its number of
  postings, then each posting as ``2 × document delta + (term frequency > 1)``, followed by
  ``frequency − 2`` only when the frequency is above 1 (most are 1: a common word's posting at
  20,000 articles then takes one character, not two, which is what a server that compresses
  nothing sends). The shard's terms are the dictionary's terms whose hash is
  ``n``, in dictionary order, so a shard names none: the reader hashes the dictionary once
  (``terms_by_shard``). Storing neither a dictionary position nor lunr's weight keeps a shard
  independent of the other shards' terms and of the site-wide document count, lengths and
  frequencies (those live in the manifest): editing an article, even with words new to the
  site, rewrites only the shards of the terms whose frequency in it changed, and the manifest.

A term's shard is FNV-1a (32 bits, over UTF-16 code units) of the term modulo the shard count,
a power of two chosen from the packed size (``SHARD_CHARACTERS`` each on average): it moves
only when the site doubles or halves. Each file pushes ``[mode, part, payload]`` on the global
``kbgenSearchParts`` (a classic script: ``fetch`` fails from ``file://``, a script works under
the CSP); the manifest's part is ``"m"``.
"""

from __future__ import annotations

import itertools
import operator
from collections.abc import Mapping, Sequence
from typing import Any

from kbgen.search.jsdata import to_json
from kbgen.search.lunrindex import DocumentCounts, utf16_order
from kbgen.search.packing import Reader, front_code, front_decode, pack, unpack
from kbgen.search.pipeline import SEARCH_PIPELINE

#: 2: shards hold no dictionary positions (a new word rewrote every shard in format 1)
FORMAT_VERSION = 2
GLOBAL = "kbgenSearchParts"
#: packed characters per shard on average (~ 1.5 KB gzipped: one shard's assembly is one task of
#: the page, which must stay short on a throttled phone); the count is a power of two
SHARD_CHARACTERS = 4_000
MANIFEST_PART = "m"
SUGGEST_MODE = "s"
FULL_MODE = "f"


#: every shard and chunk file (chunks.py) (a build removes those it no longer writes)
SHARD_GLOB = "kbgen-search-[sfdp]-*.js"


def manifest_file(mode: str) -> str:
    return f"kbgen-search-{mode}.js"


def shard_file(mode: str, number: int) -> str:
    return f"kbgen-search-{mode}-{number}.js"


def shard_of(term: str, shards: int) -> int:
    """FNV-1a over the UTF-16 code units of ``term``, modulo ``shards`` (kbgen-search.js's shardOf)."""
    digest = 2166136261
    units = term.encode("utf-16-be", "surrogatepass")
    for i in range(0, len(units), 2):
        digest = ((digest ^ ((units[i] << 8) | units[i + 1])) * 16777619) & 0xFFFFFFFF
    return digest % shards


def part_script(mode: str, part: str | int, payload: object) -> str:
    """The classic script that hands one part of the index to the page."""
    return (
        f"(function(g){{(g.{GLOBAL}=g.{GLOBAL}||[]).push({to_json([mode, part, payload])});}}"
        '(typeof window!=="undefined"?window:globalThis));\n'
    )


def _shard_count(characters: int) -> int:
    count = 1
    while count * SHARD_CHARACTERS < characters:
        count *= 2
    return count


def _posting(delta: int, tf: int) -> tuple[int, ...]:
    """A posting's numbers (the module docstring's encoding)."""
    return (2 * delta,) if tf == 1 else (2 * delta + 1, tf - 2)


def sharded_index(mode: str, documents: Sequence[DocumentCounts], fields: Mapping[str, int],
                  extra: Mapping[str, Any] | None = None) -> dict[str, str]:
    """File name → script of the manifest and shards of ``documents`` (ref ``i`` is ``documents[i]``,
    per field of ``fields`` its term counts, as ``lunrindex.serialized_index`` takes them; the
    first field is the title). ``extra``: more manifest keys (``chunks.manifest_fields``)."""
    names = list(fields)
    numbers: dict[str, int] = {}
    postings: dict[str, list[list[int]]] = {}  # term → per field [ref, tf, ref, tf, …]
    lengths: list[list[int]] = [[] for _ in names]  # per field, per document
    titles = []
    for ref, counts_of_fields in enumerate(documents):
        if len(counts_of_fields) != len(names):
            raise ValueError(f"document {ref} has {len(counts_of_fields)} fields, the index {len(names)}")
        titles.append(len(counts_of_fields[0]))
        for position, counts in enumerate(counts_of_fields):
            lengths[position].append(sum(counts.values()))
            for term, tf in counts.items():
                if term not in numbers:  # lunr's term number: first met, as Builder.add (lunrindex)
                    numbers[term] = len(numbers)
                    postings[term] = [[] for _ in names]
                postings[term][position] += (ref, tf)
    terms = sorted(numbers, key=utf16_order)
    packed = {}
    for term in terms:
        chunks = []
        for field_postings in postings[term]:
            refs = field_postings[0::2]
            deltas = map(operator.sub, refs, [0, *refs[:-1]])
            chunks.append(pack(itertools.chain((len(refs),), *map(_posting, deltas, field_postings[1::2]))))
        packed[term] = "".join(chunks)
    shards = _shard_count(sum(map(len, packed.values()))) if terms else 0
    contents: list[list[str]] = [[] for _ in range(shards)]
    for term in terms:
        contents[shard_of(term, shards)].append(packed[term])
    manifest = {
        "version": FORMAT_VERSION, "count": len(documents), "fields": names, "boosts": [fields[n] for n in names],
        "totals": [sum(field) for field in lengths], "lengths": [pack(field) for field in lengths],
        "pipeline": list(SEARCH_PIPELINE), "shards": shards, "terms": front_code(terms),
        "index": pack(numbers[t] for t in terms),
        "df": pack(sum(len(p) // 2 for p in postings[t]) for t in terms),
        "titles": pack(titles), **(extra or {}),
    }
    files = {manifest_file(mode): part_script(mode, MANIFEST_PART, manifest)}
    for n, content in enumerate(contents):
        files[shard_file(mode, n)] = part_script(mode, n, "".join(content))
    return files


def terms_by_shard(terms: Sequence[str], shards: int) -> list[list[str]]:
    """Per shard, the dictionary's terms it holds, in dictionary order (kbgen-search-store.js's
    StartJob builds the same lists while it decodes the manifest)."""
    out: list[list[str]] = [[] for _ in range(shards)]
    for term in terms:
        out[shard_of(term, shards)].append(term)
    return out


def read_shard(manifest: Mapping[str, Any], payload: str, shard_terms: Sequence[str]) -> dict[str, list[list[int]]]:
    """term → per field [ref, tf, …] of one shard's payload (``shard_terms``: the terms it holds,
    ``terms_by_shard``). Raises ValueError when the payload holds more or fewer terms."""
    reader, out = Reader(payload), dict[str, list[list[int]]]()
    fields = len(manifest["fields"])
    for term in shard_terms:
        if reader.done():
            raise ValueError(f"a shard holds {len(out)} terms, the manifest gives it {len(shard_terms)}")
        per_field = []
        for _ in range(fields):
            flat: list[int] = []
            ref = 0
            for _ in range(reader.number()):
                code = reader.number()
                ref += code >> 1
                flat += (ref, reader.number() + 2 if code & 1 else 1)
            per_field.append(flat)
        out[term] = per_field
    if not reader.done():
        raise ValueError(f"a shard holds more than the {len(shard_terms)} terms the manifest gives it")
    return out


def assembled_counts(manifest: Mapping[str, Any], payloads: Sequence[str]) -> list[list[dict[str, int]]]:
    """Every shard read back into per-document, per-field term counts, each field's terms in lunr
    term-number order: ``serialized_index`` numbers them as the original build did (a field's
    new terms come after the terms met before, in the order they were first met)."""
    if manifest.get("version") != FORMAT_VERSION:
        raise ValueError(f"search index format {manifest.get('version')!r}, this kbgen reads {FORMAT_VERSION}")
    terms = front_decode(manifest["terms"])
    numbers = dict(zip(terms, unpack(manifest["index"]), strict=True))
    found: list[list[list[tuple[int, str, int]]]] = [[[] for _ in manifest["fields"]]
                                                     for _ in range(manifest["count"])]
    if len(payloads) != manifest["shards"]:
        raise ValueError(f"{len(payloads)} shards read, the manifest counts {manifest['shards']}")
    for payload, shard_terms in zip(payloads, terms_by_shard(terms, manifest["shards"]), strict=True):
        for term, per_field in read_shard(manifest, payload, shard_terms).items():
            for position, flat in enumerate(per_field):
                for at in range(0, len(flat), 2):
                    found[flat[at]][position].append((numbers[term], term, flat[at + 1]))
    return [[{term: tf for _, term, tf in sorted(field)} for field in doc] for doc in found]
