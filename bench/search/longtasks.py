"""Long tasks while typing into kbgen's search box, each attributed to the scripts that ran in it.

Issue 25, point 3: no main-thread task over 50 ms while typing, at 4x CPU throttling. An article
page of a built corpus (:mod:`bench.search.sites`; ``--engines kbgen`` is enough) is opened in
Chromium, throttled (CDP ``Emulation.setCPUThrottlingRate``), the search box focused (the
suggestion manifest loads), then ``--queries`` titles' first words are typed a character every
100 ms, as :mod:`bench.search.payload` does. Every task over 50 ms (``PerformanceObserver``
``longtask``) is listed with the scripts Chromium attributes to the frame it fell in
(``long-animation-frame`` entries: script file, function, what invoked it, its duration), so a
blocker can be found without wrapping the engine.

``--scripts DIR`` serves the engine and UI scripts of the kbgen checkout ``DIR`` (rendered with
its constants, as a build would write them) instead of the site's own: a change to the scripts
is measured without rebuilding a 20,000-article site. ``--latency`` also times the results
page's queries (:func:`bench.search.payload.kbgen_latency`: warm p95 is ``query_ms``);
``--baseline`` types the same with the search UI blocked (what typing alone costs throttled).

``nice -n 10 python -m bench.search.longtasks n1000 n5000 [--scripts ../wt-x] [--out file.json]``
"""

from __future__ import annotations

import argparse
import contextlib
import json
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from bench.search.browser import browser, throttle
from bench.search.known_item import read_titles
from bench.search.payload import WRAP_ENGINE_JS
from bench.search.serve import serve
from bench.search.sites import add_corpora_argument, corpus

LONG_TASK_MS = 50
TYPING_DELAY_MS = 100
BOX = "#kb-search-input"
SUGGESTION = "li.kb-suggestion:not(.kb-suggestion-all) a.kb-suggestion-link"
MANIFEST_READY = ("() => window.kbgenSearch && window.kbgenSearchParts && kbgenSearchParts.received "
                  "&& kbgenSearchParts.received['s/m']")
ENGINE_SCRIPTS = ("kbgen-normalise.js", "kbgen-search.js", "kbgen-search-store.js")
THEME_SCRIPTS = ("kbgen-search-ui.js", "kbgen-search-results.js")

# Long tasks and long animation frames (with their scripts), from page start.
OBSERVE_JS = """window.__longTasks = []; window.__frames = [];
new PerformanceObserver((list) => { for (const e of list.getEntries())
  window.__longTasks.push({start: e.startTime, duration: e.duration}); })
  .observe({type: 'longtask', buffered: true});
try {
  new PerformanceObserver((list) => { for (const e of list.getEntries())
    window.__frames.push({start: e.startTime, duration: e.duration, render: e.renderStart || 0,
      layout: e.styleAndLayoutStart || 0, scripts: (e.scripts || []).map((s) => ({
      start: s.startTime, duration: s.duration, url: (s.sourceURL || '').replace(/^.*\\//, ''),
      fn: s.sourceFunctionName || '', invoker: s.invoker || '', type: s.invokerType || ''}))}); })
    .observe({type: 'long-animation-frame', buffered: true});
} catch (e) { /* no LoAF: tasks stay unattributed */ }"""


def attributed(tasks: Sequence[dict[str, Any]], frames: Sequence[dict[str, Any]], since: float,
               until: float | None = None) -> list[dict[str, Any]]:
    """Each long task in [since, until), longest first, with the scripts that ran inside it."""
    out = []
    for task in sorted(tasks, key=lambda t: -t["duration"]):
        start, end = task["start"], task["start"] + task["duration"]
        if start < since or (until is not None and start >= until):
            continue
        inside = [f for f in frames if f["start"] < end and f["start"] + f["duration"] > start]
        scripts = [s for f in inside for s in f["scripts"] if s["start"] < end and s["start"] + s["duration"] > start]
        scripts.sort(key=lambda s: -s["duration"])
        # the frame's style, layout and paint that fell inside the task (LoAF's marks)
        render = sum(max(0.0, min(end, f["start"] + f["duration"]) - max(start, f["layout"] or f["render"]))
                     for f in inside if f["layout"] or f["render"])
        out.append({"ms": round(task["duration"], 1), "at": round(start, 1), "render_ms": round(render, 1),
                    "script_ms": round(sum(s["duration"] for s in scripts), 1),
                    "scripts": [{"ms": round(s["duration"], 1), "where": f"{s['url']} {s['fn']}".strip(),
                                 "invoker": s["invoker"]} for s in scripts[:4]]})
    return out


def rendered_scripts(checkout: Path, into: Path) -> dict[str, bytes]:
    """The search scripts of the kbgen checkout ``checkout`` as a build would ship them."""
    code = ("import sys; from pathlib import Path; from kbgen.search.scripts import write_scripts; "
            "write_scripts(Path(sys.argv[1]))")
    subprocess.run([sys.executable, "-c", code, str(into)], check=True, cwd=checkout,
                   env={"PYTHONPATH": str(checkout), "PATH": "/usr/bin:/bin"})
    found = {name: (into / name).read_bytes() for name in ENGINE_SCRIPTS}
    theme = checkout / "kbgen" / "theme" / "kbgen" / "static"
    found.update({name: (theme / name).read_bytes() for name in THEME_SCRIPTS})
    return found


def serve_scripts(page: Any, scripts: dict[str, bytes] | None) -> None:
    if not scripts:
        return
    def answer(body: bytes) -> Any:
        return lambda route: route.fulfill(status=200, body=body, headers={
            "Content-Type": "application/javascript", "Cache-Control": "no-cache"})

    for name, body in scripts.items():
        page.route(f"**/_static/{name}", answer(body))


def type_queries(page: Any, queries: Sequence[str], wait: bool = True) -> None:
    for query in queries:
        page.fill(BOX, "")
        page.wait_for_timeout(200)
        page.focus(BOX)
        page.keyboard.type(query, delay=TYPING_DELAY_MS)
        if wait:
            with contextlib.suppress(Exception):  # no suggestion for this query: the typing still counts
                page.wait_for_selector(SUGGESTION, state="visible", timeout=10_000)
        page.wait_for_timeout(300)


def typing_run(chromium: Any, base: str, article: str, queries: Sequence[str],
               scripts: dict[str, bytes] | None, rate: float = 4, baseline: bool = False) -> dict[str, Any]:
    """One run of typing ``queries``; ``baseline``: with the search UI blocked (typing alone)."""
    context = chromium.new_context()
    context.add_init_script(OBSERVE_JS)
    page = context.new_page()
    try:
        serve_scripts(page, scripts)
        if baseline:
            page.route(f"**/_static/{THEME_SCRIPTS[0]}", lambda route: route.abort())
        throttle(page, rate)
        page.goto(base + article + ".html")
        page.wait_for_load_state("load")
        page.wait_for_timeout(500)
        focus_at = page.evaluate("() => performance.now()")
        page.focus(BOX)
        if not baseline:
            page.wait_for_function(MANIFEST_READY, timeout=120_000)
        page.wait_for_timeout(1500)  # the manifest read (in slices, when sliced)
        if not baseline and page.evaluate("() => typeof kbgenSearchUi.store('s').run === 'function'"):
            page.evaluate(WRAP_ENGINE_JS)  # a sliced engine: its steps timed
        typing_at = page.evaluate("() => performance.now()")
        type_queries(page, queries, wait=not baseline)
        page.wait_for_timeout(500)
        tasks, frames, steps = page.evaluate("() => [window.__longTasks, window.__frames, window.__js || []]")
        typing = attributed(tasks, frames, typing_at)
        for task in typing:  # the engine's own steps inside the task (a loaded machine stretches the rest)
            task["engine_ms"] = round(sum(d for a, d in steps if task["at"] <= a <= task["at"] + task["ms"]), 1)
        return {"loading": attributed(tasks, frames, focus_at, typing_at), "typing": typing,
                "longest_engine_step_ms": round(max((d for _, d in steps), default=0.0), 1),
                "over_50ms": sum(t["ms"] > LONG_TASK_MS for t in typing),
                "max_ms": max((t["ms"] for t in typing), default=0.0)}
    finally:
        context.close()


def latency(chromium: Any, base: str, scripts: dict[str, bytes] | None, titles: Sequence[tuple[str, str]],
            typed: Sequence[str]) -> dict[str, Any]:
    from bench.search import payload

    original = payload._fresh

    def fresh(chromium: Any, init_scripts: Sequence[str] = (), rate: float = 1) -> tuple[Any, Any]:
        context, page = original(chromium, init_scripts, rate)
        serve_scripts(page, scripts)
        return context, page

    payload._fresh = fresh  # type: ignore[assignment]
    try:
        measured = payload.kbgen_latency(chromium, base, payload.latency_queries(titles), list(typed))
    finally:
        payload._fresh = original  # type: ignore[assignment]
    return {k: measured[k] for k in ("load_ms", "query_ms", "suggest_ms", "cold_query_ms")}


def measure(name: str, runs: int, n_queries: int, scripts: dict[str, bytes] | None,
            with_latency: bool, baseline: bool = False) -> dict[str, Any]:
    from bench.search.payload import typed_queries

    c = corpus(name)
    if not c.built(("kbgen",)):
        raise SystemExit(f"build it first: nice python -m bench.search.sites {name} --engines kbgen")
    titles = read_titles(c.content)
    typed = typed_queries(titles, n_queries)
    out: dict[str, Any] = {"articles": len(titles), "queries": typed, "runs": []}
    with serve(c.kbgen_site) as (base, _recorder), browser() as chromium:
        for _ in range(runs):
            run = typing_run(chromium, base, titles[0][0], typed, scripts)
            out["runs"].append(run)
            print(f"  {name}: {run['over_50ms']} tasks > 50 ms while typing (max {run['max_ms']} ms; "
                  f"longest engine step {run['longest_engine_step_ms']} ms)", file=sys.stderr)
        if baseline:
            run = typing_run(chromium, base, titles[0][0], typed, scripts, baseline=True)
            out["baseline"] = run
            print(f"  {name}: typing alone (search UI blocked): {run['over_50ms']} tasks > 50 ms "
                  f"(max {run['max_ms']} ms)", file=sys.stderr)
        if with_latency:
            out["latency"] = latency(chromium, base, scripts, titles, typed)
            print(f"  {name}: warm results query p95 {out['latency']['query_ms']['p95']} ms, "
                  f"suggest p95 {out['latency']['suggest_ms']['p95']} ms", file=sys.stderr)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.search.longtasks", description=__doc__.split("\n")[0])
    add_corpora_argument(parser, ("n1000", "n5000"))
    parser.add_argument("--scripts", type=Path, help="a kbgen checkout whose search scripts to serve")
    parser.add_argument("--runs", type=int, default=2)
    parser.add_argument("--queries", type=int, default=10)
    parser.add_argument("--latency", action="store_true", help="also time the results page's queries")
    parser.add_argument("--baseline", action="store_true", help="also type with the search UI blocked")
    parser.add_argument("--out", type=Path, help="write the measurements (JSON) here")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as work:
        scripts = rendered_scripts(args.scripts.resolve(), Path(work)) if args.scripts else None
        data = {name: measure(name, args.runs, args.queries, scripts, args.latency, args.baseline)
                for name in args.corpora}
    text = json.dumps(data, indent=1, ensure_ascii=False) + "\n"
    if args.out:
        args.out.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
