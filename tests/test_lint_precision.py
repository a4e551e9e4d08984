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

import pytest

from kbgen.loading.lint import lint
from kbgen.loading.mailbox import EMAIL, is_mailbox, mailboxes
from kbgen.loading.prose import prose_lines
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


def _prose(text: str) -> dict[int, str]:
    return dict(prose_lines(text, 10))


def test_prose_keeps_line_numbers_and_blanks_code() -> None:
    lines = _prose("Texto `a@b.com.br` e c@d.com.br, ``um\nspan`` fim\n\n"
                   "```{note} Título e@f.com.br\ncorpo g@h.com.br\n```\n\n    i@j.com.br\n\n"
                   "~~~\nk@l.com.br\n~~~\n\n| x | `m@n.com.br` |\n|---|---|\n| o@p.com.br | q |\n\n"
                   "[r]: mailto:s@t.com.br\n")
    assert "a@b" not in lines[10] and "c@d.com.br" in lines[10] and "um" not in lines[10]
    assert "span" not in lines[11] and "fim" in lines[11]
    assert "e@f.com.br" in lines[13] and "g@h.com.br" in lines[14]  # a directive's title and body are prose
    assert lines[17] == "" and lines[20] == ""  # indented and tilde-fenced code
    assert "m@n" not in lines[23] and "o@p.com.br" in lines[25]
    assert "s@t.com.br" in lines[27]  # no inline text, read as written


def test_prose_reads_divs_and_nested_directives_but_not_code_directives() -> None:
    lines = _prose(":::aviso\na@b.com.br\n:::\n\n::::{tab-set}\n:::{tab-item} X\n```{code-block} sh\n"
                   "c@d.com.br\n```\ne@f.com.br {kbd}`g@h.com.br` {abbr}`CPF (529.982.247-25)`\n:::\n::::\n")
    assert "a@b.com.br" in lines[11]  # a ":::name" div is Markdown (MyST's render_colon_fence)
    assert lines[17] == ""
    assert "e@f.com.br" in lines[19] and "g@h" not in lines[19] and "529.982.247-25" in lines[19]


def test_prose_of_deep_or_unclosed_nesting_has_every_line() -> None:
    depth = 400  # nested directives are a work list, not recursion
    text = "".join("`" * (depth + 3 - i) + "{note}\n" for i in range(depth)) + "x@y.com.br\n"
    text += "".join("`" * (i + 4) + "\n" for i in range(depth))
    lines = prose_lines(text)
    assert len(lines) == 2 * depth + 1 and "x@y.com.br" in lines[depth][1]
    unclosed = "".join(f":::column\nlinha {i} z@w.com.br\n" for i in range(200))
    assert sum("z@w.com.br" in line for _, line in prose_lines(unclosed)) == 200


@pytest.mark.parametrize("text, before, mailbox", [
    ("maria.silva@gmail.com", "", True),
    ("joão@prefeitura.sc.gov.br", "", True),
    ("f@[10.0.0.1]", "", True),
    ("a@example.com", "", False), ("b@sub.example.org", "", False), ("c@x.test", "", False),
    ("d@host.invalid", "", False), ("admin@intranet.localhost", "", False), ("e@sistemas.example", "", False),
    ("g@[192.0.2.1]", "", False), ("h@[IPv6:2001:db8::1]", "", False), ("i@[127.0.0.1]", "", False),
    ("abc@thread.v2", "19:", False), ("abc@thread.skype", "19:", False), ("x_y@unq.gbl.spaces", "19:", False),
    ("lodash@4.17.21", "", False), ("node@v20.1.0", "", False), ("pkg@1.0.0-beta.rc", "", False),
    ("logo@2x.png", "img/", False), ("git@github.com", "", False),
    ("org@dev.azure.com", "https://", False), ("user@host.com.br", "ftp://admin:", False),
    ("ana@hotmail.com", "mailto:", True),
])
def test_which_addresses_are_mailboxes(text: str, before: str, mailbox: bool) -> None:
    assert EMAIL.fullmatch(text)
    assert is_mailbox(text, before) is mailbox
    assert list(mailboxes(before + text)) == ([text] if mailbox else [])
