"""``python -m bench.tests.judged_probe SITE ITEMS``: kbgen's rankings of descriptions on a built site,
through its results page and as its hand-off page suggests them, as JSON.

``ITEMS`` is a JSON list of ``[query, set, module]``; the output is ``{"page": [ranking of each
item's query on the results page], "handoff": [ranking of each item with its set/module prior]}``.
Run in its own process by ``test_search_judged.py``, like ``payload_probe.py``.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from bench.search.browser import browser
from bench.search.judged import rank_kbgen_handoff
from bench.search.judged_sets import Description
from bench.search.known_item import engine_page, rank_kbgen


def main(site: Path, items: list[list[str]]) -> None:
    described = [Description(q, ("-",), s, m) for q, s, m in items]
    with browser() as chromium, engine_page(chromium, site) as (page, base):
        measured = {"page": rank_kbgen(page, base, [q for q, _, _ in items]),
                    "handoff": rank_kbgen_handoff(page, base, described)}
    json.dump(measured, sys.stdout)


if __name__ == "__main__":
    main(Path(sys.argv[1]), json.loads(sys.argv[2]))
