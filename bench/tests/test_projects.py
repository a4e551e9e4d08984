"""The comparison's projects: plain Sphinx and MkDocs on the same Markdown as kbgen."""

from __future__ import annotations

from pathlib import Path

from bench.projects import make_mkdocs_project, make_sphinx_project
from sitegen.generate import generate


def test_comparison_projects_use_the_same_markdown(tmp_path: Path) -> None:
    content = tmp_path / "content"
    generate(content, 12)
    sphinx = make_sphinx_project(content, tmp_path / "sphinx")
    mkdocs = make_mkdocs_project(content, tmp_path / "mkdocs")
    articles = sorted(str(p.relative_to(content)) for p in content.glob("*/*/*.md"))
    for rel in articles:
        assert (sphinx / rel).read_bytes() == (content / rel).read_bytes()
        assert (mkdocs / "docs" / rel).read_bytes() == (content / rel).read_bytes()
    conf = (sphinx / "conf.py").read_text(encoding="utf-8")
    assert 'html_theme = "basic"' in conf and "sphinx_design" in conf
    assert (sphinx / "index.md").is_file() and "nav:" not in (mkdocs / "mkdocs.yml").read_text(encoding="utf-8")
