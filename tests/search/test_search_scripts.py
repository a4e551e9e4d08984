"""The engine's scripts hold no value of their own: a build writes in the constants Python defines."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from kbgen.search import STATIC_DIR, constants
from kbgen.search.index import FIELD_NAMES
from kbgen.search.scripts import ENGINE_SCRIPTS, MARKER, query_constants, render_script

_LITERAL = re.compile(r"\n  var C = (\{\n.*?\n  \});\n", re.S)


@pytest.mark.parametrize("name", sorted(ENGINE_SCRIPTS))
def test_the_source_names_each_shared_constant_and_holds_no_value(name: str) -> None:
    source = (STATIC_DIR / name).read_text(encoding="utf-8")
    assert source.count(MARKER) == 1
    for key in ENGINE_SCRIPTS[name]():
        # a name may be bound to something made of C's value (var STOP_WORDS = C.STOP_WORDS) or
        # exported as itself (STOP_WORDS: STOP_WORDS), never to a value of its own
        bound = re.findall(rf"(?<![\w.]){key}\s*[=:]\s*([^,;\n]+)", source)
        assert all(value == key or f"C.{key}" in value for value in bound), (key, bound)
        assert f"C.{key}" in source or re.search(rf"\b{key}\b", source.split(MARKER)[1]), f"{key} is unused"


@pytest.mark.parametrize("name", sorted(ENGINE_SCRIPTS))
def test_the_shipped_script_carries_the_python_values(name: str) -> None:
    shipped = render_script(name)
    match = _LITERAL.search(shipped)
    assert match is not None and MARKER not in shipped
    assert json.loads(match.group(1)) == json.loads(json.dumps(ENGINE_SCRIPTS[name]()))
    assert shipped.isascii(), f"{name}: write non-ASCII as \\u escapes"
    assert not re.search(r"\beval\s*\(|new\s+Function\b|innerHTML|document\.write", shipped), name


def test_every_query_constant_reaches_the_browser() -> None:
    names = {name for name in dir(constants) if name.isupper()}
    assert set(query_constants()) == names
    # the two fields the ranking reads are the index's title and tags
    assert (FIELD_NAMES[constants.TITLE_FIELD], FIELD_NAMES[constants.TAGS_FIELD]) == ("title", "tags")
    assert render_script("kbgen-search.js").count('"MAX_EXPANSIONS": 16') == 1


def test_a_source_without_its_marker_is_refused(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    folder = tmp_path
    (folder / "kbgen-search.js").write_text("var C = {};\n", encoding="utf-8")
    monkeypatch.setattr("kbgen.search.scripts.STATIC_DIR", folder)
    with pytest.raises(ValueError, match="must hold"):
        render_script("kbgen-search.js")
