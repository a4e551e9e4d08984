"""Precision and recall of the personal-data lint on a labelled pt-BR corpus full of look-alikes.

``tests/fixtures/lint_precision/`` is a small help center written the way real ones are: personal
data that must be reported (CPFs with valid check digits, personal e-mail addresses at gmail, hotmail
and the site's own domain, cell phones, a taxpayer's CNPJ) among traps that must not be (code blocks
and spans, code directives and roles, documentation domains and addresses, chat thread ids, packages
pinned to versions, git remotes, invalid CPFs, protocol numbers, the site's own channels). Every
item is labelled in ``labels.tsv`` with its line; the lint must find exactly the ``flag`` rows.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from pathlib import Path

from kbgen.loading.lint import lint
from kbgen.loading.walker import load_site

CORPUS = Path(__file__).parent / "fixtures" / "lint_precision"
# what a personal-data finding names: "a CPF (…)", "a real CNPJ (…)", "e-mail address '…'", "phone number '…'"
_VALUE = re.compile(r"(?:CPF|CNPJ) \(([^)]*)\)|(?:e-mail address|phone number) '([^']*)'")

Finding = tuple[str, int, str]  # (path in the corpus, line, the text reported)


def _labels() -> list[tuple[str, int, str, str]]:
    with (CORPUS / "labels.tsv").open(encoding="utf-8") as handle:
        rows = [row for row in csv.reader(handle, delimiter="\t") if row and not row[0].startswith("#")]
    return [(path, int(line), verdict, text) for path, line, verdict, text, _why in rows]


def _findings() -> set[Finding]:
    site, problems = load_site(CORPUS)
    assert not problems.errors, [p.format() for p in problems.errors]
    lint(site, problems, dt.date(2026, 12, 1))
    found = set()
    for problem in problems.warnings:
        if problem.code == "personal-data":
            match = _VALUE.search(problem.message)
            assert match, problem.message
            found.add((problem.path.split("/", 1)[1], problem.line, match.group(1) or match.group(2)))
    return found


def test_labels_point_at_their_text() -> None:
    """A label whose line drifted from its text would measure nothing."""
    labels = _labels()
    for path, line, verdict, text in labels:
        assert verdict in ("flag", "trap"), verdict
        assert text in (CORPUS / path).read_text(encoding="utf-8").splitlines()[line - 1], (path, line, text)
    assert sum(v == "flag" for *_, v, _ in labels) >= 10 and sum(v == "trap" for *_, v, _ in labels) >= 30


def test_precision_and_recall_on_the_labelled_corpus() -> None:
    labels = _labels()
    expected = {(path, line, text) for path, line, verdict, text in labels if verdict == "flag"}
    traps = {(path, line, text) for path, line, verdict, text in labels if verdict == "trap"}
    found = _findings()
    right = found & expected
    precision, recall = len(right) / len(found), len(right) / len(expected)
    print(f"personal-data lint: {len(found)} findings, {len(expected)} expected, {len(traps)} traps: "
          f"precision {precision:.3f}, recall {recall:.3f}")
    assert not found & traps, sorted(found & traps)
    assert (precision, recall) == (1.0, 1.0), {"false positives": sorted(found - expected),
                                               "missed": sorted(expected - found)}
