"""The benchmark report's growth verdicts, on made-up summaries (no build is run)."""

from __future__ import annotations

import argparse

import pytest

from bench.build import scenarios
from bench.build.report import Cell, Summary, budgets
from bench.build.run import chosen_scenarios


def _full(cpu_s: float) -> Cell:
    return Cell(3, 0, cpu_s, cpu_s, 100.0, 100.0, 10.0, None, None, None, None, True)


def _summary(kbgen: dict[int, float], sphinx: dict[int, float]) -> Summary:
    return {n: {("kbgen", scenarios.FULL): _full(kbgen[n]), ("sphinx", scenarios.FULL): _full(sphinx[n])}
            for n in kbgen}


def _row(summary: Summary, start: str) -> str:
    rows = [line for line in budgets(summary) if line.startswith(start)]
    assert len(rows) == 1, rows
    return rows[0]


def test_growth_that_only_follows_sphinx_is_met_even_when_not_flat() -> None:
    # both grow 1.25× per article from 200 to 5,000; kbgen adds nothing beyond Sphinx's own growth
    summary = _summary({200: 4.0, 5000: 125.0}, {200: 5.0, 5000: 156.25})
    assert _row(summary, "| cost per article flat").endswith("**not met** |")
    row = _row(summary, "| cost per article grows no faster")
    assert "1.25× vs 1.25× (1.00×)" in row
    assert row.endswith("**met** |")


def test_growth_beyond_sphinx_is_not_met_and_the_exponent_shows_it() -> None:
    # kbgen quadratic (cost ∝ N²), Sphinx linear
    summary = _summary({200: 4.0, 5000: 4.0 * 25 * 25}, {200: 5.0, 5000: 125.0})
    row = _row(summary, "| cost per article grows no faster")
    assert "cost ∝ N^2.00 vs N^1.00" in row
    assert row.endswith("**not met** |")


def test_a_run_can_measure_a_subset_of_scenarios() -> None:
    # given in any order, run in a repetition's order
    assert chosen_scenarios("body-edit, full") == (scenarios.FULL, scenarios.BODY)
    assert chosen_scenarios("full-j2") == (scenarios.FULL_J2,)
    for wrong in ("body-edit", "full,bogus", ""):
        with pytest.raises(argparse.ArgumentTypeError):
            chosen_scenarios(wrong)
