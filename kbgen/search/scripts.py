"""The engine's scripts as a site ships them, with the constants they share with Python written in.

``static/kbgen-normalise.js`` and ``static/kbgen-search.js`` hold no copy of a value the Python
side also uses: each has one ``/*@kbgen-constants@*/null`` that ``render_script`` replaces with
the values defined in ``constants.py``, ``normalise.py``, ``stopwords.py`` and ``pipeline.py``.
The sources do not run unrendered (they stop with a clear error), so every test drives the
scripts a build ships (tests/node_bridge.py renders them the same way).

The values are written as ASCII JSON (non-ASCII as \\u escapes, as the rest of the scripts), one
key per line in sorted order: the output stays byte-stable and a change reads as a one-line diff.

A site ships them minified (:func:`shipped_script`, :mod:`kbgen.minify`), each headed by the
attribution its licences ask for (:data:`NOTICES`: the source's header comment, which says it,
is dropped with the other comments).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from kbgen.minify import shipped
from kbgen.search import STATIC_DIR, constants, lunrindex, packing, pipeline, shards
from kbgen.search.normalise import COMBINING_MARKS, JOINERS, MAX_TOKEN_LENGTH, REACCENT
from kbgen.search.stopwords import ARTICLES, QUERY_STOP_PHRASES, QUERY_STOP_WORDS, STOP_WORDS
from kbgen.text import IGNORABLE

MARKER = "/*@kbgen-constants@*/null"


def normalise_constants() -> dict[str, object]:
    """What ``kbgen-normalise.js`` shares with ``normalise.py`` and the lunr pipeline."""
    return {
        "MAX_TOKEN_LENGTH": MAX_TOKEN_LENGTH,
        "COMBINING_MARKS": COMBINING_MARKS,
        "IGNORABLE": IGNORABLE,
        "JOINERS": JOINERS,
        "STOP_WORDS": list(STOP_WORDS),
        "QUERY_STOP_WORDS": list(QUERY_STOP_WORDS),
        "QUERY_STOP_PHRASES": [list(phrase) for phrase in QUERY_STOP_PHRASES],
        "ARTICLES": list(ARTICLES),
        "REACCENT": [list(pair) for pair in REACCENT],
        "LABELS": {"trimmer": pipeline.TRIMMER, "stopWords": pipeline.STOP_WORDS, "stemmer": pipeline.STEMMER},
    }


def query_constants() -> dict[str, object]:
    """What ``kbgen-search.js`` shares with ``query.py``: every upper-case name of ``constants.py``."""
    return {name: getattr(constants, name) for name in dir(constants) if name.isupper()}


def store_constants() -> dict[str, object]:
    """What ``kbgen-search-store.js`` shares with ``shards.py``, ``packing.py`` and ``lunrindex.py``."""
    return {"FORMAT_VERSION": shards.FORMAT_VERSION, "MANIFEST_PART": shards.MANIFEST_PART,
            "ALPHABET": packing.ALPHABET, "K1": lunrindex.K1, "B": lunrindex.B}


#: shipped name → its constants
ENGINE_SCRIPTS: dict[str, Callable[[], dict[str, object]]] = {
    "kbgen-normalise.js": normalise_constants,
    "kbgen-search.js": query_constants,
    "kbgen-search-store.js": store_constants,
}


#: shipped name → the notice kept at the top of its minified text (what its header comment credits)
NOTICES = {
    "kbgen-normalise.js": "kbgen-normalise.js (kbgen). Its stemmer is a port of the Snowball Portuguese "
                          "stemmer (https://snowballstem.org/, BSD licence). STOP_WORDS: data from "
                          "lunr-languages 1.22.0 lunr.pt.js, Copyright 2014 Mihai Valentin, MPL-1.1.",
    "kbgen-search.js": "kbgen-search.js (kbgen). GENERAL_SHARES is derived from wordfreq's Portuguese data "
                       "(Robyn Speer, https://github.com/rspeer/wordfreq), CC BY-SA 4.0 "
                       "(https://creativecommons.org/licenses/by-sa/4.0/).",
}


def constants_literal(values: dict[str, object]) -> str:
    """A JS object literal: one sorted key per line, ASCII only."""
    lines = [f"    {json.dumps(key)}: {json.dumps(values[key], ensure_ascii=True)}" for key in sorted(values)]
    return "{\n" + ",\n".join(lines) + "\n  }"


def render_script(name: str) -> str:
    """The shipped text of ``name`` (a key of ``ENGINE_SCRIPTS``). Raises ValueError when the
    source does not hold the marker exactly once."""
    source = (STATIC_DIR / name).read_text(encoding="utf-8")
    if source.count(MARKER) != 1:
        raise ValueError(f"{name} must hold {MARKER} exactly once")
    return source.replace(MARKER, constants_literal(ENGINE_SCRIPTS[name]()))


def shipped_script(name: str) -> str:
    """The text of ``name`` a site publishes: rendered, then minified with its notice on top."""
    return shipped(name, render_script(name), NOTICES.get(name, ""))


def write_scripts(folder: Path) -> dict[str, Path]:
    """Every engine script into ``folder`` as a site ships it; returns name → path."""
    folder.mkdir(parents=True, exist_ok=True)
    written = {}
    for name in ENGINE_SCRIPTS:
        path = folder / name
        path.write_text(shipped_script(name), encoding="utf-8")
        written[name] = path
    return written
