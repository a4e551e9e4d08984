"""Issue 18 (12): no file kbgen reads from the content folder is read through a symlink leading out
of it — its text would be echoed in problem messages (and published). Each is reported at its path."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from kbgen.commands.check import CheckOptions, check
from kbgen.errors import OUTSIDE_SYMLINK
from kbgen.exitcodes import ExitStatus
from kbgen.loading.walker import load_site

SECRET = "segredo-de-fora"
# every file kbgen reads by name from the content folder, with text that would be echoed if read
READ_BY_NAME = {
    "kb.yml": f"title: [{SECRET}\n",
    "_synonyms.yml": f"{SECRET}: 3\n",
    "_data/pageviews.csv": f"path,views\n/{SECRET}.html,9\n",
    "fiscal/_set.yml": f"title: Fora\nemail: {SECRET}\n",
    "fiscal/escrita-fiscal/_module.yml": f"title: x\n{SECRET}: 1\n",
    "fiscal/escrita-fiscal/como-declarar-sem-movimento.md": f"---\ntitle: [{SECRET}\n---\n",
}


def _link_out(site: Path, tmp_path: Path, name: str) -> Path:
    outside = tmp_path / "fora" / Path(name).name
    outside.parent.mkdir(exist_ok=True)
    outside.write_text(READ_BY_NAME[name], encoding="utf-8")
    link = site / name
    link.parent.mkdir(exist_ok=True)
    link.unlink(missing_ok=True)
    link.symlink_to(outside)
    return outside


@pytest.mark.parametrize("name", list(READ_BY_NAME))
def test_a_file_linked_from_outside_is_refused_at_its_path_and_never_echoed(site: Path, tmp_path: Path,
                                                                             name: str) -> None:
    _link_out(site, tmp_path, name)
    stream = io.StringIO()
    status, _problems = check(CheckOptions(source=site, cache_dir=tmp_path / "cache"), stream)
    output = stream.getvalue()
    assert status == ExitStatus.CONTENT_ERROR, output
    assert f"content/{name}: {OUTSIDE_SYMLINK}" in output.splitlines(), output
    assert output.count(OUTSIDE_SYMLINK) == 1, output  # reported once, under the author's own path
    assert SECRET not in output, output


def test_popular_source_linked_from_outside_is_refused_at_its_kb_yml_line(site: Path, tmp_path: Path) -> None:
    kb = site / "kb.yml"
    kb.write_text(kb.read_text(encoding="utf-8") + "popular:\n  source: _dados/visitas.csv\n", encoding="utf-8")
    outside = tmp_path / "visitas.csv"
    outside.write_text(f"path,views\n/{SECRET}.html,9\n", encoding="utf-8")
    (site / "_dados").mkdir()
    (site / "_dados" / "visitas.csv").symlink_to(outside)
    loaded, problems = load_site(site)
    line = kb.read_text(encoding="utf-8").splitlines().index("  source: _dados/visitas.csv") + 1
    messages = [(p.path, p.line, p.message) for p in problems.errors]
    assert ("content/kb.yml", line, f"'popular.source': _dados/visitas.csv: {OUTSIDE_SYMLINK}") in messages
    assert loaded.popular is None and not any(SECRET in p.message for p in problems.items)


def test_links_inside_the_content_folder_still_work(site: Path, tmp_path: Path) -> None:
    (site / "_data").mkdir()
    real = site / "_data" / "real.csv"
    real.write_text("path,views\nfiscal/escrita-fiscal/como-declarar-sem-movimento.html,9\n", encoding="utf-8")
    (site / "_data" / "pageviews.csv").symlink_to(real)
    loaded, problems = load_site(site)
    assert not problems.errors and loaded.popular is not None
    assert loaded.popular.views == {"fiscal/escrita-fiscal/como-declarar-sem-movimento": 9}
