"""Fast checks of the search evaluation set (queries.yml): size, kinds, seed share, verbatim seed
quotes, judged articles that exist, no duplicates. It never builds the site nor runs the search."""

from __future__ import annotations

import os
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from search_eval import CONTENT, KINDS, QUERIES_FILE, SEED_KINDS, load_queries

MIN_QUERIES = 90
MIN_PER_KIND = 8
MIN_SEED_SHARE = 0.30
FIELDS = {"query", "kind", "source", "relevant"}
SEED_SOURCE = re.compile(r"seed:([A-Za-z0-9_.-]+\.txt)")
DOCNAME = re.compile(r"[a-z0-9-]+(/[a-z0-9-]+)+")


@pytest.fixture(scope="module")
def queries() -> list[dict[str, Any]]:
    return load_queries()


def seed_file(entry: dict[str, Any]) -> str | None:
    match = SEED_SOURCE.fullmatch(str(entry.get("source", "")))
    return match.group(1) if match else None


def normalised(text: str) -> str:
    return " ".join(text.casefold().split())


def seeds_dir() -> Path | None:
    """/work/shared/seeds next to the repository, else $KBGEN_SEEDS, else None."""
    beside_repo = Path(__file__).resolve().parents[2] / "shared" / "seeds"
    if beside_repo.is_dir():
        return beside_repo
    configured = os.environ.get("KBGEN_SEEDS")
    if configured:
        path = Path(configured)
        if not path.is_dir():
            pytest.fail(f"KBGEN_SEEDS={configured!r} is not a folder")
        return path
    return None


def test_entries_are_well_formed(queries: list[dict[str, Any]]) -> None:
    problems: list[str] = []
    for number, entry in enumerate(queries, 1):
        where = f"entry {number} ({entry.get('query')!r})"
        if set(entry) != FIELDS:
            problems.append(f"{where}: fields {sorted(entry)}, expected {sorted(FIELDS)}")
            continue
        query, kind, source, relevant = entry["query"], entry["kind"], entry["source"], entry["relevant"]
        if not isinstance(query, str) or not query.strip() or query != query.strip():
            problems.append(f"{where}: query must be a non-empty string without surrounding spaces")
        if kind not in KINDS:
            problems.append(f"{where}: kind {kind!r} is not one of {', '.join(KINDS)}")
        if source != "own" and seed_file(entry) is None:
            problems.append(f"{where}: source {source!r} is neither 'own' nor 'seed:<file>.txt'")
        if seed_file(entry) is not None and kind not in SEED_KINDS:
            problems.append(f"{where}: only {sorted(SEED_KINDS)} queries are taken from a seed, not {kind!r}")
        if kind == "seed_verbatim" and seed_file(entry) is None:
            problems.append(f"{where}: a seed_verbatim query needs source 'seed:<file>'")
        if not isinstance(relevant, list) or not relevant or not all(isinstance(d, str) for d in relevant):
            problems.append(f"{where}: relevant must be a non-empty list of docnames")
        elif len(set(relevant)) != len(relevant):
            problems.append(f"{where}: relevant lists an article twice")
    assert not problems, "\n".join(problems)


def test_size_and_kinds(queries: list[dict[str, Any]]) -> None:
    assert len(queries) >= MIN_QUERIES, f"{len(queries)} queries, at least {MIN_QUERIES} expected"
    counts = Counter(entry["kind"] for entry in queries)
    short = {kind: counts[kind] for kind in KINDS if counts[kind] < MIN_PER_KIND}
    assert not short, f"kinds with fewer than {MIN_PER_KIND} queries: {short}"


def test_seed_share(queries: list[dict[str, Any]]) -> None:
    from_seeds = [e for e in queries if e["kind"] in SEED_KINDS and seed_file(e) is not None]
    share = len(from_seeds) / len(queries)
    summary = f"{len(from_seeds)}/{len(queries)} = {share:.1%} from seeds"
    assert share >= MIN_SEED_SHARE, f"{summary}, at least {MIN_SEED_SHARE:.0%} expected"


def test_no_duplicate_queries(queries: list[dict[str, Any]]) -> None:
    counts = Counter(normalised(entry["query"]) for entry in queries)
    duplicates = sorted(query for query, count in counts.items() if count > 1)
    assert not duplicates, f"queries listed more than once: {duplicates}"


def test_relevant_articles_exist(queries: list[dict[str, Any]]) -> None:
    problems: list[str] = []
    for entry in queries:
        for docname in entry["relevant"]:
            if not DOCNAME.fullmatch(docname):
                problems.append(f"{entry['query']!r}: {docname!r} is not a docname like set/module/article")
            elif not (CONTENT / f"{docname}.md").is_file():
                problems.append(f"{entry['query']!r}: content/{docname}.md does not exist")
    assert not problems, "\n".join(problems)


def test_no_query_is_just_a_slug(queries: list[dict[str, Any]]) -> None:
    slugs = [
        (entry["query"], docname.rsplit("/", 1)[-1]) for entry in queries for docname in entry["relevant"]
    ]
    lazy = [query for query, slug in slugs if normalised(query) in {slug, slug.replace("-", " ")}]
    assert not lazy, f"queries that are just an article's slug: {lazy}"


def test_seed_queries_are_verbatim(queries: list[dict[str, Any]]) -> None:
    folder = seeds_dir()
    if folder is None:
        # The seeds live outside the repository (../shared/seeds): a clone without them skips
        # this check; $KBGEN_SEEDS pointing nowhere fails in seeds_dir().
        pytest.skip("no seed folder (../shared/seeds or $KBGEN_SEEDS): the verbatim check needs it")
    texts: dict[str, str] = {}
    problems: list[str] = []
    for entry in queries:
        name = seed_file(entry)
        if name is None:
            continue
        if name not in texts:
            path = folder / name
            if not path.is_file():
                problems.append(f"{entry['query']!r}: seed file {path} does not exist")
                texts[name] = ""
                continue
            texts[name] = path.read_text(encoding="utf-8")
        if texts[name] and entry["query"] not in texts[name]:
            problems.append(f"{entry['query']!r}: not an exact substring of {name}")
    assert not problems, "\n".join(problems)


def test_loader_reads_the_committed_file() -> None:
    assert QUERIES_FILE.is_file()
    assert load_queries(QUERIES_FILE) == load_queries()
