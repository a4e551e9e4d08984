"""Medians, ratios and budgets from ``bench/results/latest.json``, into ``docs/benchmarks.md``.

Only the part of the page between the ``% begin: bench results`` and ``% end: bench results``
lines (MyST comments, not published) is rewritten; the prose around it — method, profile,
findings — is written by hand. The plot is drawn by :mod:`bench.build.plot` with the tools
environment's matplotlib (kbgen's own environment stays without it).

``python -m bench.build.report [--results FILE]`` re-renders without running anything.
"""

from __future__ import annotations

import argparse
import math
import statistics
import subprocess
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench import paths
from bench.build import scenarios
from bench.build.tools import TOOLS_PYTHON

RESULTS = paths.RESULTS / "latest.json"  # written by bench.build.run as it measures
DOC = paths.REPO / "docs" / "benchmarks.md"
PLOT = paths.REPO / "docs" / "_static" / "bench-per-article.png"
PLOT_SCRIPT = Path(__file__).resolve().parent / "plot.py"  # run by the tools venv's python
BEGIN, END = "% begin: bench results", "% end: bench results"

FULL_BUDGET = 1.15
PAGE_BUDGET = 2.0
INDEX_BUDGET = 1.0
MEMORY_BUDGET = 1.3
MEMORY_LIMIT_MB = 2048
FLAT_BUDGET = 1.2
#: kbgen's growth of cost per article over plain Sphinx's own growth on the same sizes.
SPHINX_GROWTH_BUDGET = 1.05

LABELS = {
    scenarios.FULL: "full build", scenarios.BODY: "edit one body", scenarios.TITLE: "edit one title",
    scenarios.ADD: "add one article", scenarios.NOOP: "no-op", scenarios.FULL_J2: "full, `-j 2`",
}


@dataclass
class Cell:
    """Medians of one (N, tool, scenario) over its successful repetitions."""

    runs: int
    failed: int
    cpu_s: float
    wall_s: float
    peak_mb: float
    pss_mb: float
    pages_written: float
    page_s: float | None  # wall clock, start → edited page written
    page_cpu_s: float | None  # CPU used by then (measured since the CPU sampling was added)
    index_after_s: float | None  # wall clock, page written → last search-index file written
    index_after_cpu_s: float | None
    index_written: bool  # did any repetition rewrite the search index?

    def page(self) -> float | None:
        """Time to the edited page: CPU when measured (fair on a shared machine), else wall clock."""
        return self.page_cpu_s if self.page_cpu_s is not None else self.page_s

    def index_after(self) -> float | None:
        return self.index_after_cpu_s if self.page_cpu_s is not None else self.index_after_s


Summary = dict[int, dict[tuple[str, str], Cell]]


def _median(values: Iterable[float | None]) -> float | None:
    present = [v for v in values if v is not None]
    return statistics.median(present) if present else None


def summarise(data: dict[str, Any]) -> Summary:
    table: dict[int, dict[tuple[str, str], Cell]] = {}
    for n_text, entry in data.get("sizes", {}).items():
        groups: dict[tuple[str, str], list[dict[str, Any]]] = {}
        runs_used = entry["runs"]
        if "latency_kbgen_source" in entry:
            # ``--latency-only`` added body-edit runs later, on a newer kbgen snapshot and with the CPU
            # time at the page: for that scenario, only those compare like with like.
            latest = entry["latency_kbgen_source"]
            later = [r for r in runs_used if r["scenario"] == scenarios.BODY and r["repeat"] >= entry.get("repeat", 0)
                     and r.get("batch") == latest]
            runs_used = [r for r in runs_used if r["scenario"] != scenarios.BODY] + later
        for run in runs_used:
            groups.setdefault((run["tool"], run["scenario"]), []).append(run)
        cells = {}
        for key, runs in groups.items():
            good = [r for r in runs if r["returncode"] == 0]
            if not good:
                continue

            def med(name: str, rows: list[dict[str, Any]] = good) -> float:
                value = _median(r.get(name) for r in rows)
                return value if value is not None else float("nan")

            def after(index: str, page: str, rows: list[dict[str, Any]] = good) -> float | None:
                return _median(max(0.0, r[index] - r[page]) for r in rows
                               if r.get(index) is not None and r.get(page) is not None)

            cells[key] = Cell(
                len(good), len(runs) - len(good), med("cpu_s"), med("wall_s"), med("peak_mb"), med("tree_pss_mb"),
                med("pages_written"), _median(r.get("page_s") for r in good),
                _median(r.get("page_cpu_s") for r in good), after("index_s", "page_s"),
                after("index_cpu_s", "page_cpu_s"), any(r.get("index_s") is not None for r in good))
        table[int(n_text)] = cells
    return dict(sorted(table.items()))


def _v(cell: Cell | None, name: str) -> float | None:
    """An attribute of a cell that may be missing (a tool not run at that size)."""
    value = getattr(cell, name) if cell is not None else None
    return None if value is None else float(value)


def _num(value: float | None, digits: int = 2) -> str:
    return "—" if value is None or value != value else f"{value:.{digits}f}"


def _ratio(a: float | None, b: float | None) -> str:
    if a is None or b is None or not b or a != a or b != b:
        return "—"
    return f"{a / b:.2f}×"


def _verdict(ok: bool | None) -> str:
    return "not measured" if ok is None else ("**met**" if ok else "**not met**")


def main_table(summary: Summary) -> list[str]:
    lines = [
        "| N | scenario | CPU s kbgen | CPU s Sphinx | CPU ratio | peak MB kbgen | peak MB Sphinx | memory ratio "
        "| pages written kbgen / Sphinx |",
        "|---:|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for n, cells in summary.items():
        for scenario in scenarios.SCENARIOS:
            k, s = cells.get(("kbgen", scenario)), cells.get(("sphinx", scenario))
            if not k and not s:
                continue
            cpu = (_v(k, "cpu_s"), _v(s, "cpu_s"))
            peak = (_v(k, "peak_mb"), _v(s, "peak_mb"))
            pages = (_v(k, "pages_written"), _v(s, "pages_written"))
            lines.append(f"| {n:,} | {LABELS[scenario]} | {_num(cpu[0])} | {_num(cpu[1])} | {_ratio(*cpu)} "
                         f"| {_num(peak[0], 0)} | {_num(peak[1], 0)} | {_ratio(*peak)} "
                         f"| {_num(pages[0], 0)} / {_num(pages[1], 0)} |")
    return lines


def _pair(wall: float | None, cpu: float | None) -> str:
    return _num(wall) + (f" ({_num(cpu)})" if cpu is not None else "")


def latency_table(summary: Summary) -> list[str]:
    lines = [
        "| N | scenario | page written, kbgen | page written, Sphinx | ratio | search index after the page, kbgen "
        "| search index after the page, Sphinx | done, kbgen | done, Sphinx |",
        "|---:|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for n, cells in summary.items():
        for scenario in scenarios.INCREMENTAL:
            k, s = cells.get(("kbgen", scenario)), cells.get(("sphinx", scenario))
            if not k or not s:
                continue
            # no index time: nothing searchable changed (a no-op), or kbgen has no search index at all
            k_index = _pair(k.index_after_s, k.index_after_cpu_s) if k.index_written else "not rewritten"
            lines.append(
                f"| {n:,} | {LABELS[scenario]} | {_pair(k.page_s, k.page_cpu_s)} | {_pair(s.page_s, s.page_cpu_s)} "
                f"| {_ratio(k.page(), s.page())} | {k_index} | {_pair(s.index_after_s, s.index_after_cpu_s)} "
                f"| {_pair(k.wall_s, k.cpu_s)} | {_pair(s.wall_s, s.cpu_s)} |")
    return lines


def per_article_table(summary: Summary) -> list[str]:
    lines = [
        "| N | kbgen CPU s | Sphinx CPU s | MkDocs CPU s | kbgen ms/article | Sphinx ms/article "
        "| MkDocs ms/article | MkDocs peak MB |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for n, cells in summary.items():
        cpu = [_v(cells.get((t, scenarios.FULL)), "cpu_s") for t in ("kbgen", "sphinx", "mkdocs")]
        per = [None if c is None else c * 1000 / n for c in cpu]
        mk_peak = _v(cells.get(("mkdocs", scenarios.FULL)), "peak_mb")
        lines.append(f"| {n:,} | " + " | ".join(_num(c) for c in cpu) + " | "
                     + " | ".join(_num(p, 1) for p in per) + f" | {_num(mk_peak, 0)} |")
    return lines


def crossover(summary: Summary, tool: str) -> float | None:
    """N where MkDocs' full build starts costing more than ``tool``'s (CPU).

    MkDocs is fitted by the parabola through its three points (its cost is quadratic), the
    other tool by the line through its first and last; None when they do not cross in range.
    """
    mk, other = ("mkdocs", scenarios.FULL), (tool, scenarios.FULL)
    points = [(n, cells[mk].cpu_s, cells[other].cpu_s)
              for n, cells in summary.items() if mk in cells and other in cells]
    if len(points) < 3:
        return None
    (x0, m0, t0), (x1, m1, _), (x2, m2, t2) = points[0], points[len(points) // 2], points[-1]
    # parabola m(x) = a x² + b x + c through the three MkDocs points (divided differences)
    d01, d12 = (m1 - m0) / (x1 - x0), (m2 - m1) / (x2 - x1)
    a = (d12 - d01) / (x2 - x0)
    b = d01 - a * (x0 + x1)
    c = m0 - a * x0 * x0 - b * x0
    slope = (t2 - t0) / (x2 - x0)
    # a x² + (b - slope) x + (c - t0 + slope x0) = 0
    qa, qb, qc = a, b - slope, c - t0 + slope * x0
    roots = [-qc / qb] if abs(qa) < 1e-15 and qb else []
    if abs(qa) >= 1e-15 and qb * qb - 4 * qa * qc >= 0:
        disc = (qb * qb - 4 * qa * qc) ** 0.5
        roots = [(-qb - disc) / (2 * qa), (-qb + disc) / (2 * qa)]
    inside = [r for r in roots if x0 <= r <= x2]
    return min(inside) if inside else None


def budgets(summary: Summary) -> list[str]:
    lines = ["| budget | measured | verdict |", "|---|---|---|"]

    def cell(n: int, tool: str, scenario: str) -> Cell | None:
        return summary.get(n, {}).get((tool, scenario))

    for n in (1000, 5000):
        k, s = cell(n, "kbgen", scenarios.FULL), cell(n, "sphinx", scenarios.FULL)
        ok = None if k is None or s is None else k.cpu_s <= FULL_BUDGET * s.cpu_s
        lines.append(f"| full build ≤ {FULL_BUDGET}× plain Sphinx at {n:,} (CPU) "
                     f"| {_ratio(_v(k, 'cpu_s'), _v(s, 'cpu_s'))} | {_verdict(ok)} |")
    for n in summary:
        k, s = cell(n, "kbgen", scenarios.BODY), cell(n, "sphinx", scenarios.BODY)
        if k is None or s is None:
            continue
        kp, sp = k.page(), s.page()
        if kp is None or sp is None:
            continue
        unit = "s CPU" if k.page_cpu_s is not None else "s"
        lines.append(f"| body edit at {n:,}: edited page written ≤ {PAGE_BUDGET:g}× plain Sphinx's time "
                     f"| {kp:.2f} {unit} vs {sp:.2f} {unit} ({_ratio(kp, sp)}) "
                     f"| {_verdict(kp <= PAGE_BUDGET * sp)} |")
        after = k.index_after()
        full = cell(n, "kbgen", scenarios.FULL)
        has_index = full is not None and full.index_written
        shown = (f"{after:.2f} {unit} after the page, budget {INDEX_BUDGET * sp:.2f}" if after is not None
                 else "index not rewritten" if has_index else "kbgen writes no search index yet")
        lines.append(f"| body edit at {n:,}: search index within a further {INDEX_BUDGET:g}× | {shown} "
                     f"| {_verdict(None if after is None else after <= INDEX_BUDGET * sp)} |")
    top = max(summary, default=None)
    if top is None:
        return lines
    k, s = cell(top, "kbgen", scenarios.FULL_J2), cell(top, "sphinx", scenarios.FULL_J2)
    ok = None if k is None or s is None else k.peak_mb <= MEMORY_BUDGET * s.peak_mb
    lines.append(f"| peak memory ≤ {MEMORY_BUDGET}× plain Sphinx at {top:,}, `-j 2` (sum over processes) "
                 f"| {_num(_v(k, 'peak_mb'), 0)} MB vs {_num(_v(s, 'peak_mb'), 0)} MB "
                 f"({_ratio(_v(k, 'peak_mb'), _v(s, 'peak_mb'))}) | {_verdict(ok)} |")
    ok = None if k is None or top < 5000 else k.peak_mb <= MEMORY_LIMIT_MB
    lines.append(f"| peak memory ≤ 2 GB at 5,000, `-j 2` | {_num(_v(k, 'peak_mb'), 0)} MB at {top:,} "
                 f"| {_verdict(ok)} |")
    per = {n: c.cpu_s / n for n in summary if (c := cell(n, "kbgen", scenarios.FULL)) is not None}
    if len(per) >= 2 and top in per:
        low = min(per)
        # against the cheapest size, not the smallest: start-up makes small sites dearer per article
        growth = per[top] / min(per.values())
        lines.append(f"| cost per article flat from {low:,} to {top:,} (largest ≤ {FLAT_BUDGET}× the lowest) "
                     f"| {' → '.join(f'{v * 1000:.1f}' for v in per.values())} ms/article ({growth:.2f}×) "
                     f"| {_verdict(growth <= FLAT_BUDGET)} |")
        lines.extend(_growth_against_sphinx(summary, per, growth))
    return lines


def _growth_against_sphinx(summary: Summary, per: dict[int, float], kbgen_growth: float) -> list[str]:
    """kbgen's growth per article set against plain Sphinx's own over the same sizes.

    kbgen cannot be flatter than the engine it runs on: what is kbgen's to answer for is any
    growth beyond Sphinx's. The exponent k of cost ∝ Nᵏ (1 linear, 2 quadratic) is fitted on the
    two ends of the range.
    """
    plain = {n: c.cpu_s / n for n in per if (c := summary[n].get(("sphinx", scenarios.FULL))) is not None}
    low, top = min(per), max(per)
    if low == top or low not in plain or top not in plain:
        return []
    sphinx_growth = plain[top] / min(plain.values())
    beyond = kbgen_growth / sphinx_growth

    def exponent(cost: dict[int, float]) -> float:
        return math.log(cost[top] * top / (cost[low] * low)) / math.log(top / low)

    return [f"| cost per article grows no faster than plain Sphinx's own (≤ {SPHINX_GROWTH_BUDGET}× its growth) "
            f"| {kbgen_growth:.2f}× vs {sphinx_growth:.2f}× ({beyond:.2f}×); cost ∝ N^{exponent(per):.2f} "
            f"vs N^{exponent(plain):.2f} | {_verdict(beyond <= SPHINX_GROWTH_BUDGET)} |"]


def render(data: dict[str, Any], plot_ok: bool) -> str:
    summary = summarise(data)
    versions = data.get("versions", {})
    machine = data.get("machine", {})
    def repetitions(entry: dict[str, Any]) -> str:
        text = f"{entry.get('repeat', '?')}× (kbgen {entry.get('kbgen_source', '?')})"
        if "latency_kbgen_source" in entry:
            extra = sum(1 for r in entry["runs"] if r["scenario"] == scenarios.BODY and r["tool"] == "kbgen"
                        and r["repeat"] >= entry.get("repeat", 0)
                        and r.get("batch") == entry["latency_kbgen_source"])
            text += f", body edit {extra}× more (kbgen {entry['latency_kbgen_source']})"
        return text

    repeats = "; ".join(f"N={int(n):,}: {repetitions(e)}"
                        for n, e in sorted(data.get("sizes", {}).items(), key=lambda item: int(item[0])))
    out = [
        BEGIN,
        "",
        f"Measured on {machine.get('cpus', '?')} cores, Python {machine.get('python', '?')}, "
        + ", ".join(f"{k} {v}" for k, v in sorted(versions.items())) + f". Repetitions: {repeats}. "
        "Medians; CPU is user + system time of the build process and its workers; peak memory is the "
        "larger of the biggest process's `ru_maxrss` and the sampled sum of RSS over all its processes.",
        "",
        "### Budgets",
        "",
        *budgets(summary),
        "",
        "### kbgen and plain Sphinx, every scenario",
        "",
        *main_table(summary),
        "",
        "### After an edit: when the page and the search index are written",
        "",
        "Seconds from the start of the command to the modification time of the edited page in the build "
        "folder, then from the page to the last search-index file; \"done\" is when the command returns (for "
        "kbgen: once the site is published to `--out`). Wall clock, and in brackets the CPU time the build had "
        "used at that moment (sampled every 50 ms): on a shared machine the CPU figure is the fair one, and the "
        "budgets use it where it was measured.",
        "",
        *latency_table(summary),
        "",
        "### Cost per article (full build) and MkDocs",
        "",
        *per_article_table(summary),
        "",
    ]
    crossings = [(name, crossover(summary, tool)) for name, tool in (("kbgen", "kbgen"), ("plain Sphinx", "sphinx"))]
    found = [f"{name} from about {n:,.0f} articles" for name, n in crossings if n is not None]
    if found:
        out += ["MkDocs' full build costs more CPU than " + " and ".join(found) + " (its cost fitted by a "
                "parabola through the measured sizes, the others by a line).", ""]
    if plot_ok:
        out += ["![CPU milliseconds per article of a full build against the number of articles, for kbgen, "
                "plain Sphinx and MkDocs](_static/bench-per-article.png)", ""]
    out.append(END)
    return "\n".join(out)


SKELETON = """\
---
orphan: true
---

# Benchmarks

{results}
"""


def _draw_plot(results: Path) -> bool:
    if not TOOLS_PYTHON.is_file():
        return PLOT.is_file()
    done = subprocess.run([str(TOOLS_PYTHON), str(PLOT_SCRIPT), str(results), str(PLOT)],
                          capture_output=True, text=True, check=False)
    if done.returncode != 0:
        print(f"bench.build.report: the plot failed:\n{done.stderr}")
    return PLOT.is_file()


def write_report(results: Path, doc: Path = DOC, plot: Callable[[Path], bool] = _draw_plot) -> None:
    import json

    data = json.loads(results.read_text(encoding="utf-8"))
    block = render(data, plot(results))
    if doc.is_file():
        text = doc.read_text(encoding="utf-8")
        if BEGIN in text and END in text:
            head, rest = text.split(BEGIN, 1)
            text = head + block + rest.split(END, 1)[1]
        else:
            text = text.rstrip("\n") + "\n\n" + block + "\n"
    else:
        text = SKELETON.format(results=block)
    doc.write_text(text, encoding="utf-8")
    print(f"bench.build.report: wrote {doc.relative_to(paths.REPO)}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.build.report", description=__doc__.split("\n")[0])
    parser.add_argument("--results", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    write_report(args.results)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
