"""``python -m bench.build.profile``: where a kbgen build spends its time, sampled with py-spy.

Profiles a full build and then a rebuild after one body edit of a generated site (N=1,000 by
default), from the same kind of kbgen snapshot the benchmark measures (and, with ``--sphinx``, plain
Sphinx's full build of the same Markdown), and writes
``bench/results/profile-n<N>.md``: the big phases, the top functions by inclusive and by self
time, and kbgen's own functions. The raw collapsed stacks stay beside it (git-ignored) for a
flame graph (``flamegraph.pl`` or https://www.speedscope.app accept them).

py-spy samples the process from outside (no instrumentation overhead in the build), so the
seconds here are wall-clock samples of a one-process build: close to its CPU time.
"""

from __future__ import annotations

import argparse
import subprocess
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from bench.build import scenarios
from bench.build.run import SEED, snapshot_kbgen
from bench.build.tools import TOOLS_VENV, Kbgen, PlainSphinx, Tool
from bench.paths import OUT, RESULTS
from bench.projects import make_sphinx_project
from sitegen.generate import generate

PY_SPY = TOOLS_VENV / "bin" / "py-spy"

#: Functions that mark the phases of a build (matched on "function (file)" prefixes).
PHASES = (
    ("imports at start-up", "_find_and_load (<frozen importlib._bootstrap>)"),
    ("kbgen: load_site (validate content, git dates)", "load_site (kbgen/loading/walker.py)"),
    ("kbgen: read_git_dates", "read_git_dates (kbgen/loading/gitdates.py)"),
    ("kbgen: prepare_sources (copy to cache)", "prepare_sources (kbgen/sphinx_ext/staging.py)"),
    ("Sphinx: read all sources (parse, doctree-read)", "Builder.read (sphinx/builders/__init__.py)"),
    ("Sphinx: pickle doctrees", "Builder.write_doctree (sphinx/builders/__init__.py)"),
    ("Sphinx: load the pickled environment", "Sphinx._load_existing_env (sphinx/application.py)"),
    ("Sphinx: env-get-updated handlers", "_updated (kbgen/sphinx_ext/incremental.py)"),
    ("Sphinx: write pages (resolve, translate, render)", "Builder.write (sphinx/builders/__init__.py)"),
    ("  of which: templates (handle_page)", "StandaloneHTMLBuilder.handle_page (sphinx/builders/html/__init__.py)"),
    ("  of which: html-page-context handlers", "_attach (kbgen/sphinx_ext/pages/__init__.py)"),
    ("Sphinx's own search indexer (IndexBuilder.feed)", "IndexBuilder.feed (sphinx/search/__init__.py)"),
    ("Sphinx's own search index written (IndexBuilder.dump)", "IndexBuilder.dump (sphinx/search/__init__.py)"),
    ("kbgen: listing pages (html-collect-pages)", "_collect (kbgen/sphinx_ext/pages/__init__.py)"),
    ("kbgen: search index (build-finished)", "_write_search_files (kbgen/sphinx_ext/search.py)"),
    ("  of which: lunr Builder.add", "Builder.add (lunr/builder.py)"),
    ("  of which: lunr Builder.build", "Builder.build (lunr/builder.py)"),
    ("  of which: tokenising (index_terms)", "index_terms (kbgen/search/normalise.py)"),
    ("  of which: serialising to JS", "js_assignment (kbgen/search/jsdata.py)"),
    ("Sphinx: copy static files and images", "StandaloneHTMLBuilder.finish (sphinx/builders/html/__init__.py)"),
    ("kbgen: publish to --out", "publish (kbgen/publish.py)"),
)

#: Frames that every stack passes through and that say nothing about the cost.
_BORING = ("<module>", "_run_module_as_main", "_run_code", "_call_with_frames_removed", "main (kbgen/cli.py)",
           "Sphinx.build", "Builder.build", "Builder.build_all", "Builder.build_update", "invoke", "main",
           "__call__", "_main", "emit (sphinx/events.py)", "EventManager.emit", "Sphinx.emit",
           "_build (kbgen/commands/build.py)", "build (kbgen/commands/build.py)",
           "run_sphinx (kbgen/sphinx_ext/sphinx_run.py)",
           "Command.invoke", "Context.invoke", "Group.invoke", "BaseCommand.main", "new_func", "_find_and_load",
           "_find_and_load_unlocked", "_load_unlocked", "exec_module", "_LoaderBasics.exec_module")


@dataclass
class Profile:
    rate: int
    stacks: Counter[tuple[str, ...]]

    @property
    def total_s(self) -> float:
        return sum(self.stacks.values()) / self.rate

    def inclusive(self) -> Counter[str]:
        counts: Counter[str] = Counter()
        for stack, n in self.stacks.items():
            for frame in set(stack):
                counts[frame] += n
        return counts

    def self_time(self) -> Counter[str]:
        counts: Counter[str] = Counter()
        for stack, n in self.stacks.items():
            counts[stack[-1]] += n
        return counts

    def matching(self, prefix: str) -> float:
        n = sum(count for stack, count in self.stacks.items() if any(f.startswith(prefix) for f in stack))
        return n / self.rate


def parse_raw(path: Path, rate: int) -> Profile:
    """py-spy ``--format raw``: one ``root;…;leaf count`` line per distinct stack."""
    stacks: Counter[tuple[str, ...]] = Counter()
    for line in path.read_text(encoding="utf-8").splitlines():
        stack, _, count = line.rpartition(" ")
        if stack and count.isdigit():
            stacks[tuple(stack.split(";"))] += int(count)
    return Profile(rate, stacks)


def _boring(frame: str, share: float) -> bool:
    """Entry points every stack passes through (share ≈ 1) and generic dispatch frames."""
    name = frame.split(" (", 1)[0]
    return share > 0.97 or frame.startswith(_BORING) or name in _BORING


def summary(profile: Profile, title: str, top: int = 20) -> list[str]:
    lines = [f"### {title}", "", f"{profile.total_s:.1f} s sampled ({sum(profile.stacks.values())} samples "
             f"at {profile.rate} Hz).", "", "| phase | s | share |", "|---|---:|---:|"]
    for label, prefix in PHASES:
        seconds = profile.matching(prefix)
        if seconds:
            lines.append(f"| {label} | {seconds:.2f} | {seconds / profile.total_s:.0%} |")
    inclusive = profile.inclusive()
    lines += ["", f"Top {top} functions by inclusive time:", "", "| function (file) | s | share |", "|---|---:|---:|"]
    total = sum(profile.stacks.values())
    for frame, n in [(f, n) for f, n in inclusive.most_common() if not _boring(f, n / total)][:top]:
        lines.append(f"| `{frame}` | {n / profile.rate:.2f} | {n / profile.rate / profile.total_s:.0%} |")
    lines += ["", f"Top {top} functions by self time:", "", "| function (file) | s | share |", "|---|---:|---:|"]
    for frame, n in profile.self_time().most_common(top):
        lines.append(f"| `{frame}` | {n / profile.rate:.2f} | {n / profile.rate / profile.total_s:.0%} |")
    own = [(f, n) for f, n in inclusive.most_common() if "(kbgen/" in f and not _boring(f, n / total)][:top]
    lines += ["", "kbgen's own functions by inclusive time:", "", "| function (file) | s | share |",
              "|---|---:|---:|"]
    for frame, n in own:
        lines.append(f"| `{frame}` | {n / profile.rate:.2f} | {n / profile.rate / profile.total_s:.0%} |")
    return [*lines, ""]


def record(tool: Tool, raw: Path, rate: int, log: Path) -> None:
    cmd = [str(PY_SPY), "record", "--format", "raw", "--nolineno", "--rate", str(rate), "-o", str(raw), "--",
           *tool.command()]
    with log.open("w", encoding="utf-8") as out:
        done = subprocess.run(cmd, env=tool.env, stdout=out, stderr=subprocess.STDOUT, check=False)
    if done.returncode != 0:
        raise SystemExit(f"py-spy or the build failed (exit {done.returncode}): see {log}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.build.profile", description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=1000, help="articles")
    parser.add_argument("--rate", type=int, default=100, help="samples per second")
    parser.add_argument("--sphinx", action="store_true",
                        help="also profile plain Sphinx's full build of the same Markdown (what its indexer costs)")
    parser.add_argument("--edit-only", action="store_true",
                        help="profile only a body-edit rebuild, on the site and cache bench.build.run left in "
                             "bench/out/n<N>/ (no full build: useful at 5,000)")
    parser.add_argument("--summarise-only", action="store_true",
                        help="re-read the raw files of the last profile instead of building again")
    args = parser.parse_args(argv)
    if args.summarise_only:
        write_summary(args.n, args.rate, "(re-summarised)")
        return 0
    if not PY_SPY.is_file():
        raise SystemExit(f"py-spy is missing: {TOOLS_VENV}/bin/pip install py-spy")
    if args.edit_only:
        return profile_edit_only(args.n, args.rate)
    root = OUT / f"profile-n{args.n}"
    env, source_hash = snapshot_kbgen(OUT / "kbgen-snapshot-profile")
    content = root / "content"
    generate(content, args.n, SEED)
    tool = Kbgen(content, root / "kbgen", env)
    tool.reset()
    RESULTS.mkdir(parents=True, exist_ok=True)
    record(tool, _raw(args.n, "full"), args.rate, root / "full.log")
    edits = scenarios.Edits([content])
    edits.edit_body(scenarios.pick(scenarios.article_paths(content), 0, 1), 0)
    record(tool, _raw(args.n, "body-edit"), args.rate, root / "body-edit.log")
    edits.restore()
    if args.sphinx:
        sphinx = PlainSphinx(make_sphinx_project(content, root / "sphinx-src"), root / "sphinx")
        sphinx.reset()
        record(sphinx, _raw(args.n, "sphinx-full"), args.rate, root / "sphinx-full.log")
    write_summary(args.n, args.rate, f"kbgen source {source_hash}")
    return 0


def profile_edit_only(n: int, rate: int) -> int:
    root = OUT / f"n{n}"
    content, work = root / "content", root / "kbgen"
    if not (work / "cache").is_dir():
        raise SystemExit(f"no kbgen cache in {work}: run python -m bench.build.run --sizes {n} first")
    env, source_hash = snapshot_kbgen(OUT / "kbgen-snapshot-profile")
    tool = Kbgen(content, work, env)
    RESULTS.mkdir(parents=True, exist_ok=True)
    subprocess.run(tool.command(), env=env, capture_output=True, check=False)  # settle on this snapshot
    edits = scenarios.Edits([content])
    edits.edit_body(scenarios.pick(scenarios.article_paths(content), 0, 1), 0)
    raw = _raw(n, "body-edit")
    record(tool, raw, rate, root / "profile-body-edit.log")
    edits.restore()
    out = RESULTS / f"profile-n{n}.md"
    parts = [f"## Profile of kbgen at N={n:,} (kbgen source {source_hash})", ""]
    out.write_text("\n".join(parts + summary(parse_raw(raw, rate), "Rebuild after one body edit")), encoding="utf-8")
    print(f"bench.build.profile: wrote {out}")
    return 0


def _raw(n: int, kind: str) -> Path:
    return RESULTS / f"profile-n{n}-{kind}.raw.txt"


def write_summary(n: int, rate: int, note: str) -> None:
    parts = [f"## Profile of kbgen at N={n:,} ({note})", ""]
    parts += summary(parse_raw(_raw(n, "full"), rate), "Full build (fresh cache)")
    parts += summary(parse_raw(_raw(n, "body-edit"), rate), "Rebuild after one body edit")
    if _raw(n, "sphinx-full").is_file():
        parts += summary(parse_raw(_raw(n, "sphinx-full"), rate), "Plain Sphinx, full build (for comparison)")
    out = RESULTS / f"profile-n{n}.md"
    out.write_text("\n".join(parts), encoding="utf-8")
    print(f"bench.build.profile: wrote {out}")


if __name__ == "__main__":
    raise SystemExit(main())
