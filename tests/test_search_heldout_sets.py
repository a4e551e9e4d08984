"""Fast checks of the held-out help centers and their judged sets (search_eval/heldout*/, see each
README.md; every such folder is checked): the content passes ``kbgen check --strict``; every judged
article, set and module exists; fields, kinds, sizes and word counts are right; the ``shared`` words
of the out-of-scope set are true; nothing is listed twice. It never runs a search: the held-out sets
are only measured, never tuned on."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import snowballstemmer
import yaml

from kbgen.search.stopwords import STOP_WORDS

from .conftest import REPO, SAMPLE, kbgen

#: every held-out help center: a folder search_eval/heldout*/ with a README.md
HELDOUTS = sorted(path.parent for path in (REPO / "search_eval").glob("heldout*/README.md"))
DOCNAME = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*(?:/[a-z0-9]+(?:-[a-z0-9]+)*){2}")
SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
WORD = re.compile(r"[^\W_]+")

QUERY_KINDS = ("accents", "typo", "prefix", "question", "jargon", "pasted_error")
MIN_QUERIES, MIN_PER_QUERY_KIND = 40, 6
MIN_OUT_OF_SCOPE, MIN_SHARES_WORD_SHARE, MIN_FOREIGN = 40, 0.5, 10
MIN_DESCRIPTIONS, MIN_WITH_SELECTION_SHARE = 30, 0.4
DESCRIPTION_WORDS = (8, 18)


@pytest.fixture(scope="module", params=HELDOUTS, ids=lambda path: path.name)
def heldout(request: pytest.FixtureRequest) -> Path:
    folder: Path = request.param
    return folder


def load(heldout: Path, name: str) -> list[dict[str, Any]]:
    data = yaml.safe_load((heldout / name).read_text(encoding="utf-8"))
    assert isinstance(data, list) and all(isinstance(entry, dict) for entry in data), f"{name}: a list of mappings"
    return data


@pytest.fixture(scope="module")
def queries(heldout: Path) -> list[dict[str, Any]]:
    return load(heldout, "queries.yml")


@pytest.fixture(scope="module")
def out_of_scope(heldout: Path) -> list[dict[str, Any]]:
    return load(heldout, "out_of_scope.yml")


@pytest.fixture(scope="module")
def descriptions(heldout: Path) -> list[dict[str, Any]]:
    return load(heldout, "descriptions.yml")


def folded(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


STOP = frozenset(folded(word) for word in STOP_WORDS)


def informative_words(text: str) -> set[str]:
    """The non-stop words of a text, accents and case folded (the README's definition)."""
    return {word for word in WORD.findall(folded(text)) if word not in STOP}


@pytest.fixture(scope="module")
def content_words(heldout: Path) -> set[str]:
    """Every informative word the held-out articles, sets and modules contain (front matter included)."""
    content = heldout / "content"
    files = [*content.rglob("*.md"), *content.rglob("_set.yml"), *content.rglob("_module.yml")]
    return set().union(*(informative_words(path.read_text(encoding="utf-8")) for path in files))


def stems(words: set[str]) -> set[str]:
    stemmer = snowballstemmer.stemmer("portuguese")
    return {stemmer.stemWord(word) for word in words}


def normalised(text: str) -> str:
    return " ".join(text.casefold().split())


def article_exists(content: Path, docname: str) -> bool:
    return bool(DOCNAME.fullmatch(docname)) and (content / f"{docname}.md").is_file()


def relevant_problems(content: Path, entries: list[dict[str, Any]]) -> list[str]:
    problems = []
    for entry in entries:
        relevant = entry.get("relevant")
        if not isinstance(relevant, list) or not relevant or len(set(relevant)) != len(relevant):
            problems.append(f"{entry.get('query')!r}: relevant must be a non-empty list without repeats")
            continue
        problems += [f"{entry['query']!r}: {docname!r} is not an article of the held-out content"
                     for docname in relevant if not isinstance(docname, str) or not article_exists(content, docname)]
    return problems


def duplicates(entries: list[dict[str, Any]]) -> list[str]:
    counts = Counter(normalised(entry["query"]) for entry in entries)
    return sorted(query for query, count in counts.items() if count > 1)


def well_formed_query(entry: dict[str, Any]) -> bool:
    query = entry.get("query")
    return isinstance(query, str) and bool(query.strip()) and query == query.strip()


# --- the content -------------------------------------------------------------------------------


def test_the_held_out_help_centers_are_found() -> None:
    """The checks below are parametrized by the folders found: none found would run none of them."""
    assert {"heldout", "heldout2"} <= {folder.name for folder in HELDOUTS}


def test_content_passes_kbgen_check_strict(heldout: Path) -> None:
    done = kbgen("check", "--strict", "--source", str(heldout / "content"), cwd=REPO)
    assert done.returncode == 0, done.stdout + done.stderr


def test_content_is_another_help_center(heldout: Path) -> None:
    """Held out means unseen: no set of the sample's or of another held-out help center, and the
    size the README describes."""
    sets = {p.parent.name for p in (heldout / "content").glob("*/_set.yml")}
    others = [SAMPLE, *(folder / "content" for folder in HELDOUTS if folder != heldout)]
    assert not sets & {p.parent.name for other in others for p in other.glob("*/_set.yml")}
    modules = list((heldout / "content").glob("*/*/_module.yml"))
    articles = list((heldout / "content").glob("*/*/*.md"))
    assert 4 <= len(sets) <= 5 and 2 * len(sets) <= len(modules) <= 3 * len(sets), (sets, len(modules))
    assert 36 <= len(articles) <= 45, len(articles)


# --- queries.yml -------------------------------------------------------------------------------


def test_queries_are_well_formed(queries: list[dict[str, Any]]) -> None:
    problems = [f"{entry.get('query')!r}: fields {sorted(entry)}" for entry in queries
                if set(entry) != {"query", "kind", "source", "relevant"}]
    problems += [f"{entry.get('query')!r}: not a trimmed, non-empty string" for entry in queries
                 if not well_formed_query(entry)]
    problems += [f"{entry.get('query')!r}: kind {entry.get('kind')!r}" for entry in queries
                 if entry.get("kind") not in QUERY_KINDS]
    problems += [f"{entry.get('query')!r}: source must be 'own'" for entry in queries if entry.get("source") != "own"]
    assert not problems, "\n".join(problems)


def test_queries_size_kinds_and_articles(heldout: Path, queries: list[dict[str, Any]]) -> None:
    assert len(queries) >= MIN_QUERIES
    counts = Counter(entry["kind"] for entry in queries)
    assert all(counts[kind] >= MIN_PER_QUERY_KIND for kind in QUERY_KINDS), counts
    problems = relevant_problems(heldout / "content", queries)
    assert not problems, "\n".join(problems)
    assert not duplicates(queries)


def test_no_query_is_just_a_slug(queries: list[dict[str, Any]]) -> None:
    slugs = {docname.rsplit("/", 1)[-1] for entry in queries for docname in entry["relevant"]}
    lazy = [e["query"] for e in queries if normalised(e["query"]) in slugs | {s.replace("-", " ") for s in slugs}]
    assert not lazy


# --- out_of_scope.yml --------------------------------------------------------------------------


def test_out_of_scope_is_well_formed(out_of_scope: list[dict[str, Any]]) -> None:
    problems = [f"{entry.get('query')!r}: fields {sorted(entry)}" for entry in out_of_scope
                if set(entry) != {"query", "kind", "source", "shared", "why"}]
    problems += [f"{entry.get('query')!r}: bad query, kind, source or why" for entry in out_of_scope
                 if not well_formed_query(entry) or entry.get("kind") not in ("shares_word", "foreign")
                 or entry.get("source") != "own" or not str(entry.get("why") or "").strip()]
    problems += [f"{entry.get('query')!r}: shared must be a list of words" for entry in out_of_scope
                 if not isinstance(entry.get("shared"), list) or not all(isinstance(w, str) for w in entry["shared"])]
    assert not problems, "\n".join(problems)
    assert not duplicates(out_of_scope)


def test_out_of_scope_size_and_mix(out_of_scope: list[dict[str, Any]]) -> None:
    counts = Counter(entry["kind"] for entry in out_of_scope)
    assert len(out_of_scope) >= MIN_OUT_OF_SCOPE
    assert counts["shares_word"] >= MIN_SHARES_WORD_SHARE * len(out_of_scope), counts
    assert counts["foreign"] >= MIN_FOREIGN, counts


def test_shared_words_are_true(out_of_scope: list[dict[str, Any]], content_words: set[str]) -> None:
    """`shared` is exactly the query's informative words found in the articles; foreign shares none."""
    problems = []
    for entry in out_of_scope:
        actual = informative_words(entry["query"]) & content_words
        listed = {folded(word) for word in entry["shared"]}
        if listed != actual:
            problems.append(f"{entry['query']!r}: shared {sorted(listed)}, the articles share {sorted(actual)}")
        if (entry["kind"] == "foreign") != (not actual):
            problems.append(f"{entry['query']!r}: kind {entry['kind']} but shares {sorted(actual)}")
    assert not problems, "\n".join(problems)


def test_foreign_questions_share_no_stem(out_of_scope: list[dict[str, Any]], content_words: set[str]) -> None:
    """Foreign holds even through Portuguese stemming ("atrasado" would meet "atraso")."""
    content_stems = stems(content_words)
    leaks = {entry["query"]: sorted(stems(informative_words(entry["query"])) & content_stems)
             for entry in out_of_scope if entry["kind"] == "foreign"}
    assert not {query: shared for query, shared in leaks.items() if shared}


# --- descriptions.yml --------------------------------------------------------------------------


def test_descriptions_are_well_formed(descriptions: list[dict[str, Any]]) -> None:
    required, optional = {"query", "relevant", "source"}, {"set", "module"}
    problems = [f"{entry.get('query')!r}: fields {sorted(entry)}" for entry in descriptions
                if not required <= set(entry) <= required | optional or ("set" in entry) != ("module" in entry)]
    problems += [f"{entry.get('query')!r}: not a trimmed, non-empty string, or source not 'own'"
                 for entry in descriptions if not well_formed_query(entry) or entry.get("source") != "own"]
    low, high = DESCRIPTION_WORDS
    problems += [f"{entry['query']!r}: {len(entry['query'].split())} words, {low}-{high} expected"
                 for entry in descriptions if not low <= len(str(entry.get("query")).split()) <= high]
    assert not problems, "\n".join(problems)
    assert not duplicates(descriptions)


def test_descriptions_size_articles_and_selection(heldout: Path, descriptions: list[dict[str, Any]]) -> None:
    assert len(descriptions) >= MIN_DESCRIPTIONS
    problems = relevant_problems(heldout / "content", descriptions)
    assert not problems, "\n".join(problems)
    selected = [entry for entry in descriptions if "set" in entry]
    assert len(selected) >= MIN_WITH_SELECTION_SHARE * len(descriptions), len(selected)
    unaccented = [entry for entry in descriptions if entry["query"].isascii()]
    assert len(unaccented) > len(descriptions) / 2, "descriptions are mostly typed without accents"


def test_selected_set_and_module_exist(heldout: Path, descriptions: list[dict[str, Any]]) -> None:
    problems = []
    for entry in (e for e in descriptions if "set" in e):
        set_slug, module = entry["set"], entry["module"]
        if not (isinstance(set_slug, str) and SLUG.fullmatch(set_slug) and isinstance(module, str)
                and SLUG.fullmatch(module)):
            problems.append(f"{entry['query']!r}: set and module must be slugs")
        elif not (heldout / "content" / set_slug / module / "_module.yml").is_file():
            problems.append(f"{entry['query']!r}: no module {set_slug}/{module} in the held-out content")
    assert not problems, "\n".join(problems)


def test_every_article_is_judged(heldout: Path, queries: list[dict[str, Any]],
                                 descriptions: list[dict[str, Any]]) -> None:
    content = heldout / "content"
    articles = {path.relative_to(content).with_suffix("").as_posix() for path in content.glob("*/*/*.md")}
    for entries in (queries, descriptions):
        judged = {docname for entry in entries for docname in entry["relevant"]}
        assert articles <= judged, sorted(articles - judged)


def test_files_are_where_the_readme_says(heldout: Path) -> None:
    readme = (heldout / "README.md").read_text(encoding="utf-8")
    for name in ("queries.yml", "out_of_scope.yml", "descriptions.yml", "never tune the engine on it"):
        assert name in readme
    assert (heldout / "content" / "kb.yml").is_file()
