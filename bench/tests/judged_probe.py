"""``python -m bench.tests.judged_probe SITE``: kbgen's rankings of a few descriptions on a built
site, through its results page and as its hand-off page suggests them (with and without a
set/module prior), as JSON.

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

QUERIES = ("emitir nfs-e", "nfs-e etica", "declarar sem movimento", "xyzzy plutonio quasar")
CONTEXTS = (("", ""), ("fiscal", "escrita-fiscal"), ("rh", "folha-de-pagamento"), ("rh", ""))


def main(site: Path) -> None:
    items = [Description(q, ("x",), s, m) for q in QUERIES for s, m in CONTEXTS]
    with browser() as chromium, engine_page(chromium, site) as (page, base):
        measured = {"page": rank_kbgen(page, base, list(QUERIES)), "handoff": rank_kbgen_handoff(page, base, items),
                    "items": [[i.query, i.set, i.module] for i in items]}
    json.dump(measured, sys.stdout)


if __name__ == "__main__":
    main(Path(sys.argv[1]))
