"""Validated front matter is kept between loads: trusted while a file is unchanged, never for a broken one."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from kbgen.loading import frontmatter_cache, walker
from kbgen.loading.frontmatter_cache import CACHE_FILE, LEGACY_FILE
from kbgen.loading.walker import load_site

from .conftest import run_build

EMIT = "fiscal/nota-fiscal-eletronica/como-emitir-uma-nfs-e"
HOUR_AGO = time.time() - 3600


def _age(site: Path) -> None:
    """Stamp every file an hour back: the cache never trusts a file changed in the last seconds."""
    for path in site.rglob("*"):
        os.utime(path, (HOUR_AGO, HOUR_AGO))


def _parsed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Records the front matter that is actually parsed."""
    parsed: list[str] = []
    real = walker.split_front_matter

    def spy(text: str) -> object:
        parsed.append(text.split("\n", 2)[1])  # the line 'title: …'
        return real(text)

    monkeypatch.setattr(walker, "split_front_matter", spy)
    return parsed


def test_unchanged_articles_are_not_parsed_again(site: Path, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    _age(site)
    cache = tmp_path / "cache"
    first, problems = load_site(site, cache_dir=cache)
    assert not problems.errors and (cache / CACHE_FILE).is_file()
    parsed = _parsed(monkeypatch)
    again, _ = load_site(site, cache_dir=cache)
    assert parsed == []
    assert again.articles == first.articles  # every field, line numbers included
    uncached, _ = load_site(site)
    assert uncached.articles == first.articles


def test_an_edited_article_is_read_again(site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _age(site)
    cache = tmp_path / "cache"
    load_site(site, cache_dir=cache)
    path = site / f"{EMIT}.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("title: ", "title: Nova versão — ", 1), encoding="utf-8")
    parsed = _parsed(monkeypatch)
    loaded, _ = load_site(site, cache_dir=cache)
    assert len(parsed) == 1 and loaded.articles[EMIT].title.startswith("Nova versão — ")


def test_same_size_and_time_but_other_code_is_read_again(site: Path, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    _age(site)
    cache = tmp_path / "cache"
    loaded, _ = load_site(site, cache_dir=cache)
    monkeypatch.setattr(frontmatter_cache, "_code_fingerprint", lambda: "another kbgen")
    parsed = _parsed(monkeypatch)
    load_site(site, cache_dir=cache)
    assert len(parsed) == len(loaded.articles)


def test_a_file_changed_just_now_is_not_trusted(site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cache = tmp_path / "cache"
    _age(site)
    os.utime(site / f"{EMIT}.md")  # now: another save could follow within the same time stamp
    load_site(site, cache_dir=cache)
    parsed = _parsed(monkeypatch)
    load_site(site, cache_dir=cache)
    assert len(parsed) == 1


def test_a_broken_article_is_reported_on_every_load(site: Path, tmp_path: Path) -> None:
    _age(site)
    path = site / f"{EMIT}.md"
    path.write_text(path.read_text(encoding="utf-8").replace("title: ", "titel: ", 1), encoding="utf-8")
    os.utime(path, (HOUR_AGO, HOUR_AGO))
    cache = tmp_path / "cache"
    for _ in range(2):
        _, problems = load_site(site, cache_dir=cache)
        assert {p.path for p in problems.errors} == {f"content/{EMIT}.md"}


@pytest.mark.parametrize("garbage", [b"", b"not json", b"\x80\x05K\x01.", b'{"code": 1}', b"[]",
                                     b'{"code": "x", "entries": {"a": 1}}'])
def test_a_damaged_cache_is_ignored(site: Path, tmp_path: Path, garbage: bytes) -> None:
    cache = tmp_path / "cache"
    cache.mkdir()
    (cache / CACHE_FILE).write_bytes(garbage)
    loaded, problems = load_site(site, cache_dir=cache)
    assert not problems.errors and EMIT in loaded.articles


class _Planted:
    """A pickle that would create a file when loaded."""

    def __init__(self, marker: Path):
        self.marker = marker

    def __reduce__(self) -> tuple[object, tuple[str, str]]:
        return (open, (str(self.marker), "w"))


def test_the_cache_never_runs_what_it_holds(site: Path, tmp_path: Path) -> None:
    """The cache folder may be written by others: its file is read as data (JSON), never unpickled."""
    import pickle

    cache = tmp_path / "cache"
    cache.mkdir()
    marker = tmp_path / "ran"
    (cache / CACHE_FILE).write_bytes(pickle.dumps(_Planted(marker)))
    loaded, problems = load_site(site, cache_dir=cache)
    assert not marker.exists()
    assert not problems.errors and EMIT in loaded.articles


def test_build_keeps_the_cache_in_the_cache_folder(site: Path, tmp_path: Path) -> None:
    _age(site)
    report, output = run_build(site, tmp_path)
    assert report.status == 0, output
    assert list(tmp_path.rglob(CACHE_FILE)), "kbgen build writes the front-matter cache"
    assert not list(site.rglob(CACHE_FILE)), "never into the author's folder"


def test_the_old_pickle_cache_is_removed_never_read(site: Path, tmp_path: Path) -> None:
    """A cache folder from before the JSON format keeps no pickle that a later kbgen could trust again."""
    import pickle

    _age(site)
    cache = tmp_path / "cache"
    cache.mkdir()
    marker = tmp_path / "ran"
    (cache / LEGACY_FILE).write_bytes(pickle.dumps(_Planted(marker)))
    loaded, problems = load_site(site, cache_dir=cache)
    assert not marker.exists() and not problems.errors and EMIT in loaded.articles
    assert (cache / CACHE_FILE).is_file() and not (cache / LEGACY_FILE).exists()
