"""'Atualizado em' from one git log pass, with front matter as the fallback."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from pathlib import Path

from kbgen.loading.gitdates import read_git_dates
from kbgen.loading.walker import load_site

from .conftest import run_build

CANCEL = "fiscal/nota-fiscal-eletronica/como-cancelar-uma-nfs-e"
EMIT = "fiscal/nota-fiscal-eletronica/como-emitir-uma-nfs-e"


def _git(cwd: Path, *args: str, date: str | None = None) -> None:
    env = {**os.environ, "GIT_AUTHOR_NAME": "a", "GIT_AUTHOR_EMAIL": "a@example.gov.br",
           "GIT_COMMITTER_NAME": "a", "GIT_COMMITTER_EMAIL": "a@example.gov.br"}
    if date:
        env["GIT_COMMITTER_DATE"] = env["GIT_AUTHOR_DATE"] = date
    subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True)


def test_dates_come_from_git_commits(site: Path) -> None:
    _git(site, "init", "-q")
    _git(site, "add", ".")
    _git(site, "commit", "-qm", "primeiro", date="2026-03-01T12:00:00+00:00")
    (site / f"{EMIT}.md").write_text((site / f"{EMIT}.md").read_text(encoding="utf-8") + "\nMais.\n",
                                     encoding="utf-8")
    _git(site, "commit", "-qam", "segundo", date="2026-05-20T23:30:00-03:00")  # 21 May in UTC
    loaded, _ = load_site(site)
    assert loaded.articles[EMIT].updated == dt.date(2026, 5, 21)
    # committed: git wins over the front matter's `updated: 2026-10-14`
    assert loaded.articles[CANCEL].updated == dt.date(2026, 3, 1)
    assert not loaded.shallow_git
    # the feed's "published": the commit that added the file, not its last change
    assert loaded.articles[EMIT].created == dt.date(2026, 3, 1)
    assert loaded.articles[CANCEL].created == dt.date(2026, 3, 1)


def test_outside_git_front_matter_or_nothing(site: Path, tmp_path: Path) -> None:
    dates = read_git_dates(site)
    assert not dates.in_git
    report, output = run_build(site, tmp_path, strict=True)
    assert report.status == 0, output
    html = (tmp_path / "out" / f"{EMIT}.html").read_text(encoding="utf-8")
    assert "Atualizado em" not in html  # neither git nor `updated`: no date, no warning
    assert "14 de outubro de 2026" in (tmp_path / "out" / f"{CANCEL}.html").read_text(encoding="utf-8")


def test_shallow_clone_is_reported_under_strict(site: Path, tmp_path: Path) -> None:
    _git(site, "init", "-q")
    _git(site, "add", ".")
    _git(site, "commit", "-qm", "um", date="2026-03-01T12:00:00+00:00")
    (site / "kb.yml").write_text((site / "kb.yml").read_text(encoding="utf-8") + "\n", encoding="utf-8")
    _git(site, "commit", "-qam", "dois", date="2026-03-02T12:00:00+00:00")
    clone = tmp_path / "clone"
    _git(tmp_path, "clone", "-q", "--depth", "1", f"file://{site}", str(clone))
    lenient, output = run_build(clone, tmp_path / "a")
    assert lenient.status == 0 and "shallow git clone" in output
    strict, output = run_build(clone, tmp_path / "b", strict=True)
    assert strict.status == 1 and "shallow git clone" in output
