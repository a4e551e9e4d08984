"""A full disk, or a folder kbgen may not write (issue 18, failure 9): one clear message, exit
status 1, the previous site intact, no staging folder left, and the next build works without
--clean."""

from __future__ import annotations

import errno
import io
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from kbgen import publish as publish_module
from kbgen.commands.build import BuildOptions, build
from kbgen.exitcodes import ExitStatus

from . import fault_run
from .conftest import MINIMAL, REPO, copy_site, kbgen, tree_fingerprint

ARTICLE = "fiscal/nota-fiscal-eletronica/como-cancelar-uma-nfs-e"



def _build(source: Path, out: Path, cache: Path) -> tuple[ExitStatus, str]:
    stream = io.StringIO()
    return build(BuildOptions(source=source, out=out, cache_dir=cache), stream).status, stream.getvalue()


def _edit(source: Path) -> None:
    path = source / f"{ARTICLE}.md"
    path.write_text(path.read_text(encoding="utf-8") + "\nUm parágrafo novo.\n", encoding="utf-8")


def _staging(folder: Path) -> list[str]:
    return [p.name for p in folder.iterdir() if ".kbgen-new" in p.name or ".kbgen-old" in p.name]


def _assert_one_clear_message(output: str, folder: Path, what: str) -> None:
    errors = [line for line in output.splitlines() if line.startswith("kbgen: error:")]
    assert len(errors) == 1, output
    assert errors[0].startswith(f"kbgen: error: {what + ' ' if what else ''}{folder}"), output
    for noise in ("Traceback", "shutil.Error", "kb.yml", "IndexError", "Errno"):
        assert noise not in output, output


@pytest.fixture
def published(tmp_path: Path) -> tuple[Path, Path, Path, str]:
    source = copy_site(MINIMAL, tmp_path / "content")
    out, cache = tmp_path / "out", tmp_path / "cache"
    status, output = _build(source, out, cache)
    assert status == ExitStatus.OK, output
    _edit(source)  # so that a build after the fault publishes something new
    return source, out, cache, tree_fingerprint(out)


MESSAGES = {"ENOSPC": "not enough space in", "EDQUOT": "not enough space in",
            "EACCES": "no permission to write in", "EPERM": "no permission to write in"}


@pytest.mark.parametrize("name", ["ENOSPC", "EDQUOT", "EACCES", "EPERM", "EROFS", "EIO"])
def test_a_failed_write_to_out_is_one_message_and_keeps_the_old_site(
        name: str, published: tuple[Path, Path, Path, str], monkeypatch: pytest.MonkeyPatch) -> None:
    source, out, cache, before = published
    real = publish_module._copy_verified
    copied = 0

    def failing(*args: Any) -> None:
        nonlocal copied
        copied += 1
        if copied == 10:  # half-way through the copy
            number = getattr(errno, name)
            raise OSError(number, os.strerror(number), str(args[1]))
        real(*args)

    monkeypatch.setattr(publish_module, "_copy_verified", failing)
    status, output = _build(source, out, cache)
    assert status == ExitStatus.CONTENT_ERROR
    if name == "EROFS":
        _assert_one_clear_message(output, out.parent, "")
        assert "read-only file system" in output
    elif name == "EIO":
        _assert_one_clear_message(output, out.parent, "cannot write in")
    else:
        _assert_one_clear_message(output, out.parent, MESSAGES[name])
    assert "--out" in output and "the previous site was left as it was" in output
    assert tree_fingerprint(out) == before
    assert _staging(out.parent) == []
    monkeypatch.setattr(publish_module, "_copy_verified", real)
    status, output = _build(source, out, cache)
    assert status == ExitStatus.OK, output
    assert "Um parágrafo novo." in (out / f"{ARTICLE}.html").read_text(encoding="utf-8")


def _build_with_fault(source: Path, out: Path, cache: Path, at: int, fault: str) -> tuple[int, str]:
    """A build in a forked child whose ``at``-th write in the cache fails; its status and output."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:
        try:
            os.close(read_end)
            fault_run.install(str(cache), at, fault)
            status, output = _build(source, out, cache)
            os.write(write_end, output.encode())
            os._exit(int(status))
        except BaseException as exc:
            os.write(write_end, f"uncaught {exc!r}".encode())
            os._exit(70)
    os.close(write_end)
    with os.fdopen(read_end, "rb") as reader:
        output = reader.read().decode()
    return os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]), output


def test_a_full_cache_disk_at_any_write_is_one_message_and_the_next_build_works(
        published: tuple[Path, Path, Path, str], tmp_path: Path) -> None:
    """ENOSPC at writes spread over a whole build in the cache (copies, doctrees, pages, state
    files, the manifest). The reproduced failures: an internal error blamed on kb.yml, then an
    IndexError on every build until --clean."""
    source, out, cache, before = published
    reference_out = tmp_path / "reference"
    status, output = _build(source, reference_out, tmp_path / "reference-cache")
    assert status == ExitStatus.OK, output
    expected = tree_fingerprint(reference_out)
    counting = copy_site(cache, tmp_path / "counting-cache")
    writes = _count_writes(source, tmp_path / "counting-out", counting)
    for at in sorted({1 + round(i * (writes - 1) / 6) for i in range(7)}):
        (source / f"{ARTICLE}.md").touch()  # something to build each time
        code, output = _build_with_fault(source, out, cache, at, "ENOSPC")
        assert code == ExitStatus.CONTENT_ERROR, (at, output)
        _assert_one_clear_message(output, cache, "not enough space in")
        assert "--cache-dir" in output
        assert tree_fingerprint(out) == before, at
        assert _staging(out.parent) == []
    status, output = _build(source, out, cache)
    assert status == ExitStatus.OK, output
    assert tree_fingerprint(out) == expected


def _count_writes(source: Path, out: Path, cache: Path) -> int:
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:
        counted = fault_run.install(str(cache), 0)
        _build(source, out, cache)
        os.write(write_end, str(counted()).encode())
        os._exit(0)
    os.close(write_end)
    with os.fdopen(read_end, "rb") as reader:
        writes = int(reader.read().decode())
    os.waitpid(pid, 0)
    assert writes > 20
    return writes


def test_cli_full_disk_exit_status_and_message(published: tuple[Path, Path, Path, str]) -> None:
    source, out, cache, before = published
    env = {**os.environ, "KBGEN_FAULT_UNDER": str(cache / "html"), "KBGEN_FAULT_AT": "3", "KBGEN_FAULT": "ENOSPC",
           "PYTHONPATH": os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")])}
    done = subprocess.run(["python", str(Path(fault_run.__file__)), "build", "--source", str(source), "--out",
                           str(out), "--cache-dir", str(cache)], env=env, capture_output=True, text=True,
                          timeout=300, check=False)
    assert done.returncode == 1, done.stderr
    _assert_one_clear_message(done.stderr, cache, "not enough space in")
    assert tree_fingerprint(out) == before


# --- a real full disk: a small tmpfs (needs root and permission to mount, as in CI containers)


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    disk = tmp_path / "disk"
    disk.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=900k", "tmpfs", str(disk)], capture_output=True,
                             text=True, check=False)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here (needs root and CAP_SYS_ADMIN): {mounted.stderr.strip()}")
    try:
        yield disk
    finally:
        subprocess.run(["umount", "-l", str(disk)], check=False)


def _resize(disk: Path, size: str) -> None:
    subprocess.run(["mount", "-o", f"remount,size={size}", str(disk)], check=True)


def _fill(disk: Path, leave: int) -> Path:
    """A file taking all of the disk's free space but `leave` bytes."""
    stats = os.statvfs(disk)
    filler = disk / "filler"
    with filler.open("wb") as handle:
        handle.write(b"\0" * max(0, stats.f_bavail * stats.f_frsize - leave))
    return filler


def test_real_full_disk_under_out(small_disk: Path) -> None:
    """--out on a disk with room for the published site but not for what an edit writes next to it.

    Since the publisher hard-links the files --out already holds, the new site needs room only for the
    files that changed (the edited page, its search shards, the manifest): the disk is filled to 8 KB."""
    source = copy_site(MINIMAL, small_disk.parent / "content")
    out = small_disk / "site"
    cache = small_disk.parent / "cache"
    done = kbgen("build", "--source", str(source), "--out", str(out), "--cache-dir", str(cache), cwd=small_disk.parent)
    assert done.returncode == 0, done.stderr
    before = tree_fingerprint(out)
    _edit(source)
    filler = _fill(small_disk, leave=8 * 1024)
    done = kbgen("build", "--source", str(source), "--out", str(out), "--cache-dir", str(cache), cwd=small_disk.parent)
    assert done.returncode == 1, done.stderr
    _assert_one_clear_message(done.stderr, small_disk, "not enough space in")
    assert tree_fingerprint(out) == before
    assert _staging(small_disk) == []
    filler.unlink()
    done = kbgen("build", "--source", str(source), "--out", str(out), "--cache-dir", str(cache), cwd=small_disk.parent)
    assert done.returncode == 0, done.stderr
    assert "Um parágrafo novo." in (out / f"{ARTICLE}.html").read_text(encoding="utf-8")


def test_real_full_disk_under_the_cache(small_disk: Path) -> None:
    """The cache on a disk too small for it: the reproduced IndexError on every later build."""
    _resize(small_disk, "400k")  # a cache of the minimal site needs about 760k
    source = copy_site(MINIMAL, small_disk.parent / "content")
    out = small_disk.parent / "site"
    cache = small_disk / "cache"
    args = ["build", "--source", str(source), "--out", str(out), "--cache-dir", str(cache)]
    done = kbgen(*args, cwd=small_disk.parent)
    assert done.returncode == 1, done.stderr
    _assert_one_clear_message(done.stderr, cache, "not enough space in")
    assert not out.exists() and _staging(out.parent) == []
    again = kbgen(*args, cwd=small_disk.parent)  # still full: the same message, never an internal error
    assert again.returncode == 1, again.stderr
    _assert_one_clear_message(again.stderr, cache, "not enough space in")
    _resize(small_disk, "8m")
    done = kbgen(*args, cwd=small_disk.parent)
    assert done.returncode == 0, done.stderr
    reference = kbgen("build", "--source", str(source), "--out", "reference", "--cache-dir", "reference-cache",
                      cwd=small_disk.parent)
    assert reference.returncode == 0, reference.stderr
    assert tree_fingerprint(out) == tree_fingerprint(small_disk.parent / "reference")
