"""Clean-ups of earlier builds' files (pages, feeds, redirect pages) never leave the output folder.

Their names come from state files in the cache; whoever wrote those, a name leading outside the
output folder must delete nothing.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from kbgen.outdir import remove_output_file
from kbgen.sphinx_ext.feeds import _remove_stale
from kbgen.sphinx_ext.redirects import _remove_gone

HOSTILE = ["../alheio.html", "fiscal/../../alheio.html", "/tmp/../{outside}/alheio.html", "{outside}/alheio.html",
           "ligacao/alheio.html", "./../alheio.html"]


@pytest.fixture
def tree(tmp_path: Path) -> tuple[Path, Path]:
    out = tmp_path / "out"
    (out / "fiscal").mkdir(parents=True)
    (out / "fiscal" / "velha.html").write_text("velha", encoding="utf-8")
    outside = tmp_path / "autor"
    outside.mkdir()
    (outside / "alheio.html").write_text("do autor", encoding="utf-8")
    (tmp_path / "alheio.html").write_text("do autor", encoding="utf-8")
    os.symlink(outside, out / "ligacao")  # a folder of the output that leads elsewhere
    return out, outside


def _names(outside: Path) -> list[str]:
    return [name.format(outside=outside) for name in HOSTILE]


def _untouched(out: Path, outside: Path) -> None:
    assert (outside / "alheio.html").read_text(encoding="utf-8") == "do autor"
    assert (out.parent / "alheio.html").read_text(encoding="utf-8") == "do autor"


def test_remove_output_file_stays_inside(tree: tuple[Path, Path]) -> None:
    out, outside = tree
    for name in _names(outside):
        remove_output_file(out, name)
    _untouched(out, outside)
    remove_output_file(out, "fiscal/velha.html")
    assert not (out / "fiscal").exists()  # the file and the folder it left empty


def test_a_poisoned_feed_state_deletes_nothing_outside(tree: tuple[Path, Path]) -> None:
    out, outside = tree
    state = out.parent / "kbgen-feeds.json"
    state.write_text(json.dumps(_names(outside)), encoding="utf-8")
    _remove_stale(out, state, [])
    _untouched(out, outside)


def test_a_poisoned_redirect_state_deletes_nothing_outside(tree: tuple[Path, Path]) -> None:
    out, outside = tree
    _remove_gone(out, {name: None for name in _names(outside)}, {}, set())
    _untouched(out, outside)
