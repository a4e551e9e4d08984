"""lunr.py's serialized index, computed directly from per-field term counts.

lunr.py's ``Builder`` spent most of the search build on bookkeeping we do not need: a ``Token``
and a ``FieldRef`` string per term occurrence, a ``defaultdict`` of metadata lists per posting,
field refs parsed back out of strings, vectors kept sorted by ``list.insert`` one element at a
time, and a ``TokenSet`` automaton that ``serialize`` throws away. Our terms arrive already
normalised and counted (``kbgen.search.analysis``), so the index is three loops over dicts.

The output must stay *exactly* what ``Builder.build().serialize()`` gives (a test compares the
JSON on real and generated sites, with lunr.py as the reference), because lunr.js 2.3.9 loads it
and because byte-identical output is what makes a rebuild a no-op. What that pins down:

* term numbers (``_index``): the order in which ``Builder.add`` first meets each term — documents
  in ref order, fields in declaration order, terms in order of first occurrence in the field;
* document frequency (in lunr's ``idf``): the sum over fields of the documents that have the
  term in that field, so a document counts once per field (lunr's quirk, kept);
* the score: BM25 with k1 1.2 and b 0.75, field boost, rounded to 3 decimals, evaluated in the
  same order of float operations as lunr.py's ``_create_field_vectors`` (a different but
  algebraically equal order changes the last bit, and sometimes the third decimal);
* ``fieldVectors`` in the order documents and fields were added, each sorted by term number;
* ``invertedIndex`` sorted in UTF-16 order (``kbgen.search.index.serialize`` explains why).
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping, Sequence
from typing import Any

from lunr import __TARGET_JS_VERSION__

from kbgen.search.pipeline import SEARCH_PIPELINE

# lunr.py's Builder defaults (the same as lunr.js 2.3.9's); kbgen never changes them.
K1 = 1.2
B = 0.75

#: one document: per field of the index, in the index's field order, term → occurrences
DocumentCounts = Sequence[Mapping[str, int]]


def utf16_order(term: str) -> bytes:
    """Sort key of lunr.js's TokenSet.Builder: UTF-16 code units, not code points."""
    return term.encode("utf-16-be", "surrogatepass")


def serialized_index(documents: Sequence[DocumentCounts], fields: Mapping[str, int]) -> dict[str, Any]:
    """The serialized lunr index of ``documents`` (ref ``str(i)`` is ``documents[i]``) with
    ``fields`` (name → boost), equal to lunr.py's ``serialize()`` after kbgen's UTF-16 re-sort."""
    names = list(fields)
    boosts = [fields[name] for name in names]
    data: dict[str, Any] = {
        "version": __TARGET_JS_VERSION__,
        "fields": names,
        "fieldVectors": [],
        "invertedIndex": [],
        "pipeline": list(SEARCH_PIPELINE),
    }
    if not documents:
        return data  # what lunr.py serializes for the empty Index kbgen builds then
    count = len(documents)
    refs = [str(ref) for ref in range(count)]

    # Pass 1, in Builder.add's order: term numbers, postings, field lengths.
    # One shared {} for every posting's (empty) metadata: JSON only sees "{}", and 185k
    # identical empty dicts at 1,000 articles are pure allocation.
    no_metadata: dict[str, Any] = {}
    postings: dict[str, dict[str, Any]] = {}
    lengths: list[list[int]] = []
    totals = [0] * len(names)
    for ref, counts_of_fields in zip(refs, documents, strict=True):
        if len(counts_of_fields) != len(names):
            raise ValueError(f"document {ref} has {len(counts_of_fields)} fields, the index {len(names)}")
        doc_lengths = []
        for position, (name, counts) in enumerate(zip(names, counts_of_fields, strict=True)):
            for term in counts:
                posting = postings.get(term)
                if posting is None:
                    posting = postings[term] = {"_index": len(postings)}
                    for other in names:
                        posting[other] = {}
                posting[name][ref] = no_metadata
            length = sum(counts.values())
            doc_lengths.append(length)
            totals[position] += length
        lengths.append(doc_lengths)

    # lunr.idf: log(1 + |(N - df + 0.5) / (df + 0.5)|), df counted per field (see above).
    numbers: dict[str, int] = {}
    idfs: dict[str, float] = {}
    for term, posting in postings.items():
        df = 0
        for name in names:
            df += len(posting[name])
        numbers[term] = posting["_index"]
        idfs[term] = math.log(1 + abs((count - df + 0.5) / (df + 0.5)))

    # Pass 2: one vector per (document, field), in the order lunr.py created them. Every float
    # operation is lunr.py's, in its order: idf * ((k1 + 1) * tf) / (k1 * (1 - b + b * (len / avg))
    # + tf), times the boost (times the document boost, always 1), then rounded to 3 places.
    averages = [total / count for total in totals]
    k1_plus_1 = K1 + 1
    flatten = itertools.chain.from_iterable
    vectors: list[list[Any]] = data["fieldVectors"]
    for ref, counts_of_fields, doc_lengths in zip(refs, documents, lengths, strict=True):
        for name, boost, average, counts, length in zip(names, boosts, averages, counts_of_fields, doc_lengths,
                                                        strict=True):
            if not counts:
                vectors.append([f"{name}/{ref}", []])
                continue
            norm = K1 * (1 - B + B * (length / average))
            scored = []
            for term, tf in counts.items():
                score = idfs[term] * (k1_plus_1 * tf) / (norm + tf) * boost
                # round(score, 3), which goes through decimal strings (0.4 µs, a third of this
                # loop), without them: when score·1000 is not within 1e-4 of a half, the nearest
                # integer k is the one round() finds on the exact value, and k / 1000 is the
                # double round() returns (both are the double nearest k/1000). Near a half (and
                # at exact ties, which round() breaks to even) round() itself decides. lunr.py
                # rounds a second time in Vector.serialize: a no-op on a value already rounded.
                thousandths = score * 1000
                nearest = int(thousandths + 0.5)  # scores are positive: int() is floor
                if -0.4999 < nearest - thousandths < 0.4999:
                    scored.append((numbers[term], nearest / 1000))
                else:
                    scored.append((numbers[term], round(score, 3)))
            scored.sort()
            vectors.append([f"{name}/{ref}", list(flatten(scored))])

    data["invertedIndex"] = [[term, postings[term]] for term in sorted(postings, key=utf16_order)]
    return data
