"""kbgen's own documentation builds with warnings as errors, its reference generated from the schemas."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from kbgen.loading.schemas import ALL_SCHEMAS

from .conftest import REPO


def test_docs_build_without_warnings(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "sphinx", "-W", "--keep-going", "-q", "-b", "html",
                           str(REPO / "docs"), str(tmp_path / "html")], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    reference = (tmp_path / "html" / "reference.html").read_text(encoding="utf-8")
    for schema in ALL_SCHEMAS:
        for field in schema.fields:
            assert f"<code class=\"docutils literal notranslate\">{field.name}</code>" in reference \
                or f"<span class=\"pre\">{field.name}</span>" in reference, field.name
    assert "content errors (or build warnings under" in (tmp_path / "html" / "cli.html").read_text(
        encoding="utf-8")


HANDOFF_SHOTS = REPO / "docs" / "_static" / "handoff"
HANDOFF_PAGES = {"zendesk": "zendesk", "glpi": "glpi", "osticket": "osticket", "email": "email", "url-template": "url"}


def test_each_ticket_system_has_a_how_to_with_its_screenshot(tmp_path: Path) -> None:
    """docs/handoff/: one page per system, in the toctree, each showing its PNG of kbgen's hand-off
    page (scripts/handoff_screenshots.py), small enough for the repository."""
    assert {p.stem for p in (REPO / "docs" / "handoff").glob("*.md")} == {"index", *HANDOFF_PAGES}
    done = subprocess.run([sys.executable, "-m", "sphinx", "-W", "--keep-going", "-q", "-b", "html",
                           str(REPO / "docs"), str(tmp_path / "html")], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    index = (tmp_path / "html" / "handoff" / "index.html").read_text(encoding="utf-8")
    for page, shot in HANDOFF_PAGES.items():
        png = HANDOFF_SHOTS / f"{shot}.png"
        data = png.read_bytes()
        assert data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) <= 150 * 1024, (png, len(data))
        html = (tmp_path / "html" / "handoff" / f"{page}.html").read_text(encoding="utf-8")
        assert f'src="../_images/{shot}.png"' in html, page
        assert (tmp_path / "html" / "_images" / f"{shot}.png").read_bytes() == data  # published as committed
        assert f'href="{page}.html"' in index, page  # listed, so that a reader finds it
    assert sorted(p.stem for p in HANDOFF_SHOTS.glob("*.png")) == sorted(HANDOFF_PAGES.values())  # none left over


def test_readme_exit_statuses_are_the_clis() -> None:
    """README's table is kbgen.exitcodes' own text, row for row (the CLI's --help shows the same)."""
    from kbgen.exitcodes import EXIT_STATUS_HELP

    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| (\d+) \| (.+) \|$", readme, re.MULTILINE)
    assert {int(code): text for code, text in rows} == {int(k): v for k, v in EXIT_STATUS_HELP.items()}
