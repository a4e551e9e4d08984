"""The analysis cache: same bytes as without it, one analysis per edited article, no stale entry."""

from __future__ import annotations

import os
import pickle
from dataclasses import replace
from pathlib import Path

import pytest

from kbgen.search import cache
from kbgen.search.analysis import Analyser, Analysis
from kbgen.search.index import SearchDocument, build_indexes

SYNONYMS = {"NFS-e": ["nota fiscal de serviço eletrônica"], "ISS": ["ISSQN"]}


class Counting:
    """Counts the documents Analyser.document really analyses."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.urls: list[str] = []
        original = Analyser.document

        def document(analyser: Analyser, doc: SearchDocument) -> Analysis:
            self.urls.append(doc.url)
            return original(analyser, doc)

        monkeypatch.setattr(Analyser, "document", document)

    def take(self) -> list[str]:
        urls, self.urls = self.urls, []
        return urls


@pytest.fixture
def counting(monkeypatch: pytest.MonkeyPatch) -> Counting:
    return Counting(monkeypatch)


def entries(path: Path) -> dict[str, Analysis]:
    data = pickle.loads(path.read_bytes())
    result: dict[str, Analysis] = data["entries"]
    return result


def test_same_bytes_and_one_analysis_per_edit(fixture_docs: list[SearchDocument], tmp_path: Path,
                                              counting: Counting) -> None:
    path = tmp_path / "c" / "search.pickle"  # the folder is created when missing
    plain = build_indexes(fixture_docs, SYNONYMS)
    counting.take()
    assert build_indexes(fixture_docs, SYNONYMS, cache_path=path) == plain
    assert len(counting.take()) == len(fixture_docs)
    assert len(entries(path)) == len(fixture_docs)

    written = path.stat().st_mtime_ns
    assert build_indexes(fixture_docs, SYNONYMS, cache_path=path) == plain
    assert counting.take() == []
    assert path.stat().st_mtime_ns == written  # nothing new: the file is not rewritten

    edited = list(fixture_docs)
    edited[3] = replace(edited[3], body=edited[3].body + " Uma linha nova sobre ISSQN.")
    expected = build_indexes(edited, SYNONYMS)
    counting.take()
    assert build_indexes(edited, SYNONYMS, cache_path=path) == expected
    assert counting.take() == [edited[3].url]
    assert len(entries(path)) == len(fixture_docs)  # the old version of the article is dropped


def test_removed_documents_are_dropped(fixture_docs: list[SearchDocument], tmp_path: Path) -> None:
    path = tmp_path / "search.pickle"
    build_indexes(fixture_docs, cache_path=path)
    build_indexes(fixture_docs[:4], cache_path=path)
    assert len(entries(path)) == 4


def test_a_moved_article_keeps_its_entry(fixture_docs: list[SearchDocument], tmp_path: Path,
                                         counting: Counting) -> None:
    path = tmp_path / "search.pickle"
    build_indexes(fixture_docs, cache_path=path)
    counting.take()
    moved = [replace(fixture_docs[0], url="zz/moved.html"), *fixture_docs[1:]]
    expected = build_indexes(moved)
    counting.take()
    assert build_indexes(moved, cache_path=path) == expected
    assert counting.take() == []


@pytest.mark.parametrize("change", ["synonyms", "code"])
def test_other_synonyms_or_code_miss(change: str, fixture_docs: list[SearchDocument], tmp_path: Path,
                                     counting: Counting, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "search.pickle"
    build_indexes(fixture_docs, SYNONYMS, cache_path=path)
    counting.take()
    synonyms = SYNONYMS
    if change == "synonyms":
        synonyms = {**SYNONYMS, "boleto": ["guia de pagamento"]}
    else:
        monkeypatch.setattr(cache, "_CODE", "another version of the normalisation code")
    assert build_indexes(fixture_docs, synonyms, cache_path=path) == build_indexes(fixture_docs, synonyms)
    assert len(counting.take()) == 2 * len(fixture_docs)
    assert len(entries(path)) == len(fixture_docs)


class Boom:
    def __reduce__(self) -> tuple[object, tuple[str]]:
        return (os.system, ("echo the cache ran code >&2; exit 3",))


@pytest.mark.parametrize("content", [
    b"",
    b"not a pickle",
    pickle.dumps({"format": "something else", "entries": {}}),
    pickle.dumps({"format": cache._FORMAT, "entries": {"k": {"t": {}}}}),  # wrong shape
    pickle.dumps({"format": cache._FORMAT, "entries": Boom()}),  # would run a command if loaded
])
def test_a_bad_cache_file_is_a_cold_cache(content: bytes, fixture_docs: list[SearchDocument], tmp_path: Path,
                                          capfd: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "search.pickle"
    path.write_bytes(content)
    assert build_indexes(fixture_docs, SYNONYMS, cache_path=path) == build_indexes(fixture_docs, SYNONYMS)
    assert "ran code" not in capfd.readouterr().err
    assert len(entries(path)) == len(fixture_docs)  # replaced by a good one


def test_an_unwritable_cache_is_no_error(fixture_docs: list[SearchDocument], tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("a file where the cache folder should be", encoding="utf-8")
    path = blocker / "search.pickle"
    assert build_indexes(fixture_docs, cache_path=path) == build_indexes(fixture_docs)
    assert not path.exists()
    assert [p.name for p in tmp_path.iterdir()] == ["file"]  # no temporary file left behind


def test_passages_are_cut_once_per_edit_and_again_when_titles_change(
        fixture_docs: list[SearchDocument], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The passages' cache (beside the analyses') gives the same files; a document is cut again
    when its body changes, and every one when a title changes (a sentence naming another
    article's title is left out, so every document's passages depend on the titles)."""
    from kbgen.search import passages

    cut: list[str] = []
    original = passages.document_passages

    def counted(body: str, headings: list[str], titles: frozenset[str] = frozenset()) -> list[str]:
        cut.append(body)
        return original(body, headings, titles)

    path = tmp_path / "search.pickle"
    plain = build_indexes(fixture_docs, SYNONYMS)
    monkeypatch.setattr(passages, "document_passages", counted)
    assert build_indexes(fixture_docs, SYNONYMS, cache_path=path) == plain
    assert len(cut) == len(fixture_docs)
    assert (tmp_path / "search-passages.pickle").is_file()
    cut.clear()
    assert build_indexes(fixture_docs, SYNONYMS, cache_path=path) == plain
    assert cut == []

    edited = list(fixture_docs)
    edited[3] = replace(edited[3], body=edited[3].body + "\nUma frase nova sobre o ISSQN da competência.")
    monkeypatch.setattr(passages, "document_passages", original)
    expected = build_indexes(edited, SYNONYMS)
    monkeypatch.setattr(passages, "document_passages", counted)
    assert build_indexes(edited, SYNONYMS, cache_path=path) == expected
    assert cut == [edited[3].body]

    cut.clear()
    edited[0] = replace(edited[0], title=edited[0].title + " revisado")
    monkeypatch.setattr(passages, "document_passages", original)
    expected = build_indexes(edited, SYNONYMS)
    monkeypatch.setattr(passages, "document_passages", counted)
    assert build_indexes(edited, SYNONYMS, cache_path=path) == expected
    assert len(cut) == len(edited)
