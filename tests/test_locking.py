"""One build at a time per cache and per --out (issue 18, failure 7): the second waits, naming
the first, or stops under --no-wait; two builds at once never publish a partial site."""

from __future__ import annotations

import os
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kbgen.cachedir import prepare_cache_dir
from kbgen.exitcodes import ExitStatus
from kbgen.lock import CACHE_LOCK, hold, out_lock_path

from .conftest import MINIMAL, SAMPLE, copy_site, kbgen, tree_fingerprint


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """The minimal fixture and the fingerprint of its clean build."""
    work = tmp_path_factory.mktemp("locking")
    source = copy_site(MINIMAL, work / "content")
    done = kbgen("build", "--source", str(source), "--out", "ref", "--cache-dir", "ref-cache", cwd=work)
    assert done.returncode == 0, done.stderr
    return source, tree_fingerprint(work / "ref")


def _popen(source: Path, cwd: Path, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "kbgen", "build", "--source", str(source), *args], cwd=cwd,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


@pytest.mark.parametrize("which", ["cache", "out"])
def test_no_wait_stops_with_status_1_naming_the_holder(which: str, reference: tuple[Path, str],
                                                       tmp_path: Path) -> None:
    source, _ = reference
    prepare_cache_dir(tmp_path / "cache")  # a cache kbgen made, held by another build
    lock = tmp_path / "cache" / CACHE_LOCK if which == "cache" else out_lock_path(tmp_path / "out")
    with hold(lock, "test"):
        done = kbgen("build", "--source", str(source), "--out", "out", "--cache-dir", "cache", "--no-wait",
                     cwd=tmp_path)
    assert done.returncode == ExitStatus.CONTENT_ERROR, done.stderr
    assert f"running as pid {os.getpid()}" in done.stderr
    assert "Traceback" not in done.stderr
    assert not (tmp_path / "out").exists()


def test_the_second_build_waits_for_the_first_and_says_so(reference: tuple[Path, str], tmp_path: Path) -> None:
    source, expected = reference
    with hold(out_lock_path(tmp_path / "out"), "test"):
        process = _popen(source, tmp_path, "--out", "out", "--cache-dir", "cache")
        assert process.stderr is not None
        ready, _, _ = select.select([process.stderr], [], [], 60)
        first_line = process.stderr.readline() if ready else ""
        assert first_line.startswith(f"kbgen: waiting for the build running as pid {os.getpid()}"), first_line
        time.sleep(0.3)
        assert process.poll() is None  # still waiting
        assert not (tmp_path / "out").exists()
    _stdout, stderr = process.communicate(timeout=120)
    assert process.returncode == 0, first_line + stderr
    assert tree_fingerprint(tmp_path / "out") == expected


@pytest.fixture(scope="module")
def sample_reference(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """The sample help center (151 files: long enough for two builds to overlap) and its clean build."""
    work = tmp_path_factory.mktemp("locking-sample")
    done = kbgen("build", "--source", str(SAMPLE), "--out", "ref", "--cache-dir", "ref-cache", cwd=work)
    assert done.returncode == 0, done.stderr
    return SAMPLE, tree_fingerprint(work / "ref")


@pytest.mark.parametrize("layout", ["same-cache-same-out", "same-out", "same-cache"])
def test_concurrent_builds_never_publish_a_partial_site(layout: str, reference: tuple[Path, str],
                                                        sample_reference: tuple[Path, str], tmp_path: Path) -> None:
    """The reproduced failure (on the sample): 27 of 151 files published with exit 0, tracebacks in
    9 of 18 trials. The second build starts at several points of the first (one of them --clean)."""
    source, expected = sample_reference if layout == "same-cache-same-out" else reference
    caches = ("cache", "cache") if layout != "same-out" else ("cache-a", "cache-b")
    outs = ("out", "out") if layout != "same-cache" else ("out-a", "out-b")
    delays = (0.0, 0.3, 0.8) if layout == "same-cache-same-out" else (0.0, 0.3)
    for delay in delays:
        first = _popen(source, tmp_path, "--out", outs[0], "--cache-dir", caches[0], "--clean")
        time.sleep(delay)
        second = _popen(source, tmp_path, "--out", outs[1], "--cache-dir", caches[1])
        for process in (first, second):
            _stdout, stderr = process.communicate(timeout=120)
            assert process.returncode == 0, stderr
            assert "Traceback" not in stderr
        for out in set(outs):
            assert tree_fingerprint(tmp_path / out) == expected, delay
    leftovers = [p.name for p in tmp_path.iterdir() if ".kbgen-" in p.name and not p.name.endswith("-lock")]
    assert leftovers == []


def test_a_killed_build_leaves_no_lock_behind(reference: tuple[Path, str], tmp_path: Path) -> None:
    """The kernel drops an flock with its process: after kill -9, the next build needs no clean-up."""
    source, expected = reference
    first = _popen(source, tmp_path, "--out", "out", "--cache-dir", "cache", "--clean")
    deadline = time.monotonic() + 60
    while not (tmp_path / "cache" / "src").exists() and time.monotonic() < deadline:
        time.sleep(0.02)
    first.kill()
    first.communicate(timeout=60)
    done = kbgen("build", "--source", str(source), "--out", "out", "--cache-dir", "cache", "--no-wait", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert tree_fingerprint(tmp_path / "out") == expected
