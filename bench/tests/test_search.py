"""The search benchmarks' own parts: the known-item query generator and the payload accounting.

No Sphinx or Pagefind build here: the accounting is checked with kbgen on the minimal fixture,
against the gzip sizes of the very files the site serves.
"""

from __future__ import annotations

import argparse
import gzip
import json
import subprocess
import sys
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from bench.paths import REPO
from bench.search import judged, payload, sites
from bench.search.browser import CHROMIUM, docname_from_url
from bench.search.known_item import (
    ALL_VARIANTS,
    known_item_set,
    prefix_words,
    read_titles,
    reciprocal_rank,
    score,
    strip_accents,
    typo,
    variants,
)
from bench.search.payload import (
    KBGEN_DATA,
    KBGEN_ENGINE,
    KBGEN_RESULTS,
    KBGEN_UI,
    percentile,
)
from bench.search.serve import GZIP_LEVEL
from sitegen.generate import plan_site

from .conftest import MINIMAL
from .payload_probe import ARTICLE

TITLES = [a.title for a in plan_site(300, seed=0).articles]


def _damerau_one(a: str, b: str) -> bool:
    """Exactly one insertion, deletion, substitution or adjacent swap apart."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    i = 0
    while i < min(len(a), len(b)) and a[i] == b[i]:
        i += 1
    if len(a) == len(b):
        return a[i + 1:] == b[i + 1:] or (a[i:i + 2] == b[i:i + 2][::-1] and a[i + 2:] == b[i + 2:])
    return a[i + 1:] == b[i:] if len(a) > len(b) else a[i:] == b[i + 1:]


def test_variants_of_a_title() -> None:
    title = "Como emitir a nota fiscal eletrônica de serviço?"
    v = variants(title)
    assert list(v) == list(ALL_VARIANTS)
    assert v["exact"] == title
    assert v["no_accents"] == "Como emitir a nota fiscal eletronica de servico?"
    assert v["prefix4"] == "Como emit a nota fisc elet de serv"
    assert prefix_words("Erro 1234: NFS-e rejeitada") == "Erro 1234 NFS e reje"
    assert strip_accents("ÇÃO é à ü") == "CAO e a u"


def test_typos_are_one_edit_in_one_word_and_deterministic() -> None:
    assert len(TITLES) == 300
    for title in TITLES:
        wrong = typo(title)
        assert wrong == typo(title), "the same title gives the same typo"
        assert wrong != title
        before, after = title.split(), wrong.split()
        assert len(before) == len(after), (title, wrong)
        changed = [(b, a) for b, a in zip(before, after, strict=True) if b != a]
        assert len(changed) == 1, (title, wrong)
        word, misspelt = changed[0]
        assert word[0] == misspelt[0], "never the first letter"
        assert _damerau_one(word, misspelt), (word, misspelt)
        assert strip_accents(word).lower() != strip_accents(misspelt).lower(), "not just an accent"
    assert typo(TITLES[0], seed=1) != typo(TITLES[0]) or typo(TITLES[1], seed=1) != typo(TITLES[1])
    # seeded by the title, not by its position: the same queries in any order
    assert [typo(t) for t in reversed(TITLES)] == [typo(t) for t in TITLES][::-1]


def test_known_item_set_of_the_minimal_fixture() -> None:
    titles = read_titles(MINIMAL)
    assert ("fiscal/nota-fiscal-eletronica/como-emitir-uma-nfs-e", "Como emitir uma NFS-e?") in titles
    items = known_item_set(titles)
    assert len(items) == 4 * len(titles)
    assert items == known_item_set(titles)
    for item in items:
        assert unicodedata.normalize("NFC", item.query) == item.query
        if item.variant == "no_accents":
            assert not any(unicodedata.combining(c) for c in unicodedata.normalize("NFKD", item.query))
        if item.variant == "prefix4":
            assert all(len(w) <= 4 for w in item.query.split())


def test_metrics() -> None:
    assert reciprocal_rank(["a", "b", "c"], "b") == 0.5
    assert reciprocal_rank([str(i) for i in range(20)], "12") == 0.0  # beyond the top 10
    items = known_item_set([("x/y/a", "Alfa beta gama"), ("x/y/b", "Delta épsilon")], kinds=("exact", "typo"))
    table = score(items, [["x/y/a"], ["x/y/b", "x/y/a"], ["x/y/b"], []])
    assert table["exact"] == {"n": 2, "mrr10": 1.0, "success1": 1.0, "success10": 1.0}
    assert table["typo"] == {"n": 2, "mrr10": 0.25, "success1": 0.0, "success10": 0.5}
    assert percentile([float(i) for i in range(1, 101)], 95) == 95.0
    base = "http://127.0.0.1:8000/"
    assert docname_from_url(f"{base}_static/../fiscal/a/b.html#x", base) == "fiscal/a/b"


def _names(account: dict[str, Any]) -> set[str]:
    return {path.rsplit("/", 1)[1] for path in account["search_files"]}


def _gzip(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), GZIP_LEVEL))


def test_payload_accounting_on_the_minimal_site(minimal_site: Path) -> None:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium package (apt-get install chromium)")
    done = subprocess.run([sys.executable, "-m", "bench.tests.payload_probe", str(minimal_site)], cwd=REPO,
                          capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr
    measured = json.loads(done.stdout)
    suggest, results, save = measured["suggest"], measured["results"], measured["save"]
    static = minimal_site / "_static"
    article = ARTICLE

    # page load: kbgen's search UI script only, nothing of the engine or the indexes
    assert list(suggest["on_load"]["search_files"]) == [f"/_static/{KBGEN_UI}"]
    # focus: the engine and the suggestion index's manifest, each counted at its gzip size
    focus_files = suggest["on_focus"]["search_files"]
    on_focus = {*KBGEN_ENGINE, "kbgen-search-s.js"}
    assert set(focus_files) == {f"/_static/{name}" for name in on_focus}
    for name in on_focus:
        assert focus_files[f"/_static/{name}"] == _gzip(static / name)
    # the first suggestion: then the shards of the words typed and the chunk of the titles shown
    until = suggest["until"]
    typed = _names(until)
    assert on_focus | {KBGEN_UI} < typed and {n[:15] for n in typed - on_focus - {KBGEN_UI}} == {
        "kbgen-search-s-", "kbgen-search-d-"}
    assert until["search_bytes"] == sum(_gzip(static / n) for n in typed)
    assert until["bytes"] >= until["search_bytes"] + _gzip(minimal_site / f"{article}.html")
    assert until["raw_bytes"] > until["bytes"]
    assert not until["not_found"]

    # the results page: the full index's manifest and shards instead, and the passages shown
    assert results["results"] >= 1
    results_page = _names(results["until"])
    assert {*KBGEN_ENGINE, KBGEN_UI, KBGEN_RESULTS, "kbgen-search-f.js"} < results_page
    assert {n[:15] for n in results_page if KBGEN_DATA.fullmatch(n) and n != "kbgen-search-f.js"} == {
        "kbgen-search-f-", "kbgen-search-d-", "kbgen-search-p-"}
    assert results["until"]["search_bytes"] == sum(_gzip(static / n) for n in results_page)

    # Save-Data: nothing on focus, everything once the reader types
    assert save["on_focus"]["search_requests"] == 0
    assert _names(save["until"]) == typed


@pytest.mark.parametrize("title", ["Ônibus", "É"])
def test_typo_of_short_titles(title: str) -> None:
    wrong = typo(title)
    assert wrong != title and wrong[0] == title[0]


@pytest.mark.parametrize("parse", [sites.main, payload.main])
def test_an_unknown_corpus_is_refused_by_name(parse: Callable[[list[str]], int],
                                              capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as refused:
        parse(["n42"])
    assert refused.value.code == 2
    expected = "unknown corpus 'n42' (choose from sample, heldout, heldout2, n1000, n5000, n20000)"
    assert expected in capsys.readouterr().err


def test_the_bare_commands_take_the_default_corpora() -> None:
    # argparse refused the bare `python -m bench.search.sites` when choices validated the list
    parser = argparse.ArgumentParser()
    sites.add_corpora_argument(parser)
    assert parser.parse_args([]).corpora == ["sample", "n1000", "n5000"]  # the size benchmarks' corpora
    assert parser.parse_args(["n1000", "sample", "heldout"]).corpora == ["n1000", "sample", "heldout"]


def test_a_content_folder_corpus_reads_its_own_folder() -> None:
    assert sites.corpus("sample").content == sites.SAMPLE
    assert sites.corpus("heldout").content == sites.HELDOUT
    assert (sites.HELDOUT / "kb.yml").is_file()
    assert sites.corpus("n1000").content == sites.OUT / "n1000" / "content"  # generated there


def test_payload_medians_give_the_uncompressed_bytes_too() -> None:
    runs = [{"seconds": 1.0, "until": {"bytes": b, "raw_bytes": 3 * b, "search_bytes": b // 2, "requests": 9}}
            for b in (100, 300, 200)]
    summary = payload._median_payload(runs)
    assert (summary["bytes_median"], summary["bytes_max"]) == (200, 300)
    assert (summary["raw_bytes_median"], summary["raw_bytes_max"]) == (600, 900)
    assert summary["unfinished"] == 0


def test_a_results_list_that_never_finished_is_published_as_a_lower_bound() -> None:
    from bench.search import report

    runs = [{"seconds": 120.0, "final": final, "until": {"bytes": 5000, "raw_bytes": 9000, "search_bytes": 4000,
                                                         "requests": 30}} for final in (False, True)]
    results = payload._median_payload(runs)
    assert results["unfinished"] == 1
    data = {"corpora": {"n20000": {"engines": {"sphinx": {"results": results}}}}}
    row = report.payload_table(data).splitlines()[-1]
    assert "≥ 4.9 KB" in row or "≥ 5 KB" in row or "≥ 4.88 KB" in row, row


def test_sites_of_chosen_engines(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                 capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(sites, "OUT", tmp_path)
    corpus = sites.corpus("n1000")
    (corpus.kbgen_site).mkdir(parents=True)
    (corpus.kbgen_site / "search.html").write_text("", encoding="utf-8")
    assert corpus.built(["kbgen"]) and not corpus.built()
    assert "build it first" in (corpus.not_ready() or "")
    assert "another version of the search engine" in (corpus.not_ready(["kbgen"]) or "")  # it ships no scripts
    with pytest.raises(ValueError, match="Pagefind indexes kbgen's site"):
        sites.build(corpus, engines=["pagefind"])
    with pytest.raises(SystemExit):  # --payload-only is for a quick look, never the published results
        payload.main(["n1000", "--payload-only"])
    assert "--payload-only measures kbgen alone" in capsys.readouterr().err


def test_a_site_built_by_another_version_of_the_engine_is_not_measured(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """A benchmark run without --build once measured sites built before the engine changed (the
    figures of the old engine, under the new commit): the scripts a site ships must be this
    checkout's."""
    from kbgen.search.scripts import write_scripts

    monkeypatch.setattr(sites, "OUT", tmp_path)
    corpus = sites.corpus("sample")
    for engine in sites.ENGINES:
        site = corpus.site(engine)
        (site / sites.BUILT_MARK[engine]).parent.mkdir(parents=True, exist_ok=True)
        (site / sites.BUILT_MARK[engine]).write_text("", encoding="utf-8")
    written = write_scripts(corpus.kbgen_site / "_static")
    assert corpus.not_ready() is None
    written["kbgen-search.js"].write_text("/* an older engine */", encoding="utf-8")
    assert corpus.stale_scripts() == ["kbgen-search.js"]
    assert judged.main(["sample"]) == 1
    assert "built by another version of the search engine (kbgen-search.js differ)" in capsys.readouterr().err
    assert payload.main(["sample", "--engines", "kbgen", "--out", str(tmp_path / "payload.json")]) == 1
    assert "built by another version of the search engine" in capsys.readouterr().err
