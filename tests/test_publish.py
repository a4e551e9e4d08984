"""Publishing: a failed, interrupted or killed build leaves the previous output untouched."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kbgen import publish as publish_module
from kbgen.publish import MARKER, MARKER_TEXT, publish

from .conftest import SAMPLE, copy_site, kbgen, tree_fingerprint


@pytest.fixture
def published(tmp_path: Path) -> tuple[Path, Path, str]:
    source = copy_site(SAMPLE, tmp_path / "content")
    done = kbgen("build", "--source", str(source), "--out", "site", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    return source, tmp_path / "site", tree_fingerprint(tmp_path / "site")


def test_failed_build_keeps_previous_output(published: tuple[Path, Path, str]) -> None:
    source, out, before = published
    (source / "fiscal" / "_set.yml").write_text("title: Fiscal\n", encoding="utf-8")
    done = kbgen("build", "--source", str(source), "--out", "site", cwd=out.parent)
    assert done.returncode == 1
    assert tree_fingerprint(out) == before


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM, signal.SIGINT])
def test_killed_builds_keep_previous_output(published: tuple[Path, Path, str], sig: signal.Signals) -> None:
    """A signal at several points of a full rebuild (read, write, publish): never a half site."""
    source, out, before = published
    article = next(source.rglob("*.md"))
    article.write_text(article.read_text(encoding="utf-8") + "\nNovo parágrafo.\n", encoding="utf-8")
    start = time.monotonic()
    full = subprocess.run([sys.executable, "-m", "kbgen", "build", "--source", str(source), "--out", "probe",
                           "--cache-dir", "probe-cache"], cwd=out.parent, capture_output=True, check=False)
    duration = time.monotonic() - start
    assert full.returncode == 0
    for fraction in (0.2, 0.4, 0.6, 0.75, 0.85, 0.92, 0.97):
        process = subprocess.Popen([sys.executable, "-m", "kbgen", "build", "--source", str(source), "--out",
                                    "site", "--clean"], cwd=out.parent, stdout=subprocess.DEVNULL,
                                   stderr=subprocess.DEVNULL)
        time.sleep(duration * fraction)
        process.send_signal(sig)
        process.wait(timeout=60)
        if process.returncode != 0 and sig is not signal.SIGKILL:
            # 130/143 once kbgen's handlers are installed; killed by the signal itself before that
            assert process.returncode in (130, 143, -sig), process.returncode
        now = tree_fingerprint(out)
        assert now in (before, tree_fingerprint(out.parent / "probe")), f"half-written output at {fraction:.0%}"
        if process.returncode == 0:  # it had finished: the new site is complete
            continue
    # the next build cleans leftovers and publishes normally
    done = kbgen("build", "--source", str(source), "--out", "site", cwd=out.parent)
    assert done.returncode == 0
    # only the lock file stays (by design: see kbgen.lock); no staging folder
    assert [p.name for p in out.parent.iterdir() if p.name.startswith(".site.kbgen-")] == [".site.kbgen-lock"]


def test_publish_replaces_and_marks(tmp_path: Path) -> None:
    built = tmp_path / "built"
    built.mkdir()
    (built / "index.html").write_text("novo", encoding="utf-8")
    (built / ".buildinfo").write_text("x", encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    (out / MARKER).write_text("old", encoding="utf-8")
    (out / "velho.html").write_text("velho", encoding="utf-8")
    publish(built, out)
    assert sorted(p.name for p in out.iterdir()) == [MARKER, "index.html"]
    assert (out / MARKER).read_text(encoding="utf-8").startswith("This folder is written by kbgen")


def test_publish_interrupted_while_copying_removes_its_staging(tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    built = tmp_path / "built"
    built.mkdir()
    (built / "index.html").write_text("novo", encoding="utf-8")
    out = tmp_path / "out"
    real_copy = publish_module._copy_site

    def interrupted(source: Path, staging: Path, manifest: object) -> None:
        real_copy(source, staging, None)
        raise KeyboardInterrupt  # a signal after the copy, before the exchange

    monkeypatch.setattr(publish_module, "_copy_site", interrupted)
    with pytest.raises(KeyboardInterrupt):
        publish(built, out)
    assert not out.exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".out.kbgen-")]


def test_leftovers_of_killed_runs_are_removed_and_nothing_else(tmp_path: Path) -> None:
    """What SIGKILL leaves (any pid): a marked half copy, a folder killed before its marker, a
    deletion killed half-way (marker removed last, so still marked). Folders kbgen did not mark
    are kept, even with a kbgen-like name."""
    built = tmp_path / "built"
    built.mkdir()
    (built / "index.html").write_text("novo", encoding="utf-8")
    half = tmp_path / ".out.kbgen-new-4242"
    (half / "fiscal").mkdir(parents=True)
    (half / MARKER).write_text(MARKER_TEXT, encoding="utf-8")
    (half / "fiscal" / "index.html").write_text("metade", encoding="utf-8")
    empty = tmp_path / ".out.kbgen-new-17"
    empty.mkdir()
    old = tmp_path / ".out.kbgen-old-99"
    old.mkdir()
    (old / MARKER).write_text(MARKER_TEXT, encoding="utf-8")
    foreign = tmp_path / ".out.kbgen-new-7"
    foreign.mkdir()
    (foreign / "notes.txt").write_text("do autor", encoding="utf-8")
    other_name = tmp_path / ".out.kbgen-new-mine"
    other_name.mkdir()
    (other_name / MARKER).write_text(MARKER_TEXT, encoding="utf-8")
    publish(built, tmp_path / "out")
    left = sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".out.kbgen-"))
    assert left == [".out.kbgen-new-7", ".out.kbgen-new-mine"]
    assert (foreign / "notes.txt").read_text(encoding="utf-8") == "do autor"
    assert (tmp_path / "out" / "index.html").read_text(encoding="utf-8") == "novo"


def test_remove_marked_tree_deletes_the_marker_last(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / ".out.kbgen-old-1"
    (folder / "a").mkdir(parents=True)
    (folder / MARKER).write_text(MARKER_TEXT, encoding="utf-8")
    (folder / "z.html").write_text("x", encoding="utf-8")
    order: list[str] = []
    real_unlink = Path.unlink

    def recording(self: Path, missing_ok: bool = False) -> None:
        order.append(self.name)
        real_unlink(self, missing_ok=missing_ok)

    monkeypatch.setattr(Path, "unlink", recording)
    publish_module.remove_marked_tree(folder)
    assert order[-1] == MARKER and not folder.exists()
