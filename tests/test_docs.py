"""kbgen's own documentation builds with warnings as errors, its reference generated from the schemas."""

from __future__ import annotations

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
