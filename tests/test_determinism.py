"""The same content gives byte-identical output, whatever the hash seed, time zone, locale,
working folder or parallelism (separate processes: a single-process test passes falsely)."""

from __future__ import annotations

import shutil
from pathlib import Path

from .conftest import SAMPLE, kbgen


def _tree(out: Path) -> dict[str, bytes]:
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


def test_builds_are_byte_identical(tmp_path: Path) -> None:
    runs = [
        ("a", {"PYTHONHASHSEED": "1", "TZ": "UTC", "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8"}, []),
        ("b/deeper", {"PYTHONHASHSEED": "4242", "TZ": "America/Sao_Paulo", "LANG": "pt_BR.UTF-8",
                      "LC_ALL": "pt_BR.UTF-8"}, ["-j", "2"]),
    ]
    trees = []
    for folder, env, extra in runs:
        work = tmp_path / folder
        work.mkdir(parents=True)
        source = work / "conteudo"
        shutil.copytree(SAMPLE, source)
        done = kbgen("build", "--source", str(source), "--out", "site", "--strict", *extra, cwd=work, env=env)
        assert done.returncode == 0, done.stderr
        trees.append(_tree(work / "site"))
    first, second = trees
    assert sorted(first) == sorted(second)
    different = [name for name in first if first[name] != second[name]]
    assert not different, different[:10]
    assert len(first) > 80
