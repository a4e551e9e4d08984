"""The search engine's work in slices (issue 25: no long task while typing), in Chromium.

Reading the manifest, adding shards and running a query are cut into slices of their own tasks
(kbgen-search-store.js's ``sliced``, kbgen-search.js's query job). These tests hold that:

* slicing changes nothing: with a slice budget of 0 ms (one piece of work per task), every query
  of the golden table gives the same results (scores included) as the unsliced ``query()`` on the
  same index of the built sample, and the engine's scorer gives lunr's own ``Index.query`` scores
  to the last bit (tests/search/test_search_slices.py holds the tiny slices to the golden table
  itself, on the table's own corpora);
* a query that a newer one made stale (``options.cancelled()``) stops at its next slice, settles
  with ``null``, and never reaches the suggestion list.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from .browser_support import serve

GOLDEN = Path(__file__).resolve().parent / "search" / "golden_queries.yml"


@pytest.fixture(scope="module")
def base_url(sample_site: Path) -> Iterator[str]:
    with serve(sample_site) as url:
        yield url


@pytest.fixture
def page(browser: Any, base_url: str) -> Iterator[Any]:
    context = browser.new_context()
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(base_url + "index.html")
    page.evaluate("() => kbgenSearchUi.loadScripts(kbgenSearchUi.ENGINE)")
    yield page
    context.close()
    assert not errors, errors


# Each query on a fresh store of the page, sliced as finely as can be, then unsliced on the same
# index; the URLs of what it lists (answering, partial).
_SLICED_AND_WHOLE = """async ({queries, mode, options}) => {
  const store = kbgenSearchUi.store(mode), out = [];
  for (const q of queries) {
    const before = store.slices;
    const sliced = await kbgenSearch.search(store, q, Object.assign({sliceMs: 0}, options));
    const slices = store.slices - before;
    const whole = kbgenSearch.query(store.index, q, options);
    const docs = await store.items('d', sliced.map((r) => r.ref));
    out.push({
      same: JSON.stringify(sliced) === JSON.stringify(whole),
      lunr: JSON.stringify(kbgenSearch.scores(store.index, q, options, false)) ===
            JSON.stringify(kbgenSearch.scores(store.index, q, options, true)),
      scored: kbgenSearch.scores(store.index, q, options, true).length,
      slices: slices,
      answering: sliced.filter((r) => r.answers).map((r) => docs[r.ref].url),
      partial: sliced.filter((r) => !r.answers).map((r) => docs[r.ref].url)
    });
  }
  return out;
}"""


def _golden() -> list[dict[str, Any]]:
    table: list[dict[str, Any]] = yaml.safe_load(GOLDEN.read_text(encoding="utf-8"))
    return table


# a query scoring more documents than this needs more than one piece of work (the engine's PIECE
# is 256 postings; a query's clauses, scoring, reading and ranking are pieces of their own)
PIECE_RESULTS = 20


@pytest.mark.parametrize(("mode", "options"), [("f", {"limit": 10, "partialLimit": 5}),
                                               ("s", {"prefix": True, "limit": 5})])
def test_queries_in_tiny_slices_equal_the_unsliced_engine_and_lunr(page: Any, mode: str,
                                                                   options: dict[str, Any]) -> None:
    table = _golden()
    found = page.evaluate(_SLICED_AND_WHOLE, {"queries": [e["query"] for e in table], "mode": mode,
                                              "options": options})
    for entry, got in zip(table, found, strict=True):
        assert got["same"] and got["lunr"], entry["query"]
    assert sum(bool(got["answering"]) for got in found) > len(table) // 2  # they do find things
    # the work was cut: the first query read the manifest and its shards in many tasks, and
    # queries that score something took several slices each
    assert found[0]["slices"] > 10
    assert all(got["slices"] >= 3 for got in found if got["scored"] > PIECE_RESULTS)
    assert sum(got["scored"] > PIECE_RESULTS for got in found) >= 5


_CANCELLED_AFTER_TWO_SLICES = """async () => {
  const store = kbgenSearchUi.store('f');
  let asked = 0;
  const stale = await kbgenSearch.search(store, 'segunda via do boleto', {
    sliceMs: 0, limit: 10, cancelled: () => ++asked > 2 });
  const askedThen = asked;
  await new Promise((resolve) => setTimeout(resolve, 50));
  const fresh = await kbgenSearch.search(store, 'segunda via do boleto', {limit: 10});
  const whole = kbgenSearch.query(store.index, 'segunda via do boleto', {limit: 10});
  return {stale: stale, asked: askedThen, askedLater: asked, fresh: fresh.length,
          same: JSON.stringify(fresh) === JSON.stringify(whole)};
}"""


def test_a_cancelled_query_stops_at_its_next_slice_and_settles_null(page: Any) -> None:
    found = page.evaluate(_CANCELLED_AFTER_TWO_SLICES)
    # asked before each slice: two ran, the third saw the cancellation; nothing ran after it
    assert found["stale"] is None and found["asked"] == 3 and found["askedLater"] == 3
    # the store is left whole: the same query, asked again, finds what an unsliced query finds
    assert found["fresh"] > 0 and found["same"]


# The search box: the query for "segunda via" is superseded by "nota fiscal" as soon as it has
# started (the input event fires from inside its search() call).
_SUPERSEDED = """() => { window.__runs = [];
  const box = document.getElementById('kb-search-input'), original = kbgenSearch.search;
  kbgenSearch.search = function (store, text, options) {
    const p = original.apply(this, arguments);
    window.__runs.push(p.then((r) => [text, r === null ? null : r.length]));
    if (text === 'segunda via') {
      box.value = 'nota fiscal';
      box.dispatchEvent(new Event('input', {bubbles: true}));
    }
    return p;
  };
  box.value = 'segunda via';
  box.dispatchEvent(new Event('input', {bubbles: true}));
}"""


def test_a_superseded_suggestion_query_never_renders(page: Any) -> None:
    page.locator("#kb-search-input").focus()
    page.evaluate(_SUPERSEDED)
    page.wait_for_selector(".kb-suggestion-link")
    runs = page.evaluate("() => Promise.all(window.__runs)")
    assert runs[0] == ["segunda via", None]
    assert [text for text, _ in runs] == ["segunda via", "nota fiscal"] and runs[1][1] > 0
    titles = page.locator(".kb-suggestion-title").all_inner_texts()
    assert titles and all("nota" in t.lower() or "nfs" in t.lower() for t in titles[:1])
    hrefs = page.locator(".kb-suggestion:not(.kb-suggestion-all) a").evaluate_all("ls => ls.map(l => l.href)")
    assert hrefs and all(h.endswith("?q=nota%20fiscal") for h in hrefs)
