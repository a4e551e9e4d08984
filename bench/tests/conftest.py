"""Fixtures of the benchmarks' own tests: the minimal help center, built once.

The test suite's fixtures live in ``tests/conftest.py``, which ``bench`` must not import
(``tests/test_repository_imports.py``): the minimal fixture is read here as data and built with
the ``kbgen`` command. Chromium runs in a child process (``payload_probe.py``).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bench.paths import REPO

MINIMAL = REPO / "tests" / "fixtures" / "minimal"


@pytest.fixture(scope="session")
def minimal_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The minimal fixture built once with ``kbgen build --strict``, read-only for the tests."""
    work = tmp_path_factory.mktemp("minimal-build")
    source = shutil.copytree(MINIMAL, work / "content", symlinks=True)
    done = subprocess.run([sys.executable, "-m", "kbgen", "build", "--strict", "--source", str(source),
                           "--out", str(work / "out"), "--cache-dir", str(work / "cache")],
                          cwd=work, capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    return work / "out"

