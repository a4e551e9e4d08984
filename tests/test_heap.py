"""The garbage collector during a build (kbgen/heap.py): what the build loads to keep is frozen out
of collections while it runs, and the collector is as the build found it once it ends — also
when it fails, and when the build runs many times in one process (``kbgen serve``, the tests)."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from kbgen import heap
from kbgen.exitcodes import ExitStatus

from .conftest import run_build


@pytest.fixture(autouse=True)
def collector_restored() -> Iterator[None]:
    """Each test starts and ends with nothing frozen and the collector on."""
    gc.unfreeze()
    gc.enable()
    yield
    assert gc.get_freeze_count() == 0, "a build left objects frozen"
    assert gc.isenabled()


def _tracked() -> list[list[int]]:
    """A new object the collector tracks (a list holding a container)."""
    return [[]]


def _generation(obj: object) -> str:
    """'young' (a generation the collector walks), 'frozen', or 'untracked'."""
    if not gc.is_tracked(obj):
        return "untracked"
    if any(o is obj for generation in range(3) for o in gc.get_objects(generation)):
        return "young"
    return "frozen"


def test_loading_pauses_collections_then_freezes_what_is_alive() -> None:
    before = _tracked()
    with heap.build_scope():
        assert _generation(before) == "young"  # entering the scope freezes nothing
        with heap.loading_long_lived():
            assert not gc.isenabled()
            loaded = _tracked()
        assert gc.isenabled()
        assert _generation(loaded) == "frozen" and _generation(before) == "frozen"
        later = _tracked()
        assert _generation(later) == "young"  # made after the loading: collected as usual
    assert _generation(loaded) == "young" and _generation(before) == "young"
    assert gc.get_freeze_count() == 0


def test_scope_gives_back_on_an_exception() -> None:
    with pytest.raises(RuntimeError), heap.build_scope():
        with heap.loading_long_lived():
            pass
        assert gc.get_freeze_count() > 0
        raise RuntimeError("the build failed")
    assert gc.get_freeze_count() == 0


def test_loading_that_raises_still_turns_the_collector_back_on() -> None:
    with pytest.raises(RuntimeError), heap.build_scope(), heap.loading_long_lived():
        raise RuntimeError("Sphinx could not start")
    assert gc.isenabled()


def test_inactive_loading_changes_nothing() -> None:
    """A full build: nothing to unpickle, nothing frozen."""
    with heap.build_scope(), heap.loading_long_lived(active=False):
        assert gc.isenabled()
        loaded = _tracked()
    assert _generation(loaded) == "young"
    assert gc.get_freeze_count() == 0


def test_loading_keeps_a_collector_that_was_off_off() -> None:
    gc.disable()
    try:
        with heap.build_scope(), heap.loading_long_lived():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_loading_outside_a_build_changes_nothing() -> None:
    """Without a scope to unfreeze them, frozen objects would be kept for the life of the process."""
    with heap.loading_long_lived():
        assert gc.isenabled()
        loaded = _tracked()
    assert _generation(loaded) == "young"
    assert gc.get_freeze_count() == 0


def test_someone_elses_frozen_objects_are_left_frozen() -> None:
    """A program that froze its own objects (before forking workers, say) keeps them frozen."""
    theirs = _tracked()
    gc.freeze()
    try:
        with heap.build_scope():
            with heap.loading_long_lived():
                assert gc.isenabled()  # not ours to pause
            ours = _tracked()
        assert _generation(ours) == "young"
        assert _generation(theirs) == "frozen"
    finally:
        gc.unfreeze()


def _watch_sphinx(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    """What the collector looked like when Sphinx started building, for each build."""
    from sphinx.application import Sphinx

    seen: list[dict[str, Any]] = []
    real_build = Sphinx.build

    def build(self: Sphinx, *args: Any, **kwargs: Any) -> None:
        seen.append({"env": _generation(self.env), "config": _generation(self.config),
                     "enabled": gc.isenabled()})
        real_build(self, *args, **kwargs)

    monkeypatch.setattr(Sphinx, "build", build)
    return seen


def test_a_rebuild_freezes_the_loaded_environment(site: Path, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    seen = _watch_sphinx(monkeypatch)
    for _ in range(3):  # a full build, then no-op rebuilds that unpickle the environment
        report, output = run_build(site, tmp_path / "work")
        assert report.status == ExitStatus.OK, output
        assert gc.get_freeze_count() == 0 and gc.isenabled()
    full, *rebuilds = seen
    assert full == {"env": "young", "config": "young", "enabled": True}  # a full build: as it was
    assert rebuilds == [{"env": "frozen", "config": "frozen", "enabled": True}] * 2


def test_a_clean_build_over_a_cache_is_a_full_build(site: Path, tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    seen = _watch_sphinx(monkeypatch)
    for clean in (False, True):
        report, output = run_build(site, tmp_path / "work", clean=clean)
        assert report.status == ExitStatus.OK, output
    assert [s["env"] for s in seen] == ["young", "young"]


def test_a_failed_build_gives_the_collector_back(site: Path, tmp_path: Path) -> None:
    article = next(site.rglob("*.md"))
    article.write_text(article.read_text(encoding="utf-8") + "\n[quebrado](nao-existe.md)\n", encoding="utf-8")
    report, output = run_build(site, tmp_path / "work")
    assert report.status == ExitStatus.CONTENT_ERROR, output
    assert gc.get_freeze_count() == 0 and gc.isenabled()
