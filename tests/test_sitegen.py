"""The help-center generator (sitegen): same bytes in any process, and a site kbgen accepts."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from .conftest import REPO, kbgen

N = 30


def _generate(out: Path, cwd: Path, hash_seed: str, tz: str, lang: str) -> None:
    # separate processes: a determinism check inside one process passes even when set order leaks
    env = {**os.environ, "PYTHONHASHSEED": hash_seed, "TZ": tz, "LANG": lang, "LC_ALL": lang,
           "PYTHONPATH": os.pathsep.join(filter(None, (str(REPO), os.environ.get("PYTHONPATH"))))}
    done = subprocess.run([sys.executable, "-m", "sitegen", str(out), str(N)], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr


def _tree(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_generator_is_deterministic_and_builds_strict(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    _generate(tmp_path / "one", tmp_path / "a", "1", "UTC", "C.UTF-8")
    _generate(tmp_path / "two", tmp_path / "b", "4242", "America/Sao_Paulo", "pt_BR.UTF-8")
    one, two = _tree(tmp_path / "one"), _tree(tmp_path / "two")
    assert one == two
    articles = [name for name in one if name.endswith(".md")]
    assert len(articles) == N
    assert any(name.endswith(".png") for name in one)

    done = kbgen("build", "--strict", "--source", str(tmp_path / "one"), "--out", str(tmp_path / "out"),
                 "--cache-dir", str(tmp_path / "cache"), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "WARNING" not in done.stderr and "warning" not in done.stderr.lower(), done.stderr
    assert (tmp_path / "out" / articles[0].replace(".md", ".html")).is_file()
