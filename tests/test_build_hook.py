"""The hatchling hook: wheels carry the front-end files; a missing npm is a clear error."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from .conftest import REPO


def test_wheel_contains_front_end_files(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(tmp_path),
                           str(REPO)], capture_output=True, text=True, check=False, timeout=300)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    wheel = next(tmp_path.glob("kbgen-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    for name in ["kbgen/_vendor/lunr.js", "kbgen/_vendor/lunr.min.js", "kbgen/_vendor/LICENSE.lunr.txt",
                 "kbgen/search/LICENSE.lunr-languages.txt", "kbgen/search/LICENSE.wordfreq.txt",
                 "kbgen/theme/kbgen/theme.toml",
                 "kbgen/locale/en/LC_MESSAGES/kbgen.mo"]:
        assert name in names, name
    # lunr.js only: the site never loads lunr-languages (the stop words kbgen took from it ship in
    # kbgen/search/, with its licence)
    assert sorted(n for n in names if n.startswith("kbgen/_vendor/")) == [
        "kbgen/_vendor/LICENSE.lunr.txt", "kbgen/_vendor/lunr.js", "kbgen/_vendor/lunr.min.js"]


def test_missing_npm_is_a_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    sys.path.insert(0, str(REPO))
    try:
        import hatch_build
    finally:
        sys.path.remove(str(REPO))
    monkeypatch.setenv("PATH", str(tmp_path))  # no npm here
    hook = hatch_build.FrontEndHook.__new__(hatch_build.FrontEndHook)
    with pytest.raises(RuntimeError, match="kbgen's build needs npm"):
        hook._install(tmp_path)
