"""``python -m bench.tests.payload_probe SITE``: the payload accounting of a built site, as JSON.

Run in its own process by ``test_search.py``: Playwright's sync API allows one instance per thread,
and the suite's own Chromium (``tests/conftest.py``) may be open for the whole pytest session.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from bench.search.browser import browser
from bench.search.payload import kbgen_results_payload, kbgen_suggest_payload
from bench.search.serve import serve

ARTICLE = "fiscal/nota-fiscal-eletronica/como-emitir-uma-nfs-e"


def main(site: Path) -> None:
    with browser() as chromium, serve(site) as (base, recorder):
        measured = {
            "suggest": kbgen_suggest_payload(chromium, base, recorder, ARTICLE, "emitir nota", delay=10),
            "results": kbgen_results_payload(chromium, base, recorder, "emitir nota"),
            "save": kbgen_suggest_payload(chromium, base, recorder, ARTICLE, "emitir", save_data=True, delay=10),
        }
    json.dump(measured, sys.stdout)


if __name__ == "__main__":
    main(Path(sys.argv[1]))
