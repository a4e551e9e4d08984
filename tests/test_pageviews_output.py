"""Issue 18 (12): ``kbgen pageviews -o`` where the CSV cannot be written: one clear line, no traceback,
nothing half-written, the old file untouched."""

from __future__ import annotations

import errno
import io
import os
from pathlib import Path
from typing import Any

import pytest

import kbgen.pageviews.csvio as csvio
from kbgen.commands.pageviews import PageviewsOptions, pageviews
from kbgen.commands.usage import UsageError
from kbgen.exitcodes import ExitStatus

from .conftest import MINIMAL, kbgen
from .test_pageviews import line, write


@pytest.fixture
def log(tmp_path: Path) -> Path:
    return write(tmp_path / "access.log", line(1, "/fiscal/escrita-fiscal/como-declarar-sem-movimento.html"))


def _run(log: Path, out: Path) -> tuple[ExitStatus, str]:
    stream = io.StringIO()
    status = pageviews(PageviewsOptions((log,), out, MINIMAL), stream)
    return status, stream.getvalue()


@pytest.mark.parametrize("code", [errno.EACCES, errno.EROFS, errno.ENOSPC])
def test_an_unwritable_folder_is_one_message_and_exit_1(log: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                        code: int) -> None:
    """Injected (the tests run as root, who may write into a read-only folder)."""
    target = tmp_path / "saida" / "pageviews.csv"
    target.parent.mkdir()
    target.write_text("# kbgen pageviews: the old counts\npath,views\nx.html,1\n", encoding="utf-8")
    real = os.fdopen

    def failing_fdopen(fd: int, *args: Any, **kwargs: Any) -> Any:
        handle = real(fd, *args, **kwargs)
        handle.close()
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(csvio.os, "fdopen", failing_fdopen)
    status, output = _run(log, target)
    assert status == ExitStatus.CONTENT_ERROR
    assert f"kbgen: error: cannot write {target}: {os.strerror(code)}; nothing was written" in output
    assert target.read_text(encoding="utf-8").endswith("x.html,1\n")  # the old file is untouched
    assert sorted(p.name for p in target.parent.iterdir()) == ["pageviews.csv"]  # no temporary file left


def test_a_file_where_the_folder_should_be(log: Path, tmp_path: Path) -> None:
    (tmp_path / "arquivo").write_text("x")
    with pytest.raises(UsageError, match="arquivo is a file, not a folder"):
        _run(log, tmp_path / "arquivo" / "dados" / "pageviews.csv")


def test_a_missing_parent_folder_is_created(log: Path, tmp_path: Path) -> None:
    status, _output = _run(log, tmp_path / "novo" / "dados" / "pageviews.csv")
    assert status == ExitStatus.OK and (tmp_path / "novo" / "dados" / "pageviews.csv").is_file()


def test_a_folder_as_output_is_a_usage_error(log: Path, tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="is a folder; give the CSV file to write"):
        pageviews(PageviewsOptions((log,), tmp_path, MINIMAL, force=True), io.StringIO())
    done = kbgen("pageviews", str(log), "-o", str(tmp_path), "--source", str(MINIMAL), cwd=tmp_path, timeout=60)
    assert done.returncode == ExitStatus.USAGE_ERROR and "Traceback" not in done.stderr


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write into a read-only folder")
def test_a_read_only_folder(log: Path, tmp_path: Path) -> None:  # pragma: no cover - only without root
    folder = tmp_path / "somente-leitura"
    folder.mkdir(mode=0o555)
    status, output = _run(log, folder / "pageviews.csv")
    assert status == ExitStatus.CONTENT_ERROR and "Permission denied" in output
