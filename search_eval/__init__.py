"""The judged sets of the sample help center and their loaders.

- ``queries.yml`` (:func:`load_queries`): queries with the articles that answer them.
- ``out_of_scope.yml`` (:func:`load_out_of_scope`): questions no article answers (issue 20).
- ``descriptions.yml`` (:func:`load_descriptions`): problem descriptions typed on the hand-off page,
  with the articles that answer them and, for about half, the set/module selected there (issue 20).

Judged data read by both the Chromium quality test (``tests/test_search_quality.py``) and the judged
benchmark (:mod:`bench.search.judged`), so it lives outside both: it imports neither.

Each entry of ``queries.yml`` is a mapping with ``query`` (what the reader types or pastes), ``kind``
(one of :data:`KINDS`), ``source`` (``"own"`` or ``"seed:<file>"``) and ``relevant`` (docnames of the
articles that answer the query, best first; a docname is the article's path under ``content/``
without ``.md``, so its page is ``<docname>.html``).

Each entry of ``out_of_scope.yml`` has ``query``, ``kind`` (one of :data:`OUT_OF_SCOPE_KINDS`),
``source`` (``"own"``), ``why`` and, for ``shares_word``, ``shared`` (the words it shares with the
articles). Each entry of ``descriptions.yml`` has ``query``, ``relevant``, ``source`` (``"own"``) and
optionally ``set`` and ``module`` (slugs: the folder names under ``content/``) and ``prior``.

All three were written before the ranking was tuned; see README.md.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).resolve().parent
QUERIES_FILE = HERE / "queries.yml"
OUT_OF_SCOPE_FILE = HERE / "out_of_scope.yml"
DESCRIPTIONS_FILE = HERE / "descriptions.yml"
REPO = HERE.parent
CONTENT = REPO / "content"

KINDS: tuple[str, ...] = ("accents", "typo", "prefix", "question", "jargon", "pasted_error", "seed_verbatim")
"""The query kinds, as written in the ``kind`` field."""

SEED_KINDS: frozenset[str] = frozenset({"seed_verbatim", "pasted_error"})
"""Kinds whose queries may be copied verbatim from a seed file (``source: "seed:<file>"``)."""

OUT_OF_SCOPE_KINDS: tuple[str, ...] = ("shares_word", "foreign")
"""Kinds of out-of-scope questions: sharing a non-stop-word with the articles, or sharing none."""

__all__ = [
    "CONTENT",
    "DESCRIPTIONS_FILE",
    "KINDS",
    "OUT_OF_SCOPE_FILE",
    "OUT_OF_SCOPE_KINDS",
    "QUERIES_FILE",
    "SEED_KINDS",
    "load_descriptions",
    "load_out_of_scope",
    "load_queries",
]


def load_queries(path: Path = QUERIES_FILE) -> list[dict[str, Any]]:
    """Return the entries of the evaluation set, in file order.

    Only the shape of the file is checked here (a list of mappings); ``test_queries_valid.py`` checks
    the content.
    """
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, list) or not all(isinstance(entry, dict) for entry in data):
        raise ValueError(f"{path}: expected a YAML list of mappings")
    return data


def load_out_of_scope(path: Path = OUT_OF_SCOPE_FILE) -> list[dict[str, Any]]:
    """Return the out-of-scope questions, in file order (shape checked only, like :func:`load_queries`)."""
    return _load_entries(path)


def load_descriptions(path: Path = DESCRIPTIONS_FILE) -> list[dict[str, Any]]:
    """Return the judged problem descriptions, in file order (shape checked only)."""
    return _load_entries(path)


def _load_entries(path: Path) -> list[dict[str, Any]]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, list) or not all(isinstance(entry, dict) for entry in data):
        raise ValueError(f"{path}: expected a YAML list of mappings")
    return data
