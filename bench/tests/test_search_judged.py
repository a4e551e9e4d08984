"""The judged-set benchmark's own parts: loading the sets, mapping judged articles, scoring, the tables.

The rankings are written by hand; one test runs kbgen's hand-off ranking on the minimal fixture in
Chromium (``judged_probe.py``, a child process). The benchmark itself is never run here.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from bench.paths import REPO
from bench.search.browser import docname_from_url
from bench.search.judged import kbgen_commit, missing_pages, table
from bench.search.judged import main as judged_main
from bench.search.judged_sets import (
    DESCRIPTION_TOP,
    SETS,
    Description,
    Judged,
    OutOfScope,
    description_scores,
    description_set,
    description_summary,
    docname,
    first_rank,
    judged_reciprocal_rank,
    judged_set,
    lead,
    load_sets,
    no_result_shares,
    out_of_scope_set,
    score,
)
from bench.search.report_judged import (
    descriptions_table,
    judged_sections,
    judged_table,
    out_of_scope_table,
    targets_table,
)
from bench.search.sites import corpus
from search_eval import CONTENT, KINDS, OUT_OF_SCOPE_KINDS, load_descriptions, load_out_of_scope, load_queries

BASE = "http://127.0.0.1:8000/"


def test_the_evaluation_set_maps_to_the_rankers_docnames() -> None:
    entries = load_queries()
    items = judged_set(entries)
    assert len(items) == len(entries) == 114
    assert [i.query for i in items] == [e["query"] for e in entries], "verbatim, in file order"
    assert {i.kind for i in items} == set(KINDS)
    for item in items:
        for doc in item.relevant:
            assert (CONTENT / f"{doc}.md").is_file(), doc
            # what a ranker returns for the article's page link, on any site
            assert docname_from_url(f"{BASE}{doc}.html", BASE) == doc
            assert docname_from_url(f"{BASE}_static/../{doc}.html#top", BASE) == doc


def test_docname_of_a_judged_reference() -> None:
    assert docname("fiscal/a/b") == "fiscal/a/b"
    assert docname("content/fiscal/a/b.md") == "fiscal/a/b"
    assert docname("/fiscal/a/b.html") == "fiscal/a/b"
    items = judged_set([{"query": "q", "kind": "typo", "relevant": ["x/y/a.md", "x/y/a", "x/y/b"]}])
    assert items == [Judged("q", "typo", "", ("x/y/a", "x/y/b"))]
    with pytest.raises(ValueError, match="unknown kind"):
        judged_set([{"query": "q", "kind": "nope", "relevant": ["x/y/a"]}])
    with pytest.raises(ValueError, match="no judged article"):
        judged_set([{"query": "q", "kind": "typo", "relevant": []}])


def test_missing_pages(tmp_path: Any) -> None:
    (tmp_path / "x" / "y").mkdir(parents=True)
    (tmp_path / "x" / "y" / "a.html").write_text("", encoding="utf-8")
    items = [Judged("q", "typo", "own", ("x/y/a", "x/y/b")), Judged("r", "typo", "own", ("x/y/b",))]
    assert missing_pages(items, tmp_path) == ["x/y/b"]


def test_reciprocal_rank_of_the_first_judged_article() -> None:
    assert judged_reciprocal_rank(["c", "b", "a"], ("a", "b")) == 0.5
    assert judged_reciprocal_rank(["a"], ("b",)) == 0.0
    assert judged_reciprocal_rank([str(i) for i in range(20)], ("12",)) == 0.0  # beyond the top 10
    assert first_rank(["c", "d", "a"], ("a",)) == 3
    assert first_rank([], ("a",)) is None


def _items() -> list[Judged]:
    return [Judged("q1", "typo", "own", ("a",)), Judged("q2", "typo", "own", ("b", "c")),
            Judged("q3", "accents", "own", ("d",)), Judged("q4", "accents", "own", ("e",))]


def test_score_overall_and_per_kind_in_kinds_order() -> None:
    s = score(_items(), [["a"], ["x", "c"], ["d", "e"], []])
    assert list(s["kinds"]) == ["accents", "typo"]  # KINDS order, not file order
    assert s["kinds"]["typo"] == {"n": 2, "mrr10": 0.75, "success1": 0.5, "success10": 1.0}
    assert s["kinds"]["accents"] == {"n": 2, "mrr10": 0.5, "success1": 0.5, "success10": 0.5}
    assert s["overall"] == {"n": 4, "mrr10": 0.625, "success1": 0.5, "success10": 0.75}
    with pytest.raises(ValueError):
        score(_items(), [["a"]])


def _result() -> dict[str, Any]:
    items = _items()
    rankings = {"kbgen": [["a"], ["b"], ["d"], ["x", "e"]], "sphinx": [[], [], ["d"], []],
                "pagefind": [["a"], ["x", "y", "c"], ["d"], []]}
    engines: dict[str, dict[str, Any]] = {e: {"scores": score(items, r), "no_results": sum(not x for x in r)}
                                          for e, r in rankings.items()}
    return {"queries": len(items), "engines": engines, "lead": lead({e: v["scores"] for e, v in engines.items()})}


def test_lead_over_the_best_peer() -> None:
    d = _result()["lead"]
    assert d == {"metric": "mrr10", "kbgen": 0.875, "best_peer": "pagefind", "best_peer_value": 0.5833,
                 "kbgen_minus_best_peer": 0.2917}
    tie = {e: {"overall": {"mrr10": 0.5}} for e in ("kbgen", "sphinx", "pagefind")}
    assert lead(tie) == {"metric": "mrr10", "kbgen": 0.5, "best_peer": "sphinx", "best_peer_value": 0.5,
                         "kbgen_minus_best_peer": 0.0}
    assert lead({"kbgen": tie["kbgen"]}) is None


def test_tables() -> None:
    result = _result()
    text = table(result)
    lines = text.splitlines()
    assert lines[1].startswith("accents") and lines[3].startswith("all")
    assert "0.875 / 0.750 / 1.000" in lines[3]
    assert "kbgen − best peer (Pagefind) MRR@10: +0.292" in text
    assert "queries with no result at all: kbgen 0, Sphinx 3, Pagefind 1" in text
    md = judged_table(result)
    assert md.splitlines()[0] == ("| kind | queries | kbgen: MRR@10 / success@1 / @10 "
                                  "| Sphinx: MRR@10 / success@1 / @10 | Pagefind: MRR@10 / success@1 / @10 |")
    assert "| `typo` | 2 | 1.000 / 1.000 / 1.000 | 0.000 / 0.000 / 0.000 | 0.667 / 0.500 / 1.000 |" in md
    assert "| **all** | 4 | **0.875 / 0.750 / 1.000** |" in md
    assert "(Pagefind) on MRR@10 overall: **+0.292** (0.875 vs 0.583)" in md


# ----------------------------------------------------------------------------- issue 20's sets


@pytest.mark.parametrize("name", list(SETS))
def test_each_corpus_has_its_three_sets_and_they_map_to_its_articles(name: str) -> None:
    content = corpus(name).content
    sets = load_sets(name)
    files = SETS[name]
    assert len(sets.queries) == len(load_queries(files.queries)) > 0
    assert len(sets.out_of_scope) == len(load_out_of_scope(files.out_of_scope)) > 0
    assert len(sets.descriptions) == len(load_descriptions(files.descriptions)) > 0
    assert {i.kind for i in sets.out_of_scope} == set(OUT_OF_SCOPE_KINDS)
    judged: list[Judged | Description] = [*sets.queries, *sets.descriptions]
    for item in judged:
        for doc in item.relevant:
            assert (content / f"{doc}.md").is_file(), doc
    with_context = [d for d in sets.descriptions if d.set]
    assert 0 < len(with_context) < len(sets.descriptions)
    for d in with_context:
        assert (content / d.set / (d.module or "")).is_dir(), (d.set, d.module)
    assert len(load_sets(name, limit=3).descriptions) == 3


def test_out_of_scope_and_description_entries() -> None:
    assert out_of_scope_set([{"query": "q", "kind": "foreign"}]) == [OutOfScope("q", "foreign")]
    with pytest.raises(ValueError, match="unknown out-of-scope kind"):
        out_of_scope_set([{"query": "q", "kind": "typo"}])
    found = description_set([{"query": "d", "relevant": ["content/x/y/a.md", "x/y/a"], "set": "x", "module": "y"},
                             {"query": "e", "relevant": ["x/y/b"]}])
    assert found == [Description("d", ("x/y/a",), "x", "y"), Description("e", ("x/y/b",))]
    assert [d.group for d in found] == ["with_context", "without_context"]
    with pytest.raises(ValueError, match="no judged article"):
        description_set([{"query": "d", "relevant": []}])
    with pytest.raises(ValueError, match="module without its set"):
        description_set([{"query": "d", "relevant": ["x/y/a"], "module": "y"}])


def test_no_result_shares_per_kind() -> None:
    items = [OutOfScope("a", "shares_word"), OutOfScope("b", "shares_word"), OutOfScope("c", "foreign")]
    shares = no_result_shares(items, [[], ["x"], []])
    assert shares == {"overall": {"n": 3, "none": 2, "share": 0.6667},
                      "kinds": {"shares_word": {"n": 2, "none": 1, "share": 0.5},
                                "foreign": {"n": 1, "none": 1, "share": 1.0}}}
    assert list(no_result_shares(items[2:], [["x"]])["kinds"]) == ["foreign"]
    with pytest.raises(ValueError):
        no_result_shares(items, [[]])


def test_description_scores_within_the_first_five() -> None:
    items = [Description("a", ("t",), "s", "m"), Description("b", ("t", "u")), Description("c", ("t",)),
             Description("d", ("t",))]
    rankings = [["x", "x2", "t"], ["u"], ["1", "2", "3", "4", "5", "t"], []]  # rank 3, 1, beyond 5, none
    s = description_scores(items, rankings)
    assert s["groups"]["with_context"] == {"n": 1, "mrr5": 0.3333, "success1": 0.0, "success3": 1.0,
                                           "no_result": 0.0}
    assert s["groups"]["without_context"] == {"n": 3, "mrr5": 0.3333, "success1": 0.3333, "success3": 0.3333,
                                              "no_result": 0.3333}
    assert s["overall"] == {"n": 4, "mrr5": 0.3333, "success1": 0.25, "success3": 0.5, "no_result": 0.25}
    assert description_summary([], []) == {"n": 0, "mrr5": 0.0, "success1": 0.0, "success3": 0.0, "no_result": 0.0}


def _corpus_section(kbgen_oos: list[list[str]], handoff: list[list[str]]) -> dict[str, Any]:
    out = [OutOfScope("a", "shares_word"), OutOfScope("b", "foreign")]
    described = [Description("d", ("t",), "s", "m"), Description("e", ("t",))]
    known = _result()
    for engine in known["engines"].values():
        engine["no_result_share"] = round(engine["no_results"] / 4, 4)
    return {
        "files": {"queries": "q.yml", "out_of_scope": "o.yml", "descriptions": "d.yml"},
        "known_item": known,
        "out_of_scope": {"questions": 2, "engines": {
            "kbgen": {"no_result": no_result_shares(out, kbgen_oos),
                      "answered": [{"kind": i.kind, "query": i.query, "got": r}
                                   for i, r in zip(out, kbgen_oos, strict=True) if r]},
            "sphinx": {"no_result": no_result_shares(out, [[], []])},
            "pagefind": {"no_result": no_result_shares(out, [["x"], ["x"]])}}},
        "descriptions": {"descriptions": 2, "with_context": 1, "engines": {
            "kbgen": {"scores": description_scores(described, [["x", "t"], ["t"]])},
            "kbgen_handoff": {"scores": description_scores(described, handoff)},
            "sphinx": {"scores": description_scores(described, [[], []])},
            "pagefind": {"scores": description_scores(described, [["x"], []])}}},
    }


def test_the_report_of_issue_20s_sets() -> None:
    sample = _corpus_section([[], []], [["t"], ["t"]])
    heldout = _corpus_section([["x"], []], [["x", "t"], ["t"]])
    oos = out_of_scope_table(sample["out_of_scope"])
    assert oos.splitlines()[0] == "| kind | questions | kbgen: no result | Sphinx: no result | Pagefind: no result |"
    assert oos.splitlines()[2].startswith("| `shares_word` | 1 | 100 % (1) |")  # OUT_OF_SCOPE_KINDS order
    assert "| **all** | 2 | **100 % (2)** | **100 % (2)** | **0 % (0)** |" in oos
    d = descriptions_table(sample["descriptions"])
    assert "kbgen hand-off (set/module prior): MRR@5 / s@1 / s@3 (none)" in d.splitlines()[0]
    assert ("| with a set/module selected | 1 | 0.500 / 0.000 / 1.000 (0 %) | 1.000 / 1.000 / 1.000 (0 %) "
            "| 0.000 / 0.000 / 0.000 (100 %) | 0.000 / 0.000 / 0.000 (0 %) |") in d
    assert d.splitlines()[3].startswith("| without | 1 |")
    targets = targets_table({"heldout": heldout, "sample": sample})
    lines = targets.splitlines()
    assert lines[0] == "| target (issue 20) | kbgen on the sample | kbgen on the held-out |"
    assert lines[2].endswith("| 0.875, 0 %: **missed** | 0.875, 0 %: **missed** |")
    assert lines[3].endswith("| 100 %: **met** | 50 %: **missed** |")
    assert lines[4].endswith("| 1.000, 1.000: **met** | 1.000, 0.750: **missed** |")
    page = "\n".join(judged_sections({"date": "2026-12-04T21:00:00+00:00", "kbgen_commit": "abc123",
                                      "corpora": {"heldout": heldout, "sample": sample}}))
    assert "Measured 2026-12-04 21:00 UTC, kbgen at commit abc123," in page
    assert page.index("### On the sample") < page.index("### On the held-out")
    assert "kbgen's answering results for out-of-scope questions (1), first hit:\n\n- `shares_word` “a” → `x`" in page
    assert page.count("answering results for out-of-scope") == 1  # none on the sample


def test_the_judged_command_line(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as refused:
        judged_main(["n1000"])
    assert refused.value.code == 2
    assert "no judged sets for 'n1000' (choose from sample, heldout, heldout2)" in capsys.readouterr().err
    assert re.fullmatch(r"[0-9a-f]{12}(\+dirty)?(, kbgen/ as of [0-9a-f]{12})?|\?", kbgen_commit())


def _probe(site: Path, items: list[list[str]]) -> dict[str, list[list[str]]]:
    done = subprocess.run([sys.executable, "-m", "bench.tests.judged_probe", str(site), json.dumps(items)],
                          cwd=REPO, capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr
    found: dict[str, list[list[str]]] = json.loads(done.stdout)
    return found


PROBE_QUERIES = ("emitir nfs-e", "nfs-e etica", "declarar sem movimento", "xyzzy plutonio quasar")
PROBE_CONTEXTS = (("", ""), ("fiscal", "escrita-fiscal"), ("rh", "folha-de-pagamento"), ("rh", ""))


def test_the_hand_off_ranking_on_the_minimal_site(minimal_site: Path) -> None:
    found = _probe(minimal_site, [[q, s, m] for q in PROBE_QUERIES for s, m in PROBE_CONTEXTS])
    n = len(PROBE_CONTEXTS)
    for k, query in enumerate(PROBE_QUERIES):
        page, handoff = found["page"][k * n], found["handoff"][k * n:(k + 1) * n]
        # without a selection the hand-off lists the results page's first answering results, as docnames
        assert handoff[0] == page[:DESCRIPTION_TOP], query
        for doc in page:
            assert (minimal_site / f"{doc}.html").is_file()
        # a selection only reorders: the prior never makes a result answer, nor takes one away
        assert all(sorted(h) == sorted(handoff[0]) for h in handoff), query
    assert found["page"][0] and not found["page"][-1]  # a plain query answers; nonsense gets nothing
    assert not any(found["handoff"][-n:])


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


FILLER = ("ferias", "ponto", "cracha", "estacionamento", "biblioteca", "refeitorio", "uniforme", "telefone")


def test_the_hand_off_prior_orders_equal_articles_by_the_selected_module(tmp_path: Path) -> None:
    """Two identical articles in two modules: the one of the module selected on the page comes first."""
    content = tmp_path / "content"
    _write(content / "kb.yml", "title: Teste\nlanguage: pt_BR\nbase_url: https://ajuda.example/\n")
    _write(content / "s" / "_set.yml", "title: Serviços\ndescription: Serviços.\nemail: a@example.gov.br\n")
    article = ("---\ntitle: Como renovar o alvará de funcionamento\ndescription: Renovação do alvará.\n---\n\n"
               "A renovação do alvará de funcionamento é anual.\n")
    for module in ("m1", "m2"):
        _write(content / "s" / module / "_module.yml", f"title: Módulo {module}\n")
        _write(content / "s" / module / f"renovar-alvara-{module}.md", article)
    _write(content / "s" / "m3" / "_module.yml", "title: Outros\n")
    for word in FILLER:
        _write(content / "s" / "m3" / f"sobre-{word}.md",
               f"---\ntitle: Sobre {word}\ndescription: {word}.\n---\n\nTexto sobre {word}.\n")
    done = subprocess.run([sys.executable, "-m", "kbgen", "build", "--source", str(content), "--out",
                           str(tmp_path / "out"), "--cache-dir", str(tmp_path / "cache")],
                          cwd=REPO, capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    query = "renovar alvara de funcionamento"
    found = _probe(tmp_path / "out", [[query, "", ""], [query, "s", "m1"], [query, "s", "m2"]])
    m1, m2 = "s/m1/renovar-alvara-m1", "s/m2/renovar-alvara-m2"
    assert sorted(found["page"][0]) == sorted(found["handoff"][0]) == [m1, m2]
    assert found["handoff"][1] == [m1, m2]
    assert found["handoff"][2] == [m2, m1]
