"""The judged sets of search_eval/ measured with the engine over the built sites: the sample (which
the engine's constants were tuned on) and the held-out help centers (never tuned on: heldout/, an
education desk, and heldout2/, a health department's desk, written blind after the engine's
constants were last changed).

The figures are those of the results page (answering results only, what it shows as
``a.kb-result``) and of the hand-off page's suggestions (at most five, with the set and module
as the prior): the Python engine is held to the browser's query by query by
tests/search/test_search_golden.py. The Chromium run of the known-item set is
tests/test_search_quality.py.

Issue 20's targets: out of scope ≥ 0.85 unanswered; known-item MRR@10 ≥ 0.95 with ≤ 2 % of queries
unanswered; descriptions success@3 ≥ 0.95 and MRR ≥ 0.85. The ones not reached yet are held at
today's level (FLOORS) so that they cannot slip unnoticed; raise a floor when the engine improves.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from kbgen.search.query import search
from kbgen.search.siteindex import load_site_index
from search_eval import REPO, load_descriptions, load_out_of_scope, load_queries
from search_eval.evaluate import Figures, descriptions, known_items, mrr, out_of_scope, success
from tests.typing_eval import typing_figures

from .conftest import build_clean

#: every held-out help center (search_eval/heldout*/ with a README.md); each needs its FLOORS
HELDOUTS = sorted(path.parent.name for path in (REPO / "search_eval").glob("heldout*/README.md"))

# (corpus, measure) → the least accepted value
FLOORS = {
    # suggestions as you type (search_eval/typing.py, run by tests/typing_eval.py: the browser's engine
    # under Node); issue 20 sets no target: today's level (2026-12-07, one-edit corrections as you type)
    ("sample", "typing: known-item suggested once typed"): 0.90,
    ("heldout", "typing: known-item suggested once typed"): 0.81,
    ("heldout2", "typing: known-item suggested once typed"): 0.77,
    ("sample", "typing: out of scope with no suggestion"): 0.96,
    ("heldout", "typing: out of scope with no suggestion"): 0.90,
    ("heldout2", "typing: out of scope with no suggestion"): 0.97,
    # above the target (0.829 before a keyword query's words found only in a body became passing mentions)
    ("sample", "out of scope, unanswered"): 0.90,
    ("heldout", "out of scope, unanswered"): 0.94,  # above the target
    ("sample", "known-item MRR@10"): 0.95,  # the target
    # the target (0.928 before short queries ranked by quality, 0.944 before unknown verbs before an article)
    ("heldout", "known-item MRR@10"): 0.95,
    # the target (≤ 2 % unanswered): 2 of 114 since VERB_LIKE_WEIGHT 0.25 ("como reimprimir a guia do
    # ISS que venceu?"); 3 before, 4 before an unknown word before an article weighed as a verb
    ("sample", "known-item with an answer"): 0.98,
    ("heldout", "known-item with an answer"): 0.95,  # target 0.98, not reached
    # above the target (0.842 before the built-in ordinals, 0.855 before the contractions)
    ("sample", "descriptions MRR@5"): 0.86,
    ("heldout", "descriptions MRR@5"): 0.85,  # the target
    ("sample", "descriptions success@3"): 0.90,  # target 0.95, not reached
    ("heldout", "descriptions success@3"): 0.89,  # target 0.95, not reached
    # the second held-out help center (search_eval/heldout2/README.md gives its figures)
    # above the target (0.771 before ANSWER_QUALITY 0.70, 0.854 before passing mentions)
    ("heldout2", "out of scope, unanswered"): 0.93,  # 0.917 before the -car/-gar/-ificar spellings met
    ("heldout2", "known-item MRR@10"): 0.91,  # target 0.95, not reached (0.918 before ANSWER_QUALITY 0.70)
    ("heldout2", "known-item with an answer"): 0.93,  # target 0.98, not reached (0.948 before ANSWER_QUALITY 0.70)
    ("heldout2", "descriptions MRR@5"): 0.82,  # target 0.85, not reached
    ("heldout2", "descriptions success@3"): 0.88,  # target 0.95, not reached
}


@pytest.fixture(scope="module", params=HELDOUTS)
def heldout(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Path]:
    """(name, built site) of one held-out help center."""
    name: str = request.param
    work = tmp_path_factory.mktemp(f"{name}-build")
    return name, build_clean(REPO / "search_eval" / name / "content", work)


def _figures(site: Path, folder: Path | None) -> dict[str, float]:
    index = load_site_index(site)
    if folder is None:
        sets = load_queries(), load_out_of_scope(), load_descriptions()
    else:
        sets = (load_queries(folder / "queries.yml"), load_out_of_scope(folder / "out_of_scope.yml"),
                load_descriptions(folder / "descriptions.yml"))
    known: Figures = known_items(index, sets[0])
    answered = [search(index, entry["query"], limit=1) for entry in sets[0]]
    outside = out_of_scope(index, sets[1])
    described = descriptions(index, sets[2])
    for title, figures in (("known-item", known), ("out of scope", outside), ("descriptions", described)):
        for kind, ranks in sorted(figures.ranks.items()):
            print(f"  {site.name:>14} {title:13} {kind:14} n={len(ranks):3d} MRR {mrr(ranks):.3f} "
                  f"s@1 {success(ranks, 1):.3f} s@3 {success(ranks, 3):.3f}", file=sys.stderr)
    typed = typing_figures(site, sets[0], sets[1])
    print(f"  {site.name:>14} typing        " + " ".join(f"{k} {v:.3f}" for k, v in typed.items()), file=sys.stderr)
    return {
        "typing: known-item suggested once typed": typed["known_s5"],
        "typing: out of scope with no suggestion": typed["oos_silent_at_end"],
        "out of scope, unanswered": success(outside.all(), 1),
        "known-item MRR@10": mrr(known.all()),
        "known-item with an answer": sum(map(bool, answered)) / len(answered),
        "descriptions MRR@5": mrr(described.all()),
        "descriptions success@3": success(described.all(), 3),
    }


def _check(corpus: str, figures: dict[str, float]) -> None:
    below = {name: round(value, 3) for name, value in figures.items() if value < FLOORS[(corpus, name)]}
    assert below == {}, figures


def test_every_held_out_help_center_has_its_floors() -> None:
    """A held-out folder added without floors would otherwise fail with a KeyError, or (none found)
    leave the parametrized test with nothing to run."""
    assert {"heldout", "heldout2"} <= set(HELDOUTS)
    measures = {measure for corpus, measure in FLOORS if corpus == "sample"}
    assert all((name, measure) in FLOORS for name in HELDOUTS for measure in measures)


def test_the_judged_sets_on_the_sample(sample_site: Path) -> None:
    _check("sample", _figures(sample_site, None))


def test_the_judged_sets_on_a_help_center_never_tuned_on(heldout: tuple[str, Path]) -> None:
    name, site = heldout
    _check(name, _figures(site, REPO / "search_eval" / name))
