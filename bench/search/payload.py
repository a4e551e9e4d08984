"""Search payload and speed: kbgen against Sphinx's built-in search and Pagefind, in Chromium.

Issue 4, point 5. For each corpus (the sample, generated sites of 1,000 and 5,000 articles; built
by :mod:`bench.search.sites`) and each engine, in one run:

* **payload**: the bytes on the wire (gzip -6 for text, :mod:`bench.search.serve`) of every
  request from page load until (a) the first suggestion is visible after typing a query into
  the search box of an article page, (b) the results page for a query is final. Sphinx has no
  suggestions; its results page is final when its status line says the search finished and the
  summaries it fetches (each result's HTML page) have arrived. Pagefind's are its default UI
  (``pagefind-ui.js`` on ``pagefind-search.html``, it searches as you type and shows 5 results
  with their excerpts). Each is measured from a fresh browser context (cold cache), for five
  queries; the table gives the median and the largest, each also as a server that compresses
  nothing would send it (``raw_bytes_median``/``raw_bytes_max``: the files' own sizes; issue 25
  allows twice the gzip targets there). Also: what kbgen downloads for search on
  page load (only its UI script), on focus, and on focus under ``Save-Data`` (nothing);
* **index load**: with 4× CPU throttling (CDP ``Emulation.setCPUThrottlingRate``), the time to
  load kbgen's engine scripts, then each sharded index's manifest (``store.ready()``, download on
  loopback, parse, read); ``searchindex.js`` reloaded to ``Search.setIndex`` (Sphinx);
  ``import(pagefind.js)`` and ``init()`` (Pagefind);
* **query latency**, throttled, timed inside the page with ``performance.now()``:
  ``kbgenSearch.search(store('f'), q)`` as the results page runs it (``limit: 200``) and
  ``kbgenSearch.search(store('s'), prefix, {prefix: true})`` for every prefix a reader types,
  each first loading the shards it needs (cold), then again with them loaded (warm: query_ms);
  Sphinx's ``Search._performSearch(...Search._parseQuery(q))``; Pagefind's ``search(q)`` (its
  index chunks are fetched on demand, so a first query for a new word includes that fetch).
  Pagefind runs its search in a Web Worker by default, and CDP's CPU throttling slows the page's
  main thread only (measured: a busy loop in a worker runs at full speed), so Pagefind is timed
  on the main thread (``noWorker: true``) to be throttled like the others, and in its default
  worker for the record. 100 queries per corpus (20 seeded titles × exact, no accents, one typo,
  4-letter prefixes, two words); median and p95 (nearest rank); the best of three runs, one run
  from :data:`LARGE_CORPUS` articles;
* **long tasks** while typing: ``PerformanceObserver({type: 'longtask'})`` on an article page,
  throttled; after focusing the box, the suggestion manifest is loaded (its reading timed again
  apart), then 10 queries are typed a character every 100 ms. Pagefind's UI is
  typed the same way for comparison.

``nice -n 10 python -m bench.search.payload`` (after ``python -m bench.search.sites``) writes
``bench/results/search-payload.json``; ``python -m bench.search.report`` renders the page.
``--engines kbgen --payload-only --out FILE`` measures kbgen's bytes alone, in a minute or two.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import math
import os
import random
import re
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path
from typing import Any
from urllib.parse import quote

from bench import paths
from bench.search.browser import SPHINX_READY, browser, throttle
from bench.search.known_item import read_titles, strip_accents, variants
from bench.search.serve import Recorder, Request, serve
from bench.search.sites import (
    ENGINES,
    PAGEFIND_PAGE,
    Corpus,
    add_corpora_argument,
    corpus,
    search_files_digest,
    versions,
)

RESULTS = paths.RESULTS / "search-payload.json"
SEED = 0
LATENCY_TITLES = 20
PAYLOAD_QUERIES = 5
TYPED_QUERIES = 10
TYPING_DELAY_MS = 100
LONG_TASK_MS = 50
LATENCY_REPEATS = 3
TYPING_RUNS = 2
LARGE_CORPUS = 10_000
"""From this many articles, each engine's latency is timed once (not best of :data:`LATENCY_REPEATS`),
Pagefind's unthrottled worker mode is not timed, and Pagefind's throttled latency is timed on the first
:data:`LARGE_PAGEFIND_TITLES` titles' queries only: at 20,000 articles Pagefind's 100 throttled queries,
each fetching and decoding its chunks, took over an hour per repeat and mode (a single run was stopped
after 35 minutes), longer than the rest of the run together."""
LARGE_PAGEFIND_TITLES = 4

KBGEN_ENGINE = ("kbgen-lunr.min.js", "kbgen-normalise.js", "kbgen-search.js", "kbgen-search-store.js")
# the sharded index (kbgen/search/shards.py, chunks.py): manifests, term shards, document and passage chunks
KBGEN_DATA = re.compile(r"kbgen-search-[sfdp](-[0-9]+)?\.js")
KBGEN_UI = "kbgen-search-ui.js"
KBGEN_RESULTS = "kbgen-search-results.js"  # the results page's own script (search.html)
KBGEN_SUGGESTION = "li.kb-suggestion:not(.kb-suggestion-all) a.kb-suggestion-link"
KBGEN_BOX = "#kb-search-input"
SPHINX_SEARCH_FILES = ("searchindex.js", "searchtools.js", "language_data.js")
PAGEFIND_BOX = ".pagefind-ui__search-input"
PAGEFIND_RESULT = ".pagefind-ui__result-link"

SAVE_DATA_JS = """Object.defineProperty(Navigator.prototype, 'connection', {configurable: true,
  get() { return {saveData: true, effectiveType: '4g', addEventListener() {}, removeEventListener() {}}; }});"""
LONG_TASKS_JS = """window.__longTasks = [];
new PerformanceObserver((list) => { for (const e of list.getEntries())
  window.__longTasks.push({start: e.startTime, duration: e.duration}); })
  .observe({type: 'longtask', buffered: true});"""


# ----------------------------------------------------------------------------- queries


def two_words(title: str) -> str:
    """What a reader types: the title's first two words of 4+ letters, lower case, no accents."""
    words = [w for w in strip_accents(title).lower().replace("?", " ").split() if len(w) >= 4 and w.isalpha()]
    return " ".join(words[:2]) or strip_accents(title).lower()


def latency_queries(titles: Sequence[tuple[str, str]], n: int = LATENCY_TITLES, seed: int = SEED) -> list[str]:
    """``n`` seeded titles × (exact, no accents, typo, 4-letter prefixes, two words)."""
    picked = random.Random(f"{seed}:latency").sample(list(titles), min(n, len(titles)))
    queries: list[str] = []
    for _, title in picked:
        queries.extend(variants(title, seed).values())
        queries.append(two_words(title))
    return queries


def typed_queries(titles: Sequence[tuple[str, str]], n: int, seed: int = SEED) -> list[str]:
    picked = random.Random(f"{seed}:typed").sample(list(titles), min(n, len(titles)))
    return [two_words(title) for _, title in picked]


def percentile(values: Sequence[float], p: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


SHAPES = ("exact", "no_accents", "typo", "prefix4", "two_words")  # the order latency_queries() makes them in


def summary(values: Sequence[float]) -> dict[str, Any]:
    out: dict[str, Any] = {"n": len(values), "median": round(statistics.median(values), 2),
                           "p95": round(percentile(values, 95), 2), "max": round(max(values), 2),
                           "first": round(values[0], 2)}
    return out


def by_shape(values: Sequence[float]) -> dict[str, dict[str, float]]:
    """Median and p95 per query shape of latency_queries()' list (a title's 5 queries in a row)."""
    out = {}
    for i, shape in enumerate(SHAPES):
        picked = list(values[i::len(SHAPES)])
        if picked:
            out[shape] = {"median": round(statistics.median(picked), 2), "p95": round(percentile(picked, 95), 2)}
    return out


# ----------------------------------------------------------------------------- accounting


def is_search_request(engine: str, path: str, document: str) -> bool:
    """Whether a request is for search (code, stemmer, index, store, result summaries)."""
    name = path.rsplit("/", 1)[-1]
    if engine == "kbgen":
        return name in (*KBGEN_ENGINE, KBGEN_UI, KBGEN_RESULTS) or KBGEN_DATA.fullmatch(name) is not None
    if engine == "sphinx":
        # besides its scripts, Sphinx's results page fetches every result's page for its summary
        return name in SPHINX_SEARCH_FILES or (path.endswith(".html") and path != document)
    return path.startswith("/pagefind/")


def account(engine: str, requests: Sequence[Request], document: str) -> dict[str, Any]:
    """Totals of a request log: all requests, and those for search."""
    search = [r for r in requests if is_search_request(engine, r.path, document)]
    files: dict[str, int] = {}
    for r in search:
        key = r.path if not r.path.endswith(".html") else "(result pages, .html)"
        files[key] = files.get(key, 0) + r.wire
    return {"requests": len(requests), "bytes": sum(r.wire for r in requests),
            "raw_bytes": sum(r.raw for r in requests),
            "search_requests": len(search), "search_bytes": sum(r.wire for r in search),
            "search_files": dict(sorted(files.items(), key=lambda kv: -kv[1])),
            "not_found": sorted({r.path for r in requests if r.status == 404})}


# ----------------------------------------------------------------------------- payload, per engine


def _fresh(chromium: Any, init_scripts: Sequence[str] = (), rate: float = 1) -> tuple[Any, Any]:
    context = chromium.new_context()
    for script in init_scripts:
        context.add_init_script(script)
    page = context.new_page()
    if rate != 1:
        throttle(page, rate)
    return context, page


def kbgen_suggest_payload(chromium: Any, base: str, recorder: Recorder, article: str, query: str,
                          save_data: bool = False, delay: float = TYPING_DELAY_MS) -> dict[str, Any]:
    """From loading an article page to its first suggestion for ``query``."""
    context, page = _fresh(chromium, [SAVE_DATA_JS] if save_data else [])
    try:
        document = f"/{article}.html"
        recorder.reset()
        start = time.monotonic()
        page.goto(base + article + ".html")
        page.wait_for_load_state("load")
        recorder.wait_quiet(0.3)
        on_load = recorder.snapshot()
        page.focus(KBGEN_BOX)
        page.wait_for_timeout(300 if not save_data else 600)
        recorder.wait_quiet(0.3)
        on_focus = recorder.snapshot()
        page.keyboard.type(query, delay=delay)
        page.wait_for_selector(KBGEN_SUGGESTION, state="visible", timeout=60_000)
        at = recorder.snapshot()
        elapsed = time.monotonic() - start
        return {"query": query, "seconds": round(elapsed, 2), "on_load": account("kbgen", on_load, document),
                "on_focus": account("kbgen", on_focus[len(on_load):], document),
                "until": account("kbgen", at, document)}
    finally:
        context.close()


def kbgen_results_payload(chromium: Any, base: str, recorder: Recorder, query: str) -> dict[str, Any]:
    context, page = _fresh(chromium)
    try:
        recorder.reset()
        start = time.monotonic()
        page.goto(f"{base}search.html?q={quote(query)}")
        page.wait_for_selector("#kb-search-results[aria-busy=false]", state="attached", timeout=120_000)
        at = recorder.snapshot()
        results = page.eval_on_selector_all("#kb-search-results a.kb-result", "links => links.length")
        return {"query": query, "seconds": round(time.monotonic() - start, 2), "results": results,
                "until": account("kbgen", at, "/search.html")}
    finally:
        context.close()


#: How long the Sphinx results page may take to finish its list. Sphinx's searchtools.js fetches
#: every result's page, one after the other, to show its summary, and only then says "Search
#: finished": at 20,000 articles a common query lists thousands of pages and never finishes within
#: minutes. Past this, the run records the bytes so far and ``final: false`` (the report shows "≥").
SPHINX_FINAL_SECONDS = 120


def sphinx_results_payload(chromium: Any, base: str, recorder: Recorder, query: str) -> dict[str, Any]:
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    context, page = _fresh(chromium)
    try:
        recorder.reset()
        start = time.monotonic()
        page.goto(f"{base}search.html?q={quote(query)}")
        final = True
        try:
            page.wait_for_function("() => typeof Search !== 'undefined' && Search.status && "
                                   "Search.status.innerText !== ''", timeout=SPHINX_FINAL_SECONDS * 1000, polling=50)
        except PlaywrightTimeout:
            final = False
        finished = time.monotonic() - start
        if final:
            recorder.wait_quiet(0.5, timeout=300)  # the summaries of the last results
        at = recorder.snapshot()
        results = page.eval_on_selector_all("#search-results ul.search li > a", "links => links.length")
        return {"query": query, "seconds": round(time.monotonic() - start, 2), "listed_s": round(finished, 2),
                "final": final, "results": results, "until": account("sphinx", at, "/search.html")}
    finally:
        context.close()


PAGEFIND_FINAL = """() => {
  const m = document.querySelector('.pagefind-ui__message');
  return m && m.textContent.trim() !== '' && !document.querySelector('.pagefind-ui__results .pagefind-ui__loading');
}"""


def pagefind_suggest_payload(chromium: Any, base: str, recorder: Recorder, query: str) -> dict[str, Any]:
    context, page = _fresh(chromium)
    try:
        document = f"/{PAGEFIND_PAGE}"
        recorder.reset()
        start = time.monotonic()
        page.goto(base + PAGEFIND_PAGE)
        page.wait_for_selector(PAGEFIND_BOX)
        recorder.wait_quiet(0.3)
        on_load = recorder.snapshot()
        page.focus(PAGEFIND_BOX)
        page.keyboard.type(query, delay=TYPING_DELAY_MS)
        page.wait_for_selector(PAGEFIND_RESULT, state="visible", timeout=60_000)
        at = recorder.snapshot()
        return {"query": query, "seconds": round(time.monotonic() - start, 2),
                "on_load": account("pagefind", on_load, document), "until": account("pagefind", at, document)}
    finally:
        context.close()


def pagefind_results_payload(chromium: Any, base: str, recorder: Recorder, query: str) -> dict[str, Any]:
    context, page = _fresh(chromium)
    try:
        recorder.reset()
        start = time.monotonic()
        page.goto(f"{base}{PAGEFIND_PAGE}?q={quote(query)}")
        page.wait_for_function(PAGEFIND_FINAL, timeout=120_000, polling=50)
        recorder.wait_quiet(0.3)
        at = recorder.snapshot()
        results = page.eval_on_selector_all(PAGEFIND_RESULT, "links => links.length")
        return {"query": query, "seconds": round(time.monotonic() - start, 2), "results": results,
                "until": account("pagefind", at, f"/{PAGEFIND_PAGE}")}
    finally:
        context.close()


# ----------------------------------------------------------------------------- index load and latency

# kbgen: the engine scripts, then each store's manifest (kbgen-search-store.js); a query's time
# includes loading the shards it needs the first time (cold, as Pagefind's), then the same queries
# again with every shard loaded (warm: the engine alone, what query_ms reports).
KBGEN_LATENCY_JS = """async ({engine, queries, prefixes}) => {
  const t0 = performance.now(); await kbgenSearchUi.loadScripts(engine); const t1 = performance.now();
  const full = kbgenSearchUi.store('f'); await full.ready(); const t2 = performance.now();
  const t3 = performance.now();
  const suggest = kbgenSearchUi.store('s'); await suggest.ready(); const t4 = performance.now();
  const time = async (store, q, options) => {
    const a = performance.now(); await kbgenSearch.search(store, q, options); return performance.now() - a; };
  const run = async (store, list, options) => {
    const out = []; for (const q of list) out.push(await time(store, q, options)); return out; };
  const full_cold_ms = await run(full, queries, {prefix: false, limit: 200});
  const full_ms = await run(full, queries, {prefix: false, limit: 200});
  const suggest_cold_ms = await run(suggest, prefixes, {prefix: true, limit: 6});
  const suggest_ms = await run(suggest, prefixes, {prefix: true, limit: 6});
  return {full_scripts_ms: t1 - t0, full_load_ms: t2 - t1, suggest_script_ms: t3 - t2, suggest_load_ms: t4 - t3,
          full_ms, suggest_ms, full_cold_ms, suggest_cold_ms};
}"""

SPHINX_LATENCY_JS = """async ({queries}) => {
  const t0 = performance.now();
  await new Promise((res) => {
    const original = Search.setIndex;
    Search._index = null;
    Search.setIndex = (index) => { Search.setIndex = original; original(index); res(); };
    const s = document.createElement('script'); s.src = 'searchindex.js?reload=' + Date.now();
    document.body.appendChild(s);
  });
  const t1 = performance.now();
  const ms = queries.map((q) => { const a = performance.now(); Search._performSearch(...Search._parseQuery(q));
                                  return performance.now() - a; });
  return {load_ms: t1 - t0, ms};
}"""

PAGEFIND_LATENCY_JS = """async ({queries, worker}) => {
  const t0 = performance.now();
  const pf = await import('/pagefind/pagefind.js?' + (worker ? 'w' : 'm'));
  const t1 = performance.now();
  const inst = pf.createInstance(worker ? {} : {noWorker: true});
  await inst.init(); const t2 = performance.now();
  const ms = [];
  for (const q of queries) { const a = performance.now(); await inst.search(q); ms.push(performance.now() - a); }
  const warm = [];
  for (const q of queries) { const a = performance.now(); await inst.search(q); warm.push(performance.now() - a); }
  return {import_ms: t1 - t0, init_ms: t2 - t1, ms, warm_ms: warm};
}"""


def typed_prefixes(queries: Sequence[str]) -> list[str]:
    """Every prefix the suggestion box queries while ``queries`` are typed (2+ characters)."""
    return [q[:i] for q in queries for i in range(2, len(q) + 1) if q[:i].strip() and len(q[:i].strip()) >= 2]


def kbgen_latency(chromium: Any, base: str, queries: list[str], typed: list[str]) -> dict[str, Any]:
    context, page = _fresh(chromium)
    try:
        page.goto(base + "search.html")
        page.wait_for_selector("#kb-search-results[aria-busy=false]", state="attached")
        throttle(page)
        raw = page.evaluate(KBGEN_LATENCY_JS, {"engine": list(KBGEN_ENGINE), "queries": queries,
                                               "prefixes": typed_prefixes(typed)})
        return {"load_ms": {"full_scripts": round(raw["full_scripts_ms"], 1),
                            "full_index": round(raw["full_load_ms"], 1),
                            "suggest_script": round(raw["suggest_script_ms"], 1),
                            "suggest_index": round(raw["suggest_load_ms"], 1),
                            "results_page": round(raw["full_scripts_ms"] + raw["full_load_ms"], 1)},
                "query_ms": {**summary(raw["full_ms"]), "by_shape": by_shape(raw["full_ms"])},
                "suggest_ms": summary(raw["suggest_ms"]),
                "cold_query_ms": summary(raw["full_cold_ms"]), "cold_suggest_ms": summary(raw["suggest_cold_ms"])}
    finally:
        context.close()


def sphinx_latency(chromium: Any, base: str, queries: list[str]) -> dict[str, Any]:
    context, page = _fresh(chromium)
    try:
        page.goto(base + "search.html")
        page.wait_for_function(SPHINX_READY)
        throttle(page)
        raw = page.evaluate(SPHINX_LATENCY_JS, {"queries": queries})
        return {"load_ms": {"results_page": round(raw["load_ms"], 1)},
                "query_ms": {**summary(raw["ms"]), "by_shape": by_shape(raw["ms"])}}
    finally:
        context.close()


def pagefind_latency(chromium: Any, base: str, queries: list[str], with_worker: bool = True) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for worker in (False, True) if with_worker else (False,):
        context, page = _fresh(chromium)
        try:
            page.goto(base + "index.html")
            throttle(page)
            raw = page.evaluate(PAGEFIND_LATENCY_JS, {"queries": queries, "worker": worker})
            key = "worker" if worker else "main"
            out[key] = {"load_ms": {"import": round(raw["import_ms"], 1), "init": round(raw["init_ms"], 1),
                                    "results_page": round(raw["import_ms"] + raw["init_ms"], 1)},
                        "query_ms": {**summary(raw["ms"]), "by_shape": by_shape(raw["ms"])},
                        "warm_query_ms": summary(raw["warm_ms"])}
        finally:
            context.close()
    return {**out["main"], **({"worker": out["worker"]} if with_worker else {})}


# ----------------------------------------------------------------------------- long tasks while typing


def _type_all(page: Any, box: str, queries: Sequence[str], shown: str) -> None:
    for query in queries:
        page.fill(box, "")
        page.wait_for_timeout(200)
        page.focus(box)
        page.keyboard.type(query, delay=TYPING_DELAY_MS)
        with contextlib.suppress(Exception):  # no suggestion for this query: the typing still counts
            page.wait_for_selector(shown, state="visible", timeout=10_000)
        page.wait_for_timeout(300)


def _tasks(page: Any, since: float, until: float | None = None) -> list[float]:
    tasks = page.evaluate("() => window.__longTasks")
    return sorted((round(t["duration"], 1) for t in tasks
                   if t["start"] >= since and (until is None or t["start"] < until)), reverse=True)


# The engine's own work, timed: every step of the store's jobs (reading the manifest, adding
# shards, the query: kbgen-search-store.js runs them in slices) and the query's planning. (Wrapping
# kbgenSearch.query timed nothing: search() runs the query as a job, not through query().)
WRAP_ENGINE_JS = """() => { window.__js = [];
  const timed = (fn) => function () { const a = performance.now();
    try { return fn.apply(this, arguments); } finally { window.__js.push([a, performance.now() - a]); } };
  const store = kbgenSearchUi.store('s'), run = store.run;
  store.run = function (job, options) { job.step = timed(job.step); return run.call(this, job, options); };
  for (const name of ['termsNeeded', 'highlight']) kbgenSearch[name] = timed(kbgenSearch[name]);
}"""


def _attributed(page: Any, since: float) -> list[dict[str, float]]:
    """Long tasks since ``since``, each with the engine's time inside it (WRAP_ENGINE_JS)."""
    tasks = page.evaluate("() => window.__longTasks")
    calls = page.evaluate("() => window.__js || []")
    out = []
    for t in sorted(tasks, key=lambda t: -t["duration"]):
        if t["start"] < since:
            continue
        inside = sum(d for a, d in calls if t["start"] <= a <= t["start"] + t["duration"])
        out.append({"ms": round(t["duration"], 1), "engine_js_ms": round(inside, 1)})
    return out


def kbgen_long_tasks(chromium: Any, base: str, article: str, typed: Sequence[str]) -> dict[str, Any]:
    context, page = _fresh(chromium, [LONG_TASKS_JS], rate=4)
    try:
        page.goto(base + article + ".html")
        page.wait_for_load_state("load")
        page.wait_for_timeout(500)
        focus_at = page.evaluate("() => performance.now()")
        page.focus(KBGEN_BOX)
        page.wait_for_function("() => window.kbgenSearch && window.kbgenSearchParts && kbgenSearchParts.received "
                               "&& kbgenSearchParts.received['s/m']", timeout=120_000)
        page.evaluate(WRAP_ENGINE_JS)
        page.wait_for_timeout(300)
        typing_at = page.evaluate("() => performance.now()")
        _type_all(page, KBGEN_BOX, typed, KBGEN_SUGGESTION)
        typing = _attributed(page, typing_at)
        # the manifest read again into a fresh store, at once: what reading it costs in all. After the
        # typing: a second whole store made before it left garbage that a collection then cleared in
        # the middle of the typing (a 57 ms task at 20,000 articles with no engine step in it)
        load = page.evaluate("() => { const a = performance.now(); kbgenSearchStore.open('s', null, lunr)"
                             ".start(kbgenSearchParts.received['s/m']); return [a, performance.now()]; }")
        durations = [t["ms"] for t in typing]
        return {"queries": len(typed), "characters": sum(len(q) for q in typed),
                "index_load_ms": round(load[1] - load[0], 1), "loading_tasks_ms": _tasks(page, focus_at, typing_at),
                "typing_tasks": typing, "over_50ms": sum(d > LONG_TASK_MS for d in durations),
                "max_ms": max(durations, default=0.0)}
    finally:
        context.close()


def baseline_long_tasks(chromium: Any, base: str, article: str, typed: Sequence[str]) -> dict[str, Any]:
    """The same typing into the same box with kbgen's search UI blocked: what typing alone costs."""
    context, page = _fresh(chromium, [LONG_TASKS_JS], rate=4)
    try:
        page.route(f"**/{KBGEN_UI}", lambda route: route.abort())
        page.goto(base + article + ".html")
        page.wait_for_load_state("load")
        page.wait_for_timeout(500)
        typing_at = page.evaluate("() => performance.now()")
        for query in typed:
            page.fill(KBGEN_BOX, "")
            page.focus(KBGEN_BOX)
            page.keyboard.type(query, delay=TYPING_DELAY_MS)
            page.wait_for_timeout(300)
        durations = _tasks(page, typing_at)
        return {"over_50ms": sum(d > LONG_TASK_MS for d in durations), "max_ms": max(durations, default=0.0)}
    finally:
        context.close()


def pagefind_long_tasks(chromium: Any, base: str, typed: Sequence[str]) -> dict[str, Any]:
    context, page = _fresh(chromium, [LONG_TASKS_JS], rate=4)
    try:
        page.goto(base + PAGEFIND_PAGE)
        page.wait_for_selector(PAGEFIND_BOX)
        focus_at = page.evaluate("() => performance.now()")
        _type_all(page, PAGEFIND_BOX, typed[:1], PAGEFIND_RESULT)  # loads Pagefind and its index
        typing_at = page.evaluate("() => performance.now()")
        _type_all(page, PAGEFIND_BOX, typed, PAGEFIND_RESULT)
        typing = _tasks(page, typing_at)
        return {"queries": len(typed), "characters": sum(len(q) for q in typed),
                "loading_tasks_ms": _tasks(page, focus_at, typing_at), "typing_tasks_ms": typing,
                "over_50ms": sum(d > LONG_TASK_MS for d in typing), "max_ms": max(typing, default=0.0)}
    finally:
        context.close()


# ----------------------------------------------------------------------------- one corpus


def _median_payload(runs: list[dict[str, Any]], key: str = "until") -> dict[str, Any]:
    """Medians and maxima of the runs: ``bytes`` as sent with gzip, ``raw_bytes`` as a server that
    compresses nothing sends them (issue 25 has a target for each)."""
    values = [r[key]["bytes"] for r in runs]
    raw = [r[key]["raw_bytes"] for r in runs]
    search = [r[key]["search_bytes"] for r in runs]
    return {"bytes_median": int(statistics.median(values)), "bytes_max": max(values),
            "raw_bytes_median": int(statistics.median(raw)), "raw_bytes_max": max(raw),
            "search_bytes_median": int(statistics.median(search)), "search_bytes_max": max(search),
            "requests_median": int(statistics.median(r[key]["requests"] for r in runs)),
            "seconds_median": round(statistics.median(r["seconds"] for r in runs), 2),
            "unfinished": sum(not r.get("final", True) for r in runs), "runs": runs}


def best_of(measure: Callable[[], dict[str, Any]], repeats: int) -> dict[str, Any]:
    """The run with the lowest median query time (the machine is shared: the others are kept)."""
    runs = [measure() for _ in range(repeats)]
    best = min(runs, key=lambda r: float(r["query_ms"]["median"]))
    others = [{"query_ms": r["query_ms"], "load_ms": r["load_ms"]} for r in runs if r is not best]
    return {**best, "other_runs": others}


def load_average() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


def measure_corpus(c: Corpus, engines: Sequence[str] = ENGINES, log: Callable[[str], None] | None = None,
                   n_latency: int = LATENCY_TITLES, n_payload: int = PAYLOAD_QUERIES,
                   n_typed: int = TYPED_QUERIES, repeats: int = LATENCY_REPEATS,
                   typing_runs: int = TYPING_RUNS, payload_only: bool = False) -> dict[str, Any]:
    """Every measure of the module docstring for ``engines``; with ``payload_only``, kbgen's bytes only
    (to check a change of size in minutes; not for the published page)."""
    say = log or (lambda _m: None)
    titles = read_titles(c.content)
    queries = latency_queries(titles, n_latency)
    typed = typed_queries(titles, max(n_payload, n_typed))
    article = titles[0][0]
    large = len(titles) >= LARGE_CORPUS
    if large:
        repeats = 1
    out: dict[str, Any] = {"articles": len(titles), "latency_repeats": repeats, "article_page": article,
                           "payload_queries": typed[:n_payload],
                           "typed_queries": typed[:n_typed], "latency_queries": len(queries),
                           "kbgen_search_files": search_files_digest(c.kbgen_site), "engines": {}}
    with browser() as chromium:
        out["chromium"] = chromium.version
        for engine in engines:
            entry: dict[str, Any] = {"load_average_before": load_average()}
            with serve(c.site(engine)) as (base, recorder):
                if engine == "kbgen":
                    suggest = [kbgen_suggest_payload(chromium, base, recorder, article, q) for q in typed[:n_payload]]
                    entry["suggest"] = _median_payload(suggest)
                    entry["on_load"] = suggest[0]["on_load"]
                    entry["on_focus"] = suggest[0]["on_focus"]
                    save = kbgen_suggest_payload(chromium, base, recorder, article, typed[0], save_data=True)
                    entry["save_data"] = {"on_focus": save["on_focus"], "until": save["until"]}
                    entry["results"] = _median_payload(
                        [kbgen_results_payload(chromium, base, recorder, q) for q in typed[:n_payload]])
                    say(f"  kbgen payload: suggest {entry['suggest']['bytes_median']} B "
                        f"({entry['suggest']['raw_bytes_median']} B raw), results "
                        f"{entry['results']['bytes_median']} B ({entry['results']['raw_bytes_median']} B raw)")
                    if payload_only:
                        out["engines"][engine] = entry
                        continue
                    entry.update(best_of(lambda: kbgen_latency(chromium, base, queries, typed[:n_typed]), repeats))
                    entry["long_tasks"] = [kbgen_long_tasks(chromium, base, article, typed[:n_typed])
                                           for _ in range(typing_runs)]
                    entry["typing_baseline"] = baseline_long_tasks(chromium, base, article, typed[:n_typed])
                elif engine == "sphinx":
                    entry["results"] = _median_payload(
                        [sphinx_results_payload(chromium, base, recorder, q) for q in typed[:n_payload]])
                    say(f"  sphinx payload: results {entry['results']['bytes_median']} B")
                    entry.update(best_of(lambda: sphinx_latency(chromium, base, queries), repeats))
                else:
                    suggest = [pagefind_suggest_payload(chromium, base, recorder, q) for q in typed[:n_payload]]
                    entry["suggest"] = _median_payload(suggest)
                    entry["results"] = _median_payload(
                        [pagefind_results_payload(chromium, base, recorder, q) for q in typed[:n_payload]])
                    say(f"  pagefind payload: suggest {entry['suggest']['bytes_median']} B, "
                        f"results {entry['results']['bytes_median']} B")
                    # (each title's 5 shapes in a row: a prefix of the list keeps every shape)
                    timed = queries[:LARGE_PAGEFIND_TITLES * len(SHAPES)] if large else queries
                    entry["latency_queries"] = len(timed)
                    entry.update(best_of(partial(pagefind_latency, chromium, base, timed, with_worker=not large),
                                         repeats))
                    entry["long_tasks"] = [pagefind_long_tasks(chromium, base, typed[:n_typed])
                                           for _ in range(typing_runs)]
            entry["load_average_after"] = load_average()
            say(f"  {engine}: query p95 {entry['query_ms']['p95']} ms (load {entry['load_average_after']})")
            out["engines"][engine] = entry
    return out


def load_results(path: Path) -> dict[str, Any]:
    try:
        data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
        return data
    except (OSError, ValueError):
        return {"corpora": {}}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.search.payload", description=__doc__.split("\n")[0])
    add_corpora_argument(parser)
    parser.add_argument("--engines", nargs="*", default=list(ENGINES), choices=ENGINES)
    parser.add_argument("--out", type=Path, default=RESULTS)
    parser.add_argument("--payload-only", action="store_true",
                        help="kbgen's bytes only, no timings (give another --out: the page needs the rest)")
    args = parser.parse_args(argv)
    if args.payload_only and (args.engines != ["kbgen"] or args.out == RESULTS):
        parser.error("--payload-only measures kbgen alone: give --engines kbgen and an --out other than the default")
    data = load_results(args.out)
    data.setdefault("corpora", {})
    for name in args.corpora:
        c = corpus(name)
        if (problem := c.not_ready(args.engines)) is not None:
            print(f"{problem} --engines {' '.join(args.engines)}", file=sys.stderr)
            return 1
        print(f"{name}:", file=sys.stderr)
        result = measure_corpus(c, args.engines, log=lambda m: print(m, file=sys.stderr),
                                payload_only=args.payload_only)
        result["date"] = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        for entry in result["engines"].values():
            entry["date"] = result["date"]
        before = data["corpora"].get(name, {})
        previous = before.get("engines", {})
        for entry in previous.values():  # an engine kept from an earlier run says when it ran
            entry.setdefault("date", before.get("date", ""))
        result["engines"] = {**previous, **result["engines"]}  # a run of one engine keeps the others
        data["corpora"][name] = result
        data["versions"] = versions()
        data["throttle"] = 4
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"-> {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
