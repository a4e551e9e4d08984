"""Fast checks of the judged sets of search_eval/. It never builds the site nor runs the search.

- queries.yml: size, kinds, seed share, verbatim seed quotes, judged articles that exist, no duplicates.
- out_of_scope.yml (issue 20): size, kinds, at least half sharing a word with the articles, every
  shared word really in an article and not a stop word, foreign questions sharing no word at all.
- descriptions.yml (issue 20): size, word counts, judged articles that exist, set/module slugs that
  exist and agree with the judged articles, all six sets covered.
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import yaml

from search_eval import (
    CONTENT,
    DESCRIPTIONS_FILE,
    KINDS,
    OUT_OF_SCOPE_FILE,
    OUT_OF_SCOPE_KINDS,
    QUERIES_FILE,
    SEED_KINDS,
    load_descriptions,
    load_out_of_scope,
    load_queries,
)

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


# --- issue 20: out_of_scope.yml and descriptions.yml ---------------------------------------------------

MIN_OUT_OF_SCOPE = 66
MIN_SHARES_WORD_SHARE = 0.5
OUT_OF_SCOPE_WORDS = (1, 14)
MIN_DESCRIPTIONS = 44
DESCRIPTION_WORDS = (8, 18)
PRIOR_SHARE = (0.35, 0.65)  # "about half" of the descriptions carry a set/module prior
OUT_OF_SCOPE_FIELDS = {"query", "kind", "source", "why", "shared"}
DESCRIPTION_FIELDS = {"query", "relevant", "source", "set", "module", "prior"}
TOKEN = re.compile(r"[a-z0-9]+")

# Portuguese stop words (the usual NLTK list, plus the colloquial contractions readers type), folded.
# Independent of the engine's own list on purpose: the judged sets must not follow the engine.
_STOP_WORDS_TEXT = """
a à ao aos aquela aquelas aquele aqueles aquilo as às até com como da das de dela delas dele deles
depois do dos e é ela elas ele eles em entre era eram éramos essa essas esse esses esta está estamos
estão estas estava estavam estávamos este esteja estejam estejamos estes esteve estive estivemos
estiver estivera estiveram estivéramos estiverem estivermos estivesse estivessem estivéssemos estou eu
foi fomos for fora foram fôramos forem formos fosse fossem fôssemos fui há haja hajam hajamos hão
havemos havia hei houve houvemos houver houvera houverá houveram houvéramos houverão houverei houverem
houveremos houveria houveriam houveríamos houvermos houvesse houvessem houvéssemos isso isto já lhe
lhes mais mas me mesmo meu meus minha minhas muito na não nas nem no nos nós nossa nossas nosso nossos
num numa o os ou para pela pelas pelo pelos por qual quando que quem são se seja sejam sejamos sem ser
será serão serei seremos seria seriam seríamos seu seus só somos sou sua suas também te tem tém temos
tenha tenham tenhamos tenho terá terão terei teremos teria teriam teríamos teu teus teve tinha tinham
tínhamos tive tivemos tiver tivera tiveram tivéramos tiverem tivermos tivesse tivessem tivéssemos tu
tua tuas um uma você vocês vos pra pro pras pros ta tá né
"""


def fold(text: str) -> str:
    """Casefolded, without accents: how the checks compare words (the reader often types none)."""
    decomposed = unicodedata.normalize("NFD", text.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


STOP_WORDS = frozenset(fold(word) for word in _STOP_WORDS_TEXT.split())


def content_words(text: str) -> list[str]:
    return [token for token in TOKEN.findall(fold(text)) if token not in STOP_WORDS]


def contains_phrase(haystack: str, phrase: str) -> bool:
    """Whether the folded phrase occurs in the folded haystack as whole words."""
    pattern = r"(?<![a-z0-9])" + re.escape(fold(phrase)) + r"(?![a-z0-9])"
    return re.search(pattern, fold(haystack)) is not None


def articles() -> dict[str, str]:
    """docname -> the article's whole text (front matter with title, description and tags, and body)."""
    return {
        path.relative_to(CONTENT).with_suffix("").as_posix(): path.read_text(encoding="utf-8")
        for path in sorted(CONTENT.rglob("*.md"))
        if not any(part.startswith("_") for part in path.relative_to(CONTENT).parts)
    }


def article_titles() -> list[str]:
    titles: list[str] = []
    for text in articles().values():
        front = text.split("---", 2)[1] if text.startswith("---") else ""
        title = (yaml.safe_load(front) or {}).get("title")
        if isinstance(title, str):
            titles.append(title)
    return titles


def title_key(text: str) -> str:
    return " ".join(TOKEN.findall(fold(text)))


@pytest.fixture(scope="module")
def article_texts() -> dict[str, str]:
    texts = articles()
    assert len(texts) >= 10, f"only {len(texts)} articles under {CONTENT}"
    return texts


@pytest.fixture(scope="module")
def out_of_scope() -> list[dict[str, Any]]:
    return load_out_of_scope()


@pytest.fixture(scope="module")
def descriptions() -> list[dict[str, Any]]:
    return load_descriptions()


def test_out_of_scope_entries_are_well_formed(out_of_scope: list[dict[str, Any]]) -> None:
    problems: list[str] = []
    low, high = OUT_OF_SCOPE_WORDS
    for number, entry in enumerate(out_of_scope, 1):
        where = f"entry {number} ({entry.get('query')!r})"
        extra = set(entry) - OUT_OF_SCOPE_FIELDS
        missing = {"query", "kind", "source", "why"} - set(entry)
        if extra or missing:
            problems.append(f"{where}: unknown fields {sorted(extra)}, missing fields {sorted(missing)}")
            continue
        query, kind = entry["query"], entry["kind"]
        if not isinstance(query, str) or not query.strip() or query != query.strip():
            problems.append(f"{where}: query must be a non-empty string without surrounding spaces")
            continue
        if not low <= len(query.split()) <= high:
            problems.append(f"{where}: {len(query.split())} words, expected {low}-{high}")
        if kind not in OUT_OF_SCOPE_KINDS:
            problems.append(f"{where}: kind {kind!r} is not one of {', '.join(OUT_OF_SCOPE_KINDS)}")
        if entry["source"] != "own":
            problems.append(f"{where}: source must be 'own'")
        if not isinstance(entry["why"], str) or not entry["why"].strip():
            problems.append(f"{where}: 'why' must say why no article answers it")
        shared = entry.get("shared")
        if kind == "shares_word" and (
            not isinstance(shared, list) or not shared or not all(isinstance(w, str) and w.strip() for w in shared)
        ):
            problems.append(f"{where}: a shares_word entry lists its shared words in 'shared'")
        if kind == "foreign" and shared is not None:
            problems.append(f"{where}: a foreign entry shares no word, so it has no 'shared'")
    assert not problems, "\n".join(problems)


def test_out_of_scope_size_and_share(out_of_scope: list[dict[str, Any]]) -> None:
    assert len(out_of_scope) >= MIN_OUT_OF_SCOPE, f"{len(out_of_scope)} questions, {MIN_OUT_OF_SCOPE} expected"
    counts = Counter(entry["kind"] for entry in out_of_scope)
    share = counts["shares_word"] / len(out_of_scope)
    assert share >= MIN_SHARES_WORD_SHARE, f"{counts['shares_word']}/{len(out_of_scope)} share a word: {share:.0%}"
    assert counts["foreign"] > 0, "no foreign question: the set must also hold questions sharing no word"


def test_shared_words_are_real(out_of_scope: list[dict[str, Any]], article_texts: dict[str, str]) -> None:
    """Every shared word is in the query and in some article's text, and is not just stop words."""
    corpus = "\n".join(article_texts.values())
    problems: list[str] = []
    for entry in out_of_scope:
        if entry["kind"] != "shares_word":
            continue
        for word in entry["shared"]:
            if not content_words(word):
                problems.append(f"{entry['query']!r}: {word!r} is a stop word")
            if not contains_phrase(entry["query"], word):
                problems.append(f"{entry['query']!r}: shared {word!r} is not in the query")
            if not contains_phrase(corpus, word):
                problems.append(f"{entry['query']!r}: shared {word!r} is in no article of {CONTENT}")
    assert not problems, "\n".join(problems)


def test_foreign_questions_share_no_word(
    out_of_scope: list[dict[str, Any]], article_texts: dict[str, str]
) -> None:
    vocabulary = {token for text in article_texts.values() for token in content_words(text)}
    problems = [
        f"{entry['query']!r} shares {sorted(set(content_words(entry['query'])) & vocabulary)}: kind shares_word?"
        for entry in out_of_scope
        if entry["kind"] == "foreign" and set(content_words(entry["query"])) & vocabulary
    ]
    assert not problems, "\n".join(problems)


def test_descriptions_are_well_formed(descriptions: list[dict[str, Any]]) -> None:
    problems: list[str] = []
    low, high = DESCRIPTION_WORDS
    for number, entry in enumerate(descriptions, 1):
        where = f"entry {number} ({entry.get('query')!r})"
        extra = set(entry) - DESCRIPTION_FIELDS
        missing = {"query", "relevant", "source"} - set(entry)
        if extra or missing:
            problems.append(f"{where}: unknown fields {sorted(extra)}, missing fields {sorted(missing)}")
            continue
        query, relevant = entry["query"], entry["relevant"]
        if not isinstance(query, str) or not query.strip() or query != query.strip():
            problems.append(f"{where}: query must be a non-empty string without surrounding spaces")
            continue
        if not low <= len(query.split()) <= high:
            problems.append(f"{where}: {len(query.split())} words, expected {low}-{high}")
        if entry["source"] != "own":
            problems.append(f"{where}: source must be 'own'")
        if not isinstance(relevant, list) or not relevant or not all(isinstance(d, str) for d in relevant):
            problems.append(f"{where}: relevant must be a non-empty list of docnames")
        elif len(set(relevant)) != len(relevant):
            problems.append(f"{where}: relevant lists an article twice")
        if ("set" in entry) != ("module" in entry):
            problems.append(f"{where}: set and module come together (the page selects both)")
        if entry.get("prior", "misleading") != "misleading":
            problems.append(f"{where}: prior can only be 'misleading'")
    assert not problems, "\n".join(problems)


def test_descriptions_size_and_coverage(descriptions: list[dict[str, Any]]) -> None:
    assert len(descriptions) >= MIN_DESCRIPTIONS, f"{len(descriptions)} descriptions, {MIN_DESCRIPTIONS} expected"
    sets_in_content = {path.parent.name for path in CONTENT.glob("*/_set.yml")}
    covered = {docname.split("/", 1)[0] for entry in descriptions for docname in entry["relevant"]}
    assert sets_in_content <= covered, f"sets without a description: {sorted(sets_in_content - covered)}"
    with_prior = sum("set" in entry for entry in descriptions) / len(descriptions)
    low, high = PRIOR_SHARE
    assert low <= with_prior <= high, f"{with_prior:.0%} carry a set/module, about half expected"


def test_description_articles_exist(descriptions: list[dict[str, Any]]) -> None:
    problems: list[str] = []
    for entry in descriptions:
        for docname in entry["relevant"]:
            if not DOCNAME.fullmatch(docname):
                problems.append(f"{entry['query']!r}: {docname!r} is not a docname like set/module/article")
            elif not (CONTENT / f"{docname}.md").is_file():
                problems.append(f"{entry['query']!r}: content/{docname}.md does not exist")
    assert not problems, "\n".join(problems)


def test_description_priors_exist_and_agree(descriptions: list[dict[str, Any]]) -> None:
    """The set/module slugs are folders of content/ with their _set.yml/_module.yml, the module is in
    the set, and the set is the set of an answering article unless the entry says prior: misleading."""
    problems: list[str] = []
    for entry in descriptions:
        if "set" not in entry:
            continue
        set_slug, module_slug = entry["set"], entry["module"]
        where = f"{entry['query']!r} ({set_slug}/{module_slug})"
        if not (CONTENT / str(set_slug) / "_set.yml").is_file():
            problems.append(f"{where}: no set {set_slug!r} in {CONTENT}")
        elif not (CONTENT / str(set_slug) / str(module_slug) / "_module.yml").is_file():
            problems.append(f"{where}: no module {module_slug!r} in set {set_slug!r}")
        answering_sets = {docname.split("/", 1)[0] for docname in entry["relevant"]}
        misleading = set_slug not in answering_sets
        if misleading != (entry.get("prior") == "misleading"):
            problems.append(f"{where}: set of an answering article {sorted(answering_sets)} unless prior: misleading")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("loader", [load_out_of_scope, load_descriptions], ids=["out_of_scope", "descriptions"])
def test_no_duplicates_titles_or_slugs(loader: Any, article_texts: dict[str, str]) -> None:
    entries = loader()
    counts = Counter(normalised(entry["query"]) for entry in entries)
    duplicates = sorted(query for query, count in counts.items() if count > 1)
    titles = {title_key(title) for title in article_titles()}
    slugs = {docname.rsplit("/", 1)[-1] for docname in article_texts}
    slugs |= {slug.replace("-", " ") for slug in slugs}
    as_title = [entry["query"] for entry in entries if title_key(entry["query"]) in titles]
    as_slug = [entry["query"] for entry in entries if normalised(entry["query"]) in slugs]
    assert not duplicates, f"queries listed more than once: {duplicates}"
    assert not as_title, f"queries that are just an article's title: {as_title}"
    assert not as_slug, f"queries that are just an article's slug: {as_slug}"


def test_sets_do_not_overlap(out_of_scope: list[dict[str, Any]], descriptions: list[dict[str, Any]]) -> None:
    """A question is either answered (queries.yml, descriptions.yml) or not (out_of_scope.yml)."""
    unanswered = {normalised(entry["query"]) for entry in out_of_scope}
    answered = {normalised(entry["query"]) for entry in [*load_queries(), *descriptions]}
    assert not unanswered & answered, f"both answered and out of scope: {sorted(unanswered & answered)}"


def test_issue20_loaders_read_the_committed_files() -> None:
    assert OUT_OF_SCOPE_FILE.is_file() and DESCRIPTIONS_FILE.is_file()
    assert load_out_of_scope(OUT_OF_SCOPE_FILE) == load_out_of_scope()
    assert load_descriptions(DESCRIPTIONS_FILE) == load_descriptions()


def test_helpers_fold_and_match_whole_words() -> None:
    """The checks above rely on these: accents and case ignored, whole words only."""
    assert fold("Certidão ÁGUA") == "certidao agua"
    assert contains_phrase("Emita a segunda via do boleto", "Segunda Via")
    assert not contains_phrase("conta bancária", "cont")
    assert content_words("Como é que eu faço pra tirar a certidão?") == ["faco", "tirar", "certidao"]
