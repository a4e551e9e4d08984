"""The sharded index (kbgen.search.shards): read back whole, it is the monolithic index, exactly.

Every shard of a mode, read back by ``assembled_counts`` and serialized by ``lunrindex``, must
give the same JSON as the index built from the documents (term numbers, weights, order): the
browser assembles its partial indexes from the same data, so exactness here is what keeps the
golden table still. The encodings round-trip on random input.
"""

from __future__ import annotations

import json
import re
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from searchhelpers import CONTENT, markdown_documents

from kbgen.search import shards
from kbgen.search.analysis import field_counts
from kbgen.search.cache import analyse_documents, synonyms_digest
from kbgen.search.chunks import PASSAGE_CHUNK, manifest_fields, place_numbers
from kbgen.search.index import (
    DOCS_FILE,
    FULL_FIELDS,
    FULL_FILE,
    FULL_SOURCES,
    PASSAGES_FILE,
    SUGGEST_FIELDS,
    SUGGEST_SOURCES,
    SearchDocument,
    build_indexes,
)
from kbgen.search.jsdata import to_json
from kbgen.search.lunrindex import serialized_index
from kbgen.search.packing import front_code, front_decode, pack, unpack
from kbgen.search.shards import (
    FULL_MODE,
    SUGGEST_MODE,
    assembled_counts,
    manifest_file,
    shard_file,
    shard_of,
    sharded_index,
)
from kbgen.search.synonyms import SynonymExpander
from tests.node_bridge import NodeBridge, NodeError

_PART = re.compile(r"\.push\((.*)\);\}\(typeof window", re.S)
_ASSIGNED = re.compile(r"d\.\w+=(.*);\}\(typeof window", re.S)  # the monolithic files (jsdata)


def parts(files: dict[str, str], mode: str) -> tuple[dict[str, Any], list[str]]:
    """(manifest, shard payloads) of ``mode`` from built files."""
    def value(name: str) -> Any:
        match = _PART.search(files[name])
        assert match is not None, name
        return json.loads(match.group(1))
    manifest = value(manifest_file(mode))
    assert manifest[:2] == [mode, "m"]
    shards = [value(shard_file(mode, n)) for n in range(manifest[2]["shards"])]
    assert [s[:2] for s in shards] == [[mode, n] for n in range(len(shards))]
    assert not any(name.startswith(f"kbgen-search-{mode}-") for name in set(files) - {
        shard_file(mode, n) for n in range(len(shards))})
    return manifest[2], [s[2] for s in shards]


def assert_exact(docs: list[SearchDocument], synonyms: dict[str, list[str]] | None) -> None:
    analyses = analyse_documents(sorted(docs, key=lambda d: d.url), SynonymExpander(synonyms),
                                 synonyms_digest(synonyms), None)
    files = build_indexes(docs, synonyms)
    for mode, fields, sources in ((SUGGEST_MODE, SUGGEST_FIELDS, SUGGEST_SOURCES),
                                  (FULL_MODE, FULL_FIELDS, FULL_SOURCES)):
        expected = serialized_index(field_counts(analyses, sources), fields)
        manifest, payloads = parts(files, mode)
        assembled = serialized_index(assembled_counts(manifest, payloads), fields)
        assert to_json(assembled) == to_json(expected), mode


def test_the_sharded_sample_reads_back_as_the_whole_index() -> None:
    assert_exact(markdown_documents(CONTENT), {"NFS-e": ["nota fiscal de serviço eletrônica"]})


def test_fixture_articles_empty_site_and_one_document(fixture_docs: list[SearchDocument]) -> None:
    assert_exact(fixture_docs, {"boleto": ["guia de pagamento"]})
    assert_exact([], None)
    assert_exact(fixture_docs[:1], None)


def test_a_term_lives_in_one_shard_and_many_shards_split_by_hash() -> None:
    documents = [[{f"termo{i}x{j}": 1 + (i * j) % 5 for j in range(40)}, {"corpo": 300 + i}] for i in range(400)]
    files = sharded_index("f", documents, {"t": 10, "b": 1})
    manifest, payloads = parts(files, "f")
    assert manifest["shards"] > 1 and all(payloads)
    assert serialized_index(assembled_counts(manifest, payloads), {"t": 10, "b": 1}) == \
        serialized_index(documents, {"t": 10, "b": 1})
    assert shard_of("corpo", 1) == 0 and shard_of("a", 2 ** 20) == (2166136261 ^ 97) * 16777619 % 2 ** 32 % 2 ** 20


terms = st.text(st.characters(exclude_categories=["Cs"]), min_size=1, max_size=12)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(0, 2 ** 40)), st.lists(terms, unique=True))
def test_packing_round_trips(numbers: list[int], words: list[str]) -> None:
    assert unpack(pack(numbers)) == numbers
    assert front_decode(front_code(sorted(words))) == sorted(words)
    assert re.fullmatch(r"[A-Za-z0-9_-]*", pack(numbers))


@pytest.mark.parametrize("cut", ["a continuation digit last", "a character outside the alphabet"])
def test_numbers_cut_short_are_refused_not_looped_on(node: NodeBridge, cut: str) -> None:
    """A file cut short ends inside a number: Python raised IndexError and the browser added NaN forever."""
    whole = pack([2 ** 30, 7])
    broken = pack([2 ** 30])[:-1] if cut.startswith("a continuation") else whole[:2] + "*" + whole[3:]
    with pytest.raises(ValueError, match="truncated or corrupt"):
        unpack(broken)
    with pytest.raises(NodeError, match="truncated or corrupt"):
        node.call("unpack", text=broken)
    coded = front_code(["nota", "notas"])
    with pytest.raises(NodeError, match="truncated or corrupt"):
        node.call("frontDecode", text=coded[:1] + "*" + coded[2:])
    assert node.call("unpack", text=whole) == [2 ** 30, 7]


@settings(max_examples=25, deadline=None)
@given(st.lists(st.lists(st.dictionaries(st.sampled_from(["á", "b", "ç\U00020000", "d", "e1"]), st.integers(1, 40)),
                         min_size=2, max_size=2), max_size=6))
def test_random_counts_read_back_exactly(documents: list[list[dict[str, int]]]) -> None:
    fields = {"t": 10, "b": 1}
    manifest, payloads = parts(sharded_index("f", documents, fields), "f")
    assert serialized_index(assembled_counts(manifest, payloads), fields) == serialized_index(documents, fields)


def test_the_browser_assembles_the_same_index_and_loads_only_what_a_query_reads(
        tmp_path: Path, node: NodeBridge, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(shards, "SHARD_CHARACTERS", 2000)  # many shards, for the sample's index
    docs = markdown_documents(CONTENT)
    files = build_indexes(docs, None, whole=True)
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    for mode in (SUGGEST_MODE, FULL_MODE):
        fields = FULL_FIELDS if mode == FULL_MODE else SUGGEST_FIELDS
        expected = serialized_index(assembled_counts(*parts(files, mode)), fields)
        got = node.call("assembled", folder=str(tmp_path), mode=mode)
        assert got["invertedIndex"] == expected["invertedIndex"], mode
        assert got["fieldVectors"] == sorted(v for v in expected["fieldVectors"] if v[1]), mode
    manifest, _ = parts(files, FULL_MODE)
    assert manifest["shards"] >= 8
    first, again, other = node.call("sharded", folder=str(tmp_path), mode=FULL_MODE,
                                    queries=[{"text": "nota fiscal"}, {"text": "nota fiscal"}, {"text": "férias"}])
    assert first["results"] and first["results"] == again["results"] and other["results"]
    assert first["loaded"][0] == manifest_file(FULL_MODE) and 1 < len(first["loaded"]) <= 4 < manifest["shards"] / 2
    assert again["loaded"] == [] and manifest_file(FULL_MODE) not in other["loaded"]
    # the reader's context (the hand-off page's prior) from the manifest's places, as from the docs
    place = sorted(docs, key=lambda d: d.url)[-1].url.split("/")
    for context in ({"set": place[0]}, {"set": place[0], "module": place[1]}):
        asked = [{"text": text, "options": {"context": context, "limit": 10}} for text in ("prazo", "como emitir")]
        plain = node.call("sharded", folder=str(tmp_path), mode=FULL_MODE,
                          queries=[{"text": q["text"], "options": {"limit": 10}} for q in asked])
        weighed = node.call("sharded", folder=str(tmp_path), mode=FULL_MODE, queries=asked)
        by_docs = node.call("query", files=[str(tmp_path / FULL_FILE), str(tmp_path / DOCS_FILE)], kind="full",
                            queries=asked)
        assert [w["results"] for w in weighed] == by_docs != [p["results"] for p in plain]


def test_the_browser_reads_a_dictionary_with_characters_beyond_the_basic_plane(
        tmp_path: Path, node: NodeBridge) -> None:
    """The manifest's terms are front-coded in code points (packing.py); the browser reads them from
    the string itself, where a character beyond U+FFFF is two UTF-16 units: "\U00020000" (a CJK
    ideograph, a letter) shares a prefix with "\U00020001", and an accent follows them."""
    words = ["ç\U00020000", "ç\U00020001á", "\U00020000b", "\U0001d400lvará", "nota"]
    docs = [SearchDocument(url=f"s/m/a{i}.html", title=f"Título {word}", set_title="Geral", module_title="Pedidos",
                           tags=(), description="", headings=(), body=f"Texto {word} {words[(i + 1) % len(words)]}.")
            for i, word in enumerate(words)]
    files = build_indexes(docs, None, whole=True)
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    for mode in (SUGGEST_MODE, FULL_MODE):
        fields = FULL_FIELDS if mode == FULL_MODE else SUGGEST_FIELDS
        expected = serialized_index(assembled_counts(*parts(files, mode)), fields)
        assert any(ord(c) > 0xFFFF for term, _ in expected["invertedIndex"] for c in term), mode
        got = node.call("assembled", folder=str(tmp_path), mode=mode)
        assert got["invertedIndex"] == expected["invertedIndex"], mode
        assert got["fieldVectors"] == sorted(v for v in expected["fieldVectors"] if v[1]), mode
    # the dictionary cut inside its last term (a deploy killed halfway): refused, not read short
    manifest = tmp_path / manifest_file(FULL_MODE)
    terms = parts(files, FULL_MODE)[0]["terms"]
    text = files[manifest_file(FULL_MODE)]
    quoted = next(q for q in (json.dumps(terms, ensure_ascii=False), json.dumps(terms)) if q in text)
    manifest.write_text(text.replace(quoted, json.dumps(terms[:-2]), 1), encoding="utf-8")
    with pytest.raises(NodeError, match="truncated or corrupt"):
        node.call("assembled", folder=str(tmp_path), mode=FULL_MODE)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(st.floats(0.0001, 200.0), st.integers(1, 3200).map(lambda n: n / 16),
                          st.integers(1, 10 ** 6).map(lambda n: (n + 0.5) / 1000)), min_size=1, max_size=50))
def test_the_browser_rounds_weights_as_python(node: NodeBridge, values: list[float]) -> None:
    assert node.call("round3", values=values) == [round(v, 3) for v in values]


def test_document_and_passage_chunks_hold_every_document_in_ref_order(fixture_docs: list[SearchDocument]) -> None:
    files = build_indexes(fixture_docs, None, whole=True)
    manifest, _ = parts(files, FULL_MODE)
    docs, passages = (json.loads(_ASSIGNED.findall(files[name])[0]) for name in (DOCS_FILE, PASSAGES_FILE))
    for kind, expected, size in (("d", docs, manifest["docChunk"]), ("p", passages, manifest["passageChunk"])):
        names = sorted((n for n in files if n.startswith(f"kbgen-search-{kind}-")), key=lambda n: int(n[15:-3]))
        assert len(names) == -(-len(expected) // size)
        chunks = [json.loads(_PART.findall(files[n])[0]) for n in names]
        assert [c[:2] for c in chunks] == [[kind, n] for n in range(len(chunks))]
        assert [item for c in chunks for item in c[2]] == expected
    places = [manifest["places"][n] for n in place_numbers(manifest)]
    assert len(unpack(manifest["placeRuns"])) == 2 * len(set(places))  # one run per place: URL order
    assert places == ["/".join(d["url"].split("/")[:2]) for d in docs] and len(set(places)) > 1


@pytest.mark.parametrize("added", [
    "Veja também o protocolo eletrônico.",  # words the site already holds
    # words no article holds, one sorting before nearly every term: the dictionary grows and every
    # later term moves, yet no other shard may change (a shard must not depend on other shards' terms)
    "Abacaxizeiro xilofonista zumbizal.",
])
def test_editing_one_article_rewrites_only_the_shards_of_the_terms_it_changed(
        monkeypatch: pytest.MonkeyPatch, added: str) -> None:
    monkeypatch.setattr(shards, "SHARD_CHARACTERS", 2000)
    docs = sorted(markdown_documents(CONTENT), key=lambda d: d.url)
    at = len(docs) // 2
    edited = [*docs[:at], replace(docs[at], body=docs[at].body + "\n\n" + added), *docs[at + 1:]]
    before, after = build_indexes(docs, None), build_indexes(edited, None)
    assert set(before) == set(after)
    changed = {name for name in before if before[name] != after[name]}
    for mode, sources in ((SUGGEST_MODE, SUGGEST_SOURCES), (FULL_MODE, FULL_SOURCES)):
        old, new = (field_counts(analyse_documents([d[at]], SynonymExpander(None), synonyms_digest(None), None),
                                 sources)[0] for d in (docs, edited))
        terms = {t for o, n in zip(old, new, strict=True) for t in set(o) | set(n) if o.get(t) != n.get(t)}
        count = parts(before, mode)[0]["shards"]
        expected = {shard_file(mode, shard_of(t, count)) for t in terms}
        assert {n for n in changed if n.startswith(f"kbgen-search-{mode}-")} == expected, mode
        if mode == FULL_MODE:  # the body: a few shards, and the manifest (the body's length)
            assert 0 < len(expected) < count / 2 and manifest_file(mode) in changed
        else:  # the suggestion index has no body: nothing of it changes
            assert not expected and manifest_file(mode) not in changed
    assert {n for n in changed if n.startswith(("kbgen-search-d-", "kbgen-search-p-"))} == {
        f"kbgen-search-p-{at // PASSAGE_CHUNK}.js"}


def test_packing_looked_up_and_computed_varints_agree_at_the_edges() -> None:
    """pack() looks small numbers up in a table and computes the others: same varints either way."""
    from kbgen.search.packing import ALPHABET as PACKING_ALPHABET

    def reference(number: int) -> str:  # the format as the module docstring states it
        out = ""
        while number >= 32:
            out += PACKING_ALPHABET[32 + number % 32]
            number //= 32
        return out + PACKING_ALPHABET[number]

    edges = [0, 1, 31, 32, 1023, 1024, 32767, 32768, 32769, 2 ** 20, 2 ** 40]
    assert pack(edges) == "".join(reference(n) for n in edges)
    assert unpack(pack(edges)) == edges
    with pytest.raises(ValueError):
        pack([1, -1])


def test_a_shard_that_does_not_match_its_manifest_is_refused() -> None:
    """A shard names no terms: one from another build must be refused, never read as wrong terms."""
    documents = [[{f"termo{i}": 1}, {"corpo": 2, f"extra{i}": 1}] for i in range(30)]
    manifest, payloads = parts(sharded_index("f", documents, {"t": 10, "b": 1}), "f")
    with pytest.raises(ValueError, match="more than"):
        assembled_counts(manifest, [payloads[0] + payloads[0], *payloads[1:]])
    with pytest.raises(ValueError, match="holds"):
        assembled_counts(manifest, ["", *payloads[1:]])
    with pytest.raises(ValueError, match="shards read"):
        assembled_counts(manifest, payloads[:-1] if len(payloads) > 1 else [*payloads, ""])


@pytest.mark.parametrize("change", ["longer", "shorter"])
def test_the_browser_refuses_a_shard_that_does_not_match_its_manifest(
        tmp_path: Path, node: NodeBridge, change: str) -> None:
    """A stale cache can serve a shard of another build, a killed deploy one cut short: the query
    fails (the page shows its error) instead of reading postings as other terms' or hanging."""
    documents = [[{f"termo{i}": 1}, {"corpo": 2, f"extra{i}": 1}] for i in range(30)]
    files = sharded_index("f", documents, {"t": 10, "b": 1},
                          manifest_fields([{"url": f"s/m/a{i}.html"} for i in range(30)]))
    _, payloads = parts(files, "f")
    victim = max(range(len(payloads)), key=lambda n: len(payloads[n]))
    payload = payloads[victim]
    wrong = payload + payload if change == "longer" else payload[:len(payload) // 2]
    files[shard_file("f", victim)] = shards.part_script("f", victim, wrong)
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    refused = rf"{shard_file('f', victim)} (does not match its manifest|is truncated or corrupt)"
    with pytest.raises(NodeError, match=refused):
        node.call("assembled", folder=str(tmp_path), mode="f")
