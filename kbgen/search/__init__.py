"""kbgen's search core, plain Python without Sphinx.

``normalise`` turns text into terms (identical to ``static/kbgen-normalise.js``), ``index`` builds
the three search scripts from ``SearchDocument``s, ``static/kbgen-search.js`` queries them in the
browser. Nothing is imported here, so ``kbgen.search.normalise`` does not pull in lunr.
"""

from __future__ import annotations

from pathlib import Path

#: the sources of kbgen-normalise.js and kbgen-search.js (a site ships them rendered: kbgen.search.scripts).
STATIC_DIR = Path(__file__).resolve().parent / "static"
