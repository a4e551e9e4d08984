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
