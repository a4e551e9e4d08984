"""The golden query table (``golden_queries.yml``): both corpora, both engines, and the command that
rewrites the table's expected results.

The table holds the contract of the query engine: for each query (with the kind of reader input
it stands for), on two corpora — the sample help center (``content/``) and a generated site
(``sitegen.generate``, 300 articles, fixed seed) — the results page's ranked top ten answering
article URLs (``<corpus>``), its top five partial results (``<corpus>_partial``), and the top five
suggestions as you type (``<corpus>_typing``, the suggestion index, ``prefix: true``). The test
(``test_search_golden.py``) runs the Python engine (``kbgen.search.query``) and the shipped JS
(through the Node bridge) on the same indexes and holds each to the table; the as-you-type mode
exists only in the JS, so its column holds the JS alone.

Rewriting the expectations is a decision, never a side effect of the test run: after a change
that is meant to change rankings, run

    PYTHONPATH=. python tests/search/golden.py

It keeps the queries as they are in the file, recomputes both engines' results, refuses to write
if the two engines disagree, and prints which queries changed, for the commit message. Add a
query by appending an entry with ``kind`` and ``query`` (the results are filled in).
"""

from __future__ import annotations

import sys
import tempfile
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).resolve().parent
if __name__ == "__main__":  # run as a script: the same imports the tests get from pytest
    sys.path[:0] = [str(HERE), str(HERE.parent.parent)]

from searchhelpers import CONTENT, markdown_documents  # noqa: E402

from kbgen.search.index import build_indexes  # noqa: E402
from kbgen.search.query import search  # noqa: E402
from kbgen.search.shards import FULL_MODE, SUGGEST_MODE  # noqa: E402
from kbgen.search.siteindex import load_site_index  # noqa: E402
from sitegen.generate import generate  # noqa: E402
from tests.node_bridge import NodeBridge  # noqa: E402

TABLE = HERE / "golden_queries.yml"
TOP = 10
PARTIAL_TOP = 5
TYPING_TOP = 5
GENERATED_ARTICLES = 300
GENERATED_SEED = 19
CORPORA = ("sample", "generated")
KINDS = (
    "exact-title", "accents-stripped", "typo", "prefix", "question", "synonym", "error-message",
    "stop-words", "empty", "long", "hostile", "unicode",
)


@dataclass(frozen=True)
class Corpus:
    """A corpus indexed into ``folder/_static`` as a build would, and the URL of each ref."""

    name: str
    folder: Path
    urls: list[str]

    def files(self, *names: str) -> list[str]:
        return [str(self.folder / "_static" / name) for name in names]


def columns(name: str) -> tuple[str, str, str]:
    """The table's columns for corpus ``name``: answering, partial, as you type."""
    return name, f"{name}_partial", f"{name}_typing"


def _synonyms(content: Path) -> dict[str, list[str]]:
    path = content / "_synonyms.yml"
    loaded = yaml.safe_load(path.read_text(encoding="utf-8")) if path.is_file() else None
    return {str(k): [v] if isinstance(v, str) else list(v) for k, v in (loaded or {}).items()}


def _index(name: str, content: Path, folder: Path) -> Corpus:
    static = folder / "_static"
    static.mkdir(parents=True, exist_ok=True)
    for file_name, text in build_indexes(markdown_documents(content), _synonyms(content)).items():
        (static / file_name).write_text(text, encoding="utf-8")
    urls = [doc["url"] for doc in load_site_index(folder).docs]
    return Corpus(name, folder, urls)


def build_corpus(name: str, work: Path) -> Corpus:
    """``name`` ("sample" or "generated") indexed under ``work``."""
    if name == "sample":
        return _index(name, CONTENT, work / "sample")
    content = work / "generated-content"
    generate(content, GENERATED_ARTICLES, seed=GENERATED_SEED)
    return _index(name, content, work / "generated")


def python_results(corpus: Corpus, queries: list[str]) -> list[tuple[list[str], list[str]]]:
    """(answering, partial) URLs of each query, by the Python engine."""
    index = load_site_index(corpus.folder)
    out = []
    for q in queries:
        results = search(index, q, limit=TOP, partial_limit=PARTIAL_TOP)
        out.append(([corpus.urls[r.ref] for r in results if r.answers],
                    [corpus.urls[r.ref] for r in results if not r.answers]))
    return out


def js_results(corpus: Corpus, queries: list[str], node: NodeBridge) -> list[tuple[list[str], list[str]]]:
    """(answering, partial) URLs of each query, by the shipped JS on the sharded index, each query's
    shards loaded as it needs them (one store for all queries, as on one page)."""
    found = node.call("sharded", folder=str(corpus.folder / "_static"), mode=FULL_MODE,
                      queries=[{"text": q, "options": {"limit": TOP, "partialLimit": PARTIAL_TOP}} for q in queries])
    return [([corpus.urls[r["ref"]] for r in step["results"] if r["answers"]],
             [corpus.urls[r["ref"]] for r in step["results"] if not r["answers"]]) for step in found]


def js_typing(corpus: Corpus, queries: list[str], node: NodeBridge) -> list[list[str]]:
    """The suggestions as you type of each query (answering only, as the search box shows them)."""
    found = node.call("sharded", folder=str(corpus.folder / "_static"), mode=SUGGEST_MODE,
                      queries=[{"text": q, "options": {"prefix": True, "limit": TYPING_TOP}} for q in queries])
    return [[corpus.urls[r["ref"]] for r in step["results"]] for step in found]


def load_table() -> list[dict[str, Any]]:
    table: list[dict[str, Any]] = yaml.safe_load(TABLE.read_text(encoding="utf-8"))
    return table


# Characters a reviewer could not see or tell apart in the file (and dashes other than "-"): escaped.
_HIDDEN = {"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp", "Zs", "Mn"}


def _quoted(text: str) -> str:
    """A YAML double-quoted scalar, invisible and combining characters escaped."""
    out = []
    for ch in text:
        if ch in '"\\':
            out.append("\\" + ch)
        elif (ch != " " and unicodedata.category(ch) in _HIDDEN) or (ch != "-" and unicodedata.category(ch) == "Pd"):
            out.append(f"\\u{ord(ch):04x}" if ord(ch) <= 0xFFFF else f"\\U{ord(ch):08x}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def _dump(table: list[dict[str, Any]]) -> str:
    lines = [
        "# The query engine's golden table: tests/search/test_search_golden.py holds kbgen.search.query and the",
        "# shipped kbgen-search.js to it. Each entry: the kind of reader input, the query, and per corpus the",
        "# results page's top ten answering URLs, its top five partial ones (_partial) and the top five",
        "# suggestions as you type (_typing, JS only). Do not edit the results by hand: change or add queries,",
        "# then run  PYTHONPATH=. python tests/search/golden.py  (see tests/search/golden.py).",
    ]
    for entry in table:
        lines += [f"- kind: {entry['kind']}", f"  query: {_quoted(entry['query'])}"]
        for name in CORPORA:
            for column in columns(name):
                urls = entry[column]
                lines.append(f"  {column}:" + ("" if urls else " []"))
                lines += [f"  - {url}" for url in urls]
    text = "\n".join(lines) + "\n"
    if yaml.safe_load(text) != table:
        raise ValueError("the table does not read back as written")
    return text


@contextmanager
def _corpora() -> Iterator[dict[str, Corpus]]:
    with tempfile.TemporaryDirectory(prefix="kbgen-golden-") as work:
        yield {name: build_corpus(name, Path(work)) for name in CORPORA}


def main() -> int:
    table = load_table()
    queries = [entry["query"] for entry in table]
    node = NodeBridge()
    disagree = 0
    try:
        with _corpora() as corpora:
            for name, corpus in corpora.items():
                answers, partial, typing = columns(name)
                python = python_results(corpus, queries)
                browser = js_results(corpus, queries, node)
                for entry, p, b, t in zip(table, python, browser, js_typing(corpus, queries, node), strict=True):
                    if p != b:
                        disagree += 1
                        print(f"{name}: the engines disagree on {entry['query']!r}:\n  python {p}\n  js     {b}")
                    elif (entry.get(answers), entry.get(partial), entry.get(typing)) != (p[0], p[1], t):
                        print(f"{name}: {entry['query']!r} changes")
                    entry[answers], entry[partial], entry[typing] = p[0], p[1], t
    finally:
        node.close()
    if disagree:
        print(f"{disagree} disagreements: the table is not written; fix the engines first")
        return 1
    keys = ("kind", "query", *(c for name in CORPORA for c in columns(name)))
    TABLE.write_text(_dump([{k: e[k] for k in keys} for e in table]), encoding="utf-8")
    print(f"wrote {TABLE} ({len(table)} queries)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
