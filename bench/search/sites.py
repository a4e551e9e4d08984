"""The three search engines of the search benchmarks, built on the same corpora.

For each corpus (the sample help center in ``content/``, the held-out help center in
``search_eval/heldout/content/`` and ``sitegen.generate`` sites of 1,000 and 5,000 articles) this
builds, under ``bench/out/search/<corpus>/``:

* ``kbgen/out``: ``python -m kbgen build`` (kbgen's own lunr search);
* ``sphinx/html``: the plain-Sphinx project of :mod:`bench.projects` (``language = "pt_BR"``, so
  Sphinx's Portuguese stemmer and stop words are in ``language_data.js``), ``sphinx -b html``;
* ``pagefind``: a copy of kbgen's output indexed by Pagefind (PyPI ``pagefind[bin]``), with
  ``--glob "*/*/*.html" --root-selector article.kb-article``: the ``*/*/`` glob keeps the
  set/module/article pages only, and Pagefind skips the pages that have no ``<article
  class="kb-article">`` (module indexes), so exactly the articles are indexed, from the article
  body (title, text, headings) without the header, breadcrumb, sidebar and footer. kbgen's HTML is
  not edited (no ``data-pagefind-body``). A page ``pagefind-search.html`` with Pagefind's default
  UI (``pagefind-ui.js``) is added to the copy: it is the Pagefind "results page" (``?q=``).

``python -m bench.search.sites sample n1000 n5000`` builds them (run it niced; with no name, the
sample and the generated corpora; ``heldout`` and ``n20000`` are built when named, as the judged
benchmark and the 20,000-article measurements do). ``--engines kbgen`` builds kbgen's site alone
(what :mod:`bench.search.longtasks` needs; Sphinx and Pagefind double a 20,000-article build).
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from bench import paths
from bench.projects import make_sphinx_project
from kbgen.search.scripts import ENGINE_SCRIPTS, shipped_script
from sitegen.generate import generate

OUT = paths.OUT / "search"
SAMPLE = paths.REPO / "content"
HELDOUT = paths.REPO / "search_eval" / "heldout" / "content"
HELDOUT2 = paths.REPO / "search_eval" / "heldout2" / "content"
SEED = 0
CORPORA = {"sample": 0, "heldout": 0, "heldout2": 0, "n1000": 1000, "n5000": 5000, "n20000": 20000}
"""Each corpus and its number of generated articles (0: a content folder of :data:`FOLDERS`)."""
FOLDERS = {"sample": SAMPLE, "heldout": HELDOUT, "heldout2": HELDOUT2}
DEFAULT_CORPORA = ("sample", "n1000", "n5000")
"""The corpora of the size and speed benchmarks, built and measured when none is named."""

ENGINES = ("kbgen", "sphinx", "pagefind")
PAGEFIND_PAGE = "pagefind-search.html"
#: a file each engine's site has once built
BUILT_MARK = {"kbgen": "search.html", "sphinx": "searchindex.js", "pagefind": PAGEFIND_PAGE}

PAGEFIND_GLOB = "*/*/*.html"
PAGEFIND_ROOT = "article.kb-article"

# Pagefind's default UI on an otherwise empty page of the indexed copy. ``?q=`` runs a search,
# as kbgen's and Sphinx's results pages do.
PAGEFIND_HTML = """<!DOCTYPE html>
<html lang="pt-BR">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Busca (Pagefind)</title>
<link href="pagefind/pagefind-ui.css" rel="stylesheet">
<script src="pagefind/pagefind-ui.js"></script>
</head>
<body>
<main><h1>Busca</h1><div id="search"></div></main>
<script>
window.addEventListener("DOMContentLoaded", function () {
  var ui = new PagefindUI({ element: "#search", showSubResults: false, showImages: false });
  window.benchPagefindUI = ui;
  var q = new URLSearchParams(window.location.search).get("q");
  if (q) ui.triggerSearch(q);
});
</script>
</body>
</html>
"""


@dataclass(frozen=True)
class Corpus:
    """Where one corpus and its three built sites live."""

    name: str
    n_articles: int  # 0: a content folder of FOLDERS (its name)

    @property
    def root(self) -> Path:
        return OUT / self.name

    @property
    def content(self) -> Path:
        return FOLDERS[self.name] if self.n_articles == 0 else self.root / "content"

    @property
    def kbgen_site(self) -> Path:
        return self.root / "kbgen" / "out"

    @property
    def sphinx_src(self) -> Path:
        return self.root / "sphinx-src"

    @property
    def sphinx_site(self) -> Path:
        return self.root / "sphinx" / "html"

    @property
    def pagefind_site(self) -> Path:
        return self.root / "pagefind"

    def site(self, engine: str) -> Path:
        return {"kbgen": self.kbgen_site, "sphinx": self.sphinx_site, "pagefind": self.pagefind_site}[engine]

    def built(self, engines: Sequence[str] = ENGINES) -> bool:
        """Whether the sites of ``engines`` are built."""
        return all((self.site(e) / BUILT_MARK[e]).is_file() for e in engines)

    def stale_scripts(self) -> list[str]:
        """The search scripts of the built kbgen site that differ from what this checkout's kbgen
        ships: a site built before the engine changed would measure the old engine (Pagefind's
        site is a copy of kbgen's, Sphinx's holds no kbgen code)."""
        static = self.kbgen_site / "_static"
        return [name for name in ENGINE_SCRIPTS
                if not (static / name).is_file() or (static / name).read_text(encoding="utf-8") != shipped_script(name)]

    def not_ready(self, engines: Sequence[str] = ENGINES) -> str | None:
        """Why the sites of ``engines`` cannot be measured as they are (None: they can)."""
        if not self.built(engines):
            return f"build it first: python -m bench.search.sites {self.name}"
        stale = self.stale_scripts() if {"kbgen", "pagefind"} & set(engines) else []
        if stale:
            return (f"{self.name}: its kbgen site was built by another version of the search engine "
                    f"({', '.join(stale)} differ): rebuild it with python -m bench.search.sites {self.name}")
        return None


def corpus(name: str) -> Corpus:
    if name not in CORPORA:
        raise ValueError(f"unknown corpus {name!r} (one of {', '.join(CORPORA)})")
    return Corpus(name, CORPORA[name])


def _run(command: list[str], log: Path, cwd: Path) -> float:
    """Run a build command, its output to ``log``; return wall seconds (raise on failure)."""
    log.parent.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    with log.open("w", encoding="utf-8") as stream:
        done = subprocess.run(command, cwd=cwd, stdout=stream, stderr=subprocess.STDOUT, check=False)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} exited {done.returncode}; see {log}")
    return elapsed


def pagefind_command(site: Path) -> list[str]:
    return [sys.executable, "-m", "pagefind", "--site", str(site), "--glob", PAGEFIND_GLOB,
            "--root-selector", PAGEFIND_ROOT]


def build(c: Corpus, log: bool = True, engines: Sequence[str] = ENGINES) -> dict[str, float]:
    """(Re)build the corpus' sites of ``engines`` (Pagefind's needs kbgen's); return each build's
    wall seconds."""
    if "pagefind" in engines and "kbgen" not in engines:
        raise ValueError("Pagefind indexes kbgen's site: build kbgen with it")
    times: dict[str, float] = {}
    c.root.mkdir(parents=True, exist_ok=True)
    if c.n_articles:
        generate(c.content, c.n_articles, SEED)
    logs = c.root / "logs"
    folders = {"kbgen": c.root / "kbgen", "sphinx": c.root / "sphinx", "pagefind": c.pagefind_site}
    for engine in engines:
        if folders[engine].exists():
            shutil.rmtree(folders[engine])
    if "kbgen" in engines:
        times["kbgen"] = _build_kbgen(c, logs)
    if "sphinx" in engines:
        times["sphinx"] = _build_sphinx(c, logs)
    if "pagefind" in engines:
        times["pagefind"] = _build_pagefind(c, logs)
    if log:
        print(f"{c.name}: " + ", ".join(f"{k} {v:.1f} s" for k, v in times.items()), file=sys.stderr)
    return times


def _build_kbgen(c: Corpus, logs: Path) -> float:
    return _run([sys.executable, "-m", "kbgen", "build", "--source", str(c.content),
                 "--out", str(c.kbgen_site), "--cache-dir", str(c.root / "kbgen" / "cache")],
                logs / "kbgen.log", paths.REPO)


def _build_sphinx(c: Corpus, logs: Path) -> float:
    make_sphinx_project(c.content, c.sphinx_src)
    return _run([sys.executable, "-m", "sphinx", "-b", "html", "-q",
                 "-d", str(c.root / "sphinx" / "doctrees"), str(c.sphinx_src), str(c.sphinx_site)],
                logs / "sphinx.log", paths.REPO)


def _build_pagefind(c: Corpus, logs: Path) -> float:
    shutil.copytree(c.kbgen_site, c.pagefind_site)
    seconds = _run(pagefind_command(c.pagefind_site), logs / "pagefind.log", paths.REPO)
    (c.pagefind_site / PAGEFIND_PAGE).write_text(PAGEFIND_HTML, encoding="utf-8")
    return seconds


def search_files_digest(site: Path) -> str:
    """A short hash of kbgen's search scripts in a built site (which version was measured)."""
    digest = hashlib.sha256()
    for path in sorted((site / "_static").glob("kbgen-*.js")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def versions() -> dict[str, str]:
    from importlib.metadata import version

    found = {}
    for name in ("kbgen", "sphinx", "pagefind", "pagefind-bin", "playwright", "lunr"):
        try:
            found[name] = version(name)
        except Exception:
            found[name] = "?"
    return found


def add_corpora_argument(parser: argparse.ArgumentParser, default: tuple[str, ...] = DEFAULT_CORPORA) -> None:
    """The optional list of corpus names (default: ``default``). Validated by ``type``, not ``choices``:
    argparse checks a ``nargs="*"`` positional's default against ``choices`` as a whole and so
    refused the bare command."""

    def corpus_name(value: str) -> str:
        if value not in CORPORA:
            raise argparse.ArgumentTypeError(f"unknown corpus {value!r} (choose from {', '.join(CORPORA)})")
        return value

    parser.add_argument("corpora", nargs="*", type=corpus_name, default=list(default), metavar="CORPUS",
                        help=f"one or more of {', '.join(CORPORA)}; default: {' '.join(default)}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.search.sites", description=__doc__.split("\n")[0])
    add_corpora_argument(parser)
    parser.add_argument("--engines", nargs="*", default=list(ENGINES), choices=ENGINES,
                        help="the sites to (re)build (default: all three; pagefind needs kbgen)")
    args = parser.parse_args(argv)
    if os.nice(0) == 0:
        print("note: run this niced on a shared machine (nice -n 10 …)", file=sys.stderr)
    for name in args.corpora:
        build(corpus(name), engines=args.engines)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
