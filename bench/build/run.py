"""``python -m bench.build.run``: kbgen against plain Sphinx (and MkDocs) on generated help centers.

For each size N the same generated Markdown is built by every tool, the tools alternating
at every step (kbgen first on even repetitions, Sphinx first on odd ones) so that a slow
moment of the machine does not land on one tool only. One repetition is: full build (fresh
cache), edit one article's body, edit a title, add an article, no-op, then a full ``-j 2``
build; MkDocs does a full build per repetition (it has no incremental build).

Results are appended to ``bench/results/latest.json`` as they come (a long run that is
stopped keeps what it measured); a new run replaces only the sizes it measures. Then
:mod:`bench.build.report` renders ``docs/benchmarks.md`` and the plot.

Run it niced on a shared machine: ``nice -n 10 python -m bench.build.run``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import platform
import shutil
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from bench.build import scenarios
from bench.build.measure import Measurement, run_measured
from bench.build.report import RESULTS, write_report
from bench.build.tools import TOOLS_PYTHON, Kbgen, MkDocs, PlainSphinx, Tool, tools_venv_help
from bench.paths import OUT, REPO
from bench.projects import make_mkdocs_project, make_sphinx_project
from sitegen.generate import generate

SEED = 0


def snapshot_kbgen(dest: Path) -> tuple[dict[str, str], str]:
    """Copy kbgen/ aside and return (environment that imports it, hash of its files).

    Other people edit kbgen/ while a run of an hour goes on; a theme edit alone makes the next
    build rewrite every page. Measuring a copy keeps one run about one version of the code.
    """
    if dest.exists():
        shutil.rmtree(dest)
    shutil.copytree(REPO / "kbgen", dest / "kbgen", ignore=shutil.ignore_patterns("__pycache__"))
    digest = hashlib.sha256()
    for path in sorted((dest / "kbgen").rglob("*")):
        if path.is_file():
            digest.update(str(path.relative_to(dest)).encode() + b"\0" + path.read_bytes())
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(dest), env.get("PYTHONPATH", "")) if p)
    return env, digest.hexdigest()[:16]


def versions() -> dict[str, str]:
    from importlib.metadata import version

    found = {name: version(name) for name in ("kbgen", "sphinx", "myst-parser", "sphinx-design", "docutils")}
    if TOOLS_PYTHON.is_file():
        done = subprocess.run([str(TOOLS_PYTHON), "-c", "import mkdocs; print(mkdocs.__version__)"],
                              capture_output=True, text=True, check=False)
        found["mkdocs"] = done.stdout.strip() or "?"
    return found


def machine() -> dict[str, Any]:
    return {"cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform(),
            "nice": os.nice(0)}


def load_results(path: Path) -> dict[str, Any]:
    try:
        data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        data = {}
    data.setdefault("sizes", {})
    return data


def save_results(path: Path, data: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    tmp.replace(path)


class Session:
    """One size: the generated trees, the three tools, and the measurements made on them."""

    def __init__(self, n: int, data: dict[str, Any], results: Path, with_mkdocs: bool,
                 kbgen_env: dict[str, str] | None, reuse: bool = False):
        self.n = n
        self.root = OUT / f"n{n}"
        self.content = self.root / "content"
        self.data = data
        self.results = results
        self.kbgen = Kbgen(self.content, self.root / "kbgen", kbgen_env)
        sphinx_src = self.root / "sphinx-src"
        if not reuse:
            print(f"== N={n}: generating", flush=True)
            generate(self.content, n, SEED)
            make_sphinx_project(self.content, sphinx_src)
        self.sphinx = PlainSphinx(sphinx_src, self.root / "sphinx")
        self.mkdocs: MkDocs | None = None
        if with_mkdocs and not reuse:
            project = make_mkdocs_project(self.content, self.root / "mkdocs-project")
            self.mkdocs = MkDocs(project, self.root / "mkdocs")
        self.edits = scenarios.Edits([self.kbgen.tree, self.sphinx.tree])
        self.paths = scenarios.article_paths(self.content)
        if reuse and str(n) in data["sizes"]:
            self.entry: dict[str, Any] = data["sizes"][str(n)]
        else:
            self.entry = {"date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"), "articles": n, "runs": []}
            data["sizes"][str(n)] = self.entry

    def measure(self, tool: Tool, scenario: str, repeat: int, docname: str | None, jobs: int = 1,
                batch: str | None = None) -> Measurement:
        if scenario in (scenarios.FULL, scenarios.FULL_J2):
            tool.reset()
        log = self.root / "logs" / f"{tool.name}-{scenario}-{repeat}.log"
        result = run_measured(tool.command(jobs), cwd=self.root, log=log, env=tool.env, build_dir=tool.build_dir,
                              page=tool.page(docname) if docname else None, index_globs=tool.index_globs)
        run = {"tool": tool.name, "scenario": scenario, "repeat": repeat, **result.as_dict()}
        if batch is not None:
            run["batch"] = batch  # the kbgen snapshot of a --latency-only run
        self.entry["runs"].append(run)
        save_results(self.results, self.data)
        page = f"{result.page_s:6.2f}" if result.page_s is not None else "     -"
        if result.page_cpu_s is not None:
            page += f" ({result.page_cpu_s:.2f} CPU)"
        index = f"{result.index_s:6.2f}" if result.index_s is not None else "     -"
        status = "" if result.returncode == 0 else f"  FAILED (exit {result.returncode}, see {log})"
        print(f"N={self.n:<5} r{repeat} {scenario:<11} {tool.name:<6} cpu {result.cpu_s:7.2f} s  wall "
              f"{result.wall_s:7.2f} s  peak {result.peak_mb:7.1f} MB  page {page}  index {index}  "
              f"pages {result.pages_written:5d}{status}", flush=True)
        return result

    def latency(self, repeats: int, batch: str) -> None:
        """More body-edit rebuilds on the trees and caches a previous run left (no generation).

        Edits accumulate (a different article each time, so exactly one changed since the last
        build) and are undone at the end, followed by an unmeasured build that settles the caches.
        """
        for tool in (self.kbgen, self.sphinx):
            if not tool.build_dir.is_dir():
                raise SystemExit(f"no previous build in {tool.work}: "
                                 f"run python -m bench.build.run --sizes {self.n} first")
            run_measured(tool.command(), cwd=self.root, log=self.root / "logs" / f"{tool.name}-settle.log",
                         env=tool.env)  # onto this kbgen snapshot, and any leftover edit
        first = 1 + max((r["repeat"] for r in self.entry["runs"]), default=0)
        for repeat in range(first, first + repeats):
            rel = scenarios.pick(self.paths, repeat, 1)
            self.edits.edit_body(rel, repeat)
            order: list[Tool] = [self.kbgen, self.sphinx] if repeat % 2 == 0 else [self.sphinx, self.kbgen]
            for current in order:
                self.measure(current, scenarios.BODY, repeat, rel.removesuffix(".md"), batch=batch)
        self.edits.restore()
        for tool in (self.kbgen, self.sphinx):
            run_measured(tool.command(), cwd=self.root, log=self.root / "logs" / f"{tool.name}-settle.log",
                         env=tool.env)

    def repetition(self, repeat: int, chosen: Sequence[str] = scenarios.SCENARIOS) -> None:
        order = [self.kbgen, self.sphinx] if repeat % 2 == 0 else [self.sphinx, self.kbgen]
        for scenario in scenarios.SCENARIOS:
            if scenario not in chosen:
                continue
            docname: str | None = None
            if scenario == scenarios.BODY:
                rel = scenarios.pick(self.paths, repeat, 1)
                self.edits.edit_body(rel, repeat)
                docname = rel.removesuffix(".md")
            elif scenario == scenarios.TITLE:
                rel = scenarios.pick(self.paths, repeat, 2)
                self.edits.edit_title(rel, repeat)
                docname = rel.removesuffix(".md")
            elif scenario == scenarios.ADD:
                docname = self.edits.add_article(self.content, repeat).removesuffix(".md")
            elif scenario == scenarios.FULL_J2:
                self.edits.restore()
            jobs = 2 if scenario == scenarios.FULL_J2 else 1
            for tool in order:
                self.measure(tool, scenario, repeat, docname, jobs)
        self.edits.restore()
        if self.mkdocs is not None:
            self.measure(self.mkdocs, scenarios.FULL, repeat, None)


def chosen_scenarios(text: str) -> tuple[str, ...]:
    """The scenarios named in ``text`` (comma-separated), in the order a repetition runs them."""
    names = {name.strip() for name in text.split(",") if name.strip()}
    unknown = names - set(scenarios.SCENARIOS)
    if unknown or not names:
        raise argparse.ArgumentTypeError(f"unknown scenario(s) {sorted(unknown) or text!r}; "
                                         f"choose among {', '.join(scenarios.SCENARIOS)}")
    if names & set(scenarios.INCREMENTAL) and scenarios.FULL not in names:
        raise argparse.ArgumentTypeError(f"{', '.join(sorted(names & set(scenarios.INCREMENTAL)))} rebuilds what "
                                         f"{scenarios.FULL} built: add {scenarios.FULL}")
    return tuple(name for name in scenarios.SCENARIOS if name in names)


def warm_up(kbgen_env: dict[str, str] | None) -> str | None:
    """One small unmeasured build per tool: compiles the .pyc files, fills the page cache."""
    root = OUT / "warm-up"
    content = root / "content"
    generate(content, 30, SEED)
    kbgen = Kbgen(content, root / "kbgen", kbgen_env)
    sphinx = PlainSphinx(make_sphinx_project(content, root / "sphinx-src"), root / "sphinx")
    for tool in (kbgen, sphinx):
        tool.reset()
        result = run_measured(tool.command(), cwd=root, log=root / f"{tool.name}.log", env=tool.env)
        if result.returncode != 0:
            return f"the warm-up build with {tool.name} failed: see {root / f'{tool.name}.log'}"
    return None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.build.run", description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="200,1000,5000", help="comma-separated numbers of articles")
    parser.add_argument("--repeat", type=int, default=3, help="repetitions per size")
    parser.add_argument("--quick", action="store_true", help="N=200, one repetition (a smoke test)")
    parser.add_argument("--no-mkdocs", action="store_true", help="skip MkDocs")
    parser.add_argument("--results", type=Path, default=RESULTS)
    parser.add_argument("--no-report", action="store_true", help="do not rewrite docs/benchmarks.md")
    parser.add_argument("--latency-only", action="store_true",
                        help="only more body-edit rebuilds, on the sites and caches of a previous run (adds to its "
                             "results)")
    parser.add_argument("--live-kbgen", action="store_true",
                        help="measure kbgen/ as it is on disk instead of a copy taken at the start")
    parser.add_argument("--scenarios", type=chosen_scenarios, default=scenarios.SCENARIOS,
                        help="comma-separated subset of " + ",".join(scenarios.SCENARIOS) + " (default: all; an "
                        "incremental one needs full, whose build it edits): at 20,000 articles all of them take hours")
    args = parser.parse_args(argv)
    sizes = [200] if args.quick else [int(s) for s in args.sizes.split(",") if s.strip()]
    repeat = 1 if args.quick else args.repeat
    with_mkdocs = not args.no_mkdocs and not args.latency_only
    if with_mkdocs and not MkDocs.available():
        print(tools_venv_help(), file=sys.stderr)
        return 2

    data = load_results(args.results)
    data["machine"] = machine()
    data["versions"] = versions()
    kbgen_env: dict[str, str] | None = None
    source_hash = "live"
    for attempt in range(1, 6):
        if not args.live_kbgen:
            kbgen_env, source_hash = snapshot_kbgen(OUT / "kbgen-snapshot")
        problem = warm_up(kbgen_env)
        if problem is None:
            break
        # kbgen/ is edited by others while we run: a copy taken mid-edit may not build; take another
        print(f"bench.build.run: {problem}; trying a new copy of kbgen/ in 60 s ({attempt}/5)", file=sys.stderr)
        time.sleep(60)
    else:
        return 1
    for n in sizes:
        session = Session(n, data, args.results, with_mkdocs, kbgen_env, reuse=args.latency_only)
        if args.latency_only:
            session.entry["latency_kbgen_source"] = source_hash
            session.latency(repeat, source_hash)
        else:
            session.entry["repeat"] = repeat
            session.entry["kbgen_source"] = source_hash
            for r in range(repeat):
                session.repetition(r, args.scenarios)
        if not args.no_report:
            write_report(args.results)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
