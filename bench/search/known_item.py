"""Known-item search on a generated corpus: find an article again from a damaged copy of its title.

Issue 4, point 6b: a second, *generated* evaluation set that nobody tunes against. From every
article title of the 1,000-article benchmark corpus (``sitegen.generate``, seed 0) come three
queries, each one damage applied to the title as it is:

* ``no_accents``: accents stripped ("Como emitir a nota eletrônica?" → "Como emitir a nota
  eletronica?"): NFKD, combining marks dropped;
* ``typo``: one typo in one word, chosen by a ``random.Random`` seeded with the seed and the
  title (so each query depends on its title only, not on the corpus order): a word of 5+
  letters (else 4+, else the longest), a position other than its first letter, and one of
  substitution, deletion, insertion of an a–z letter or a swap of two neighbouring letters;
* ``prefix4``: every word cut to its first 4 letters ("Como emit a nota elet"), punctuation
  dropped.

``exact`` (the title untouched) is run too, as the reference. Every query goes through each
engine the way a reader's query does: kbgen's results page (``search.html?q=``, links read from
``#kb-search-results a.kb-result``), Sphinx's search page code (``Search._parseQuery`` and
``Search._performSearch``, which ``Search.query`` displays last-to-first, checked against the
rendered links on a few queries) and Pagefind's JS API (``pagefind.search()``, the function
its UI calls). The target is the article the title belongs to; a result list counts each
document once (Sphinx lists a page again for a section-title hit). Reported: MRR@10, success@1
and success@10 per variant and engine.

``nice -n 10 python -m bench.search.known_item`` (after ``python -m bench.search.sites n1000``)
writes ``bench/results/search-known-item.json``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import re
import sys
import time
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

import yaml

from bench import paths
from bench.search.browser import SPHINX_READY, browser, docname_from_url, sphinx_ranking_js
from bench.search.serve import serve
from bench.search.sites import Corpus, corpus, search_files_digest, versions

RESULTS = paths.RESULTS / "search-known-item.json"
SEED = 0
VARIANTS = ("no_accents", "typo", "prefix4")
ALL_VARIANTS = ("exact", *VARIANTS)
ENGINES = ("kbgen", "sphinx", "pagefind")
PREFIX_LENGTH = 4
TOP = 10

_LETTERS = "abcdefghijklmnopqrstuvwxyz"
_WORD = re.compile(r"[^\W\d_]+")  # runs of letters (accented ones included)
_TOKEN = re.compile(r"\w+")  # words and numbers, for the prefix variant


def strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return unicodedata.normalize("NFC", "".join(ch for ch in decomposed if not unicodedata.combining(ch)))


def _fold(text: str) -> str:
    return strip_accents(text).lower()


def typo(title: str, seed: int = SEED) -> str:
    """The title with one deterministic typo (see the module docstring)."""
    rng = random.Random(f"{seed}:typo:{title}")
    words = [(m.start(), m.end()) for m in _WORD.finditer(title)]
    if not words:
        raise ValueError(f"no word to misspell in {title!r}")
    candidates = ([w for w in words if w[1] - w[0] >= 5] or [w for w in words if w[1] - w[0] >= 4]
                  or [max(words, key=lambda w: w[1] - w[0])])
    start, end = rng.choice(candidates)
    word = title[start:end]
    for _ in range(100):
        kind = rng.choice(("substitute", "delete", "insert", "swap"))
        if len(word) < 2:
            kind = "insert"
        if kind == "swap" and len(word) < 3:
            kind = "substitute"
        if kind == "swap":
            i = rng.randrange(1, len(word) - 1)
            wrong = word[:i] + word[i + 1] + word[i] + word[i + 2:]
        elif kind == "delete":
            i = rng.randrange(1, len(word))
            wrong = word[:i] + word[i + 1:]
        elif kind == "insert":
            i = rng.randrange(1, len(word) + 1)
            wrong = word[:i] + rng.choice(_LETTERS) + word[i:]
        else:
            i = rng.randrange(1, len(word))
            wrong = word[:i] + rng.choice([c for c in _LETTERS if c != _fold(word[i])]) + word[i + 1:]
        if _fold(wrong) != _fold(word):  # "ã" → "a" is accent folding, not a typo
            return title[:start] + wrong + title[end:]
    raise ValueError(f"could not misspell {word!r}")  # pragma: no cover - 100 tries of 4 kinds


def prefix_words(title: str, length: int = PREFIX_LENGTH) -> str:
    """Every word of the title cut to its first ``length`` characters, joined by spaces."""
    return " ".join(token[:length] for token in _TOKEN.findall(title))


def variants(title: str, seed: int = SEED) -> dict[str, str]:
    """The known-item queries of one title, keyed by variant (``exact`` first)."""
    return {"exact": title, "no_accents": strip_accents(title), "typo": typo(title, seed),
            "prefix4": prefix_words(title)}


@dataclass(frozen=True)
class Item:
    docname: str  # the article the query must find: "<set>/<module>/<slug>"
    title: str
    variant: str
    query: str


def read_titles(content: Path) -> list[tuple[str, str]]:
    """(docname, title) of every article of a content folder, sorted by docname."""
    found = []
    for path in sorted(content.glob("*/*/*.md")):
        text = path.read_text(encoding="utf-8")
        if not text.startswith("---\n"):
            continue
        front = yaml.safe_load(text[4:text.index("\n---", 3)])
        if isinstance(front, dict) and front.get("title"):
            found.append((path.relative_to(content).with_suffix("").as_posix(), str(front["title"])))
    return found


def known_item_set(titles: Iterable[tuple[str, str]], seed: int = SEED,
                   kinds: Sequence[str] = ALL_VARIANTS) -> list[Item]:
    return [Item(docname, title, kind, query) for docname, title in titles
            for kind, query in variants(title, seed).items() if kind in kinds]


# ----------------------------------------------------------------------------- metrics


def reciprocal_rank(ranked: Sequence[str], target: str, top: int = TOP) -> float:
    for i, doc in enumerate(ranked[:top], 1):
        if doc == target:
            return 1.0 / i
    return 0.0


def dedupe(docnames: Iterable[str]) -> list[str]:
    seen: set[str] = set()
    out = []
    for doc in docnames:
        if doc not in seen:
            seen.add(doc)
            out.append(doc)
    return out


def score(items: Sequence[Item], rankings: Sequence[Sequence[str]]) -> dict[str, dict[str, float]]:
    """Per variant: n, MRR@10, success@1, success@10."""
    by_variant: dict[str, list[tuple[float, bool, bool]]] = {}
    for item, ranked in zip(items, rankings, strict=True):
        rr = reciprocal_rank(ranked, item.docname)
        by_variant.setdefault(item.variant, []).append((rr, rr == 1.0, rr > 0))
    table = {}
    for variant, rows in by_variant.items():
        n = len(rows)
        table[variant] = {"n": n, "mrr10": round(sum(r[0] for r in rows) / n, 4),
                          "success1": round(sum(r[1] for r in rows) / n, 4),
                          "success10": round(sum(r[2] for r in rows) / n, 4)}
    return table


# ----------------------------------------------------------------------------- engines

KBGEN_RANK_JS = """async (queries) => {
  const c = document.getElementById('kb-search-results');
  const out = [];
  for (const q of queries) {
    history.pushState(null, '', location.pathname + '?q=' + encodeURIComponent(q));
    dispatchEvent(new PopStateEvent('popstate'));
    while (c.getAttribute('aria-busy') !== 'false') await new Promise((r) => setTimeout(r, 0));
    out.push([...c.querySelectorAll('a.kb-result')].slice(0, TOP).map((a) => a.href));
  }
  return out;
}""".replace("TOP", str(TOP))

PAGEFIND_RANK_JS = """async (queries) => {
  const pf = await import('/pagefind/pagefind.js');
  const out = [];
  for (const q of queries) {
    const found = await pf.search(q);
    const data = await Promise.all(found.results.slice(0, TOP).map((r) => r.data()));
    out.push(data.map((d) => d.url));
  }
  return out;
}""".replace("TOP", str(TOP))

BATCH = 200


def _batched(page: Any, js: str, queries: list[str]) -> list[list[str]]:
    out: list[list[str]] = []
    for i in range(0, len(queries), BATCH):
        out.extend(page.evaluate(js, queries[i:i + BATCH]))
    return out


def rank_kbgen(page: Any, base: str, queries: list[str]) -> list[list[str]]:
    """Through kbgen's results page: one page load, then each query as the page's own form does
    (history.pushState + popstate → ResultsPage.fromLocation → the rendered links)."""
    page.goto(f"{base}search.html")
    page.wait_for_selector("#kb-search-results[aria-busy=false]", state="attached")
    return [dedupe(docname_from_url(h, base) for h in hrefs) for hrefs in _batched(page, KBGEN_RANK_JS, queries)]


def rank_sphinx(page: Any, base: str, queries: list[str]) -> list[list[str]]:
    page.goto(f"{base}search.html")
    page.wait_for_function(SPHINX_READY)
    return [dedupe(r)[:TOP] for r in _batched(page, sphinx_ranking_js(200), queries)]


def sphinx_page_ranking(page: Any, base: str, query: str) -> list[str]:
    """Sphinx's rendered result links for a query (search.html?q=), for the consistency check."""
    page.goto(f"{base}search.html?q={quote(query)}")
    page.wait_for_function("() => typeof Search !== 'undefined' && Search.status && Search.status.innerText !== ''",
                           timeout=120_000)
    hrefs = page.eval_on_selector_all("#search-results ul.search li > a", "links => links.map(a => a.href)")
    return dedupe(docname_from_url(h, base) for h in hrefs)[:TOP]


def rank_pagefind(page: Any, base: str, queries: list[str]) -> list[list[str]]:
    page.goto(f"{base}index.html")
    return [dedupe(docname_from_url(u, base) for u in urls) for urls in _batched(page, PAGEFIND_RANK_JS, queries)]


RANKERS = {"kbgen": rank_kbgen, "sphinx": rank_sphinx, "pagefind": rank_pagefind}


@contextmanager
def engine_page(chromium: Any, site: Path) -> Iterator[tuple[Any, str]]:
    """A fresh browser page and the base URL of ``site``, served locally, for one engine's run."""
    context = chromium.new_context()
    try:
        with serve(site) as (base, _recorder):
            yield context.new_page(), base
    finally:
        context.close()


def timed_rankings(engine: str, page: Any, base: str, queries: list[str]) -> tuple[list[list[str]], float]:
    """``RANKERS[engine]`` over ``queries``, and the seconds it took."""
    start = time.perf_counter()
    rankings = RANKERS[engine](page, base, queries)
    return rankings, time.perf_counter() - start


def run(c: Corpus, engines: Sequence[str] = ENGINES, limit: int | None = None,
        kinds: Sequence[str] = ALL_VARIANTS, check_sphinx: int = 8) -> dict[str, Any]:
    titles = read_titles(c.content)
    if limit:
        titles = titles[:limit]
    items = known_item_set(titles, SEED, kinds)
    queries = [i.query for i in items]
    result: dict[str, Any] = {
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"), "corpus": c.name, "articles": len(titles),
        "seed": SEED, "queries": len(items), "versions": versions(),
        "kbgen_search_files": search_files_digest(c.kbgen_site), "engines": {},
        "examples": [vars(i) for i in items[:3 * len(kinds)]],
    }
    with browser() as chromium:
        for engine in engines:
            with engine_page(chromium, c.site(engine)) as (page, base):
                rankings, elapsed = timed_rankings(engine, page, base, queries)
                entry: dict[str, Any] = {"seconds": round(elapsed, 1), "variants": score(items, rankings)}
                if engine == "sphinx" and check_sphinx:
                    # the internal ranking is the one the page shows
                    picks = items[:: max(1, len(items) // check_sphinx)][:check_sphinx]
                    agree = sum(sphinx_page_ranking(page, base, i.query) == rankings[items.index(i)] for i in picks)
                    entry["page_check"] = f"{agree}/{len(picks)} queries: rendered links = internal ranking"
                entry["misses"] = [{"variant": i.variant, "query": i.query, "want": i.docname, "got": r[:3]}
                                   for i, r in zip(items, rankings, strict=True)
                                   if reciprocal_rank(r, i.docname) < 1][:15]
                result["engines"][engine] = entry
                print(f"{engine}: {elapsed:.0f} s " + " ".join(
                    f"{k}={v['mrr10']:.3f}/{v['success1']:.3f}" for k, v in entry["variants"].items()), file=sys.stderr)
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.search.known_item", description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", default="n1000")
    parser.add_argument("--engines", nargs="*", default=list(ENGINES), choices=ENGINES)
    parser.add_argument("--limit", type=int, default=None, help="only the first N titles (a quick look)")
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    c = corpus(args.corpus)
    if (problem := c.not_ready()) is not None:
        print(problem, file=sys.stderr)
        return 1
    result = run(c, args.engines, args.limit)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"-> {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
