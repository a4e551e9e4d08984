"""The CI workflows in docs/examples: their kbgen commands run, in order, on the sample content."""

from __future__ import annotations

import shlex
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from .conftest import REPO, SAMPLE, kbgen

EXAMPLES = REPO / "docs" / "examples"


def _commands(workflow: dict) -> list[str]:  # type: ignore[type-arg]
    if "jobs" in workflow:  # GitHub Actions
        steps = [s for job in workflow["jobs"].values() for s in job.get("steps", [])]
        return [s["run"] for s in steps if "run" in s]
    return [line for job in workflow.values() if isinstance(job, dict) for line in job.get("script", [])]


@pytest.mark.parametrize("name", ["github-pages.yml", "gitlab-ci.yml"])
def test_workflow_commands_run(name: str, tmp_path: Path) -> None:
    workflow = yaml.safe_load((EXAMPLES / name).read_text(encoding="utf-8"))
    commands = [c for c in _commands(workflow) if not c.startswith("pip install")]
    assert any(c.startswith("kbgen check --strict") for c in commands)
    assert any(c.startswith("kbgen build --strict") for c in commands)
    shutil.copytree(SAMPLE, tmp_path / "content")
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    for command in commands:
        argv = shlex.split(command)
        if argv[0] == "kbgen":
            done = kbgen(*argv[1:], cwd=tmp_path)
        else:
            done = subprocess.run(argv, cwd=tmp_path, capture_output=True, text=True, check=False)
        assert done.returncode == 0, (command, done.stdout, done.stderr)
    published = next(p for p in (tmp_path / "_site", tmp_path / "public") if p.exists())
    assert (published / "index.html").is_file() and (published / ".nojekyll").is_file()
