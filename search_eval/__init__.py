"""The search evaluation set of the sample help center (``queries.yml``) and its loader.

Judged data read by both the Chromium quality test (``tests/test_search_quality.py``) and the judged
benchmark (:mod:`bench.search.judged`), so it lives outside both: it imports neither.

Each entry of ``queries.yml`` is a mapping with ``query`` (what the reader types or pastes), ``kind``
(one of :data:`KINDS`), ``source`` (``"own"`` or ``"seed:<file>"``) and ``relevant`` (docnames of the
articles that answer the query, best first; a docname is the article's path under ``content/``
without ``.md``, so its page is ``<docname>.html``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).resolve().parent
QUERIES_FILE = HERE / "queries.yml"
REPO = HERE.parent
CONTENT = REPO / "content"

KINDS: tuple[str, ...] = ("accents", "typo", "prefix", "question", "jargon", "pasted_error", "seed_verbatim")
"""The query kinds, as written in the ``kind`` field."""

SEED_KINDS: frozenset[str] = frozenset({"seed_verbatim", "pasted_error"})
"""Kinds whose queries may be copied verbatim from a seed file (``source: "seed:<file>"``)."""

__all__ = ["CONTENT", "KINDS", "QUERIES_FILE", "SEED_KINDS", "load_queries"]


def load_queries(path: Path = QUERIES_FILE) -> list[dict[str, Any]]:
    """Return the entries of the evaluation set, in file order.

    Only the shape of the file is checked here (a list of mappings); ``test_queries_valid.py`` checks
    the content.
    """
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, list) or not all(isinstance(entry, dict) for entry in data):
        raise ValueError(f"{path}: expected a YAML list of mappings")
    return data
