"""Publishing: a failed, interrupted or killed build leaves the previous output untouched."""

from __future__ import annotations

import errno
import hashlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kbgen import publish as publish_module
from kbgen.publish import MARKER, MARKER_TEXT, publish

from .conftest import SAMPLE, copy_site, kbgen, tree_fingerprint

ARTICLE = "fiscal/nota-fiscal-eletronica/como-cancelar-uma-nfs-e"
OTHER = "arrecadacao/iptu/como-emitir-a-segunda-via-do-boleto-do-iptu"


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

    def interrupted(source: Path, staging: Path, manifest: object, previous: object = None) -> None:
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


def _inodes(folder: Path) -> dict[str, int]:
    return {str(p.relative_to(folder)): p.stat().st_ino for p in folder.rglob("*") if p.is_file()}


def test_an_edit_rebuild_carries_unchanged_files_over_and_publishes_what_a_clean_build_does(
        published: tuple[Path, Path, str]) -> None:
    """The files the edit did not change are hard links to the previous output's (not read again
    from the cache); the edited page is a new file; the site is byte for byte a clean build's."""
    source, out, _before = published
    inodes = _inodes(out)
    article = source / f"{ARTICLE}.md"
    article.write_text(article.read_text(encoding="utf-8") + "\nParágrafo acrescentado.\n", encoding="utf-8")
    done = kbgen("build", "--source", str(source), "--out", "site", cwd=out.parent)
    assert done.returncode == 0, done.stderr
    after = _inodes(out)
    assert after[f"{OTHER}.html"] == inodes[f"{OTHER}.html"]
    assert after[f"{ARTICLE}.html"] != inodes[f"{ARTICLE}.html"]
    assert "Parágrafo acrescentado." in (out / f"{ARTICLE}.html").read_text(encoding="utf-8")
    carried = sum(after[rel] == inodes.get(rel) for rel in after)
    assert carried > len(after) // 2, (carried, len(after))
    clean = kbgen("build", "--source", str(source), "--out", "clean", "--cache-dir", "clean-cache",
                  cwd=out.parent)
    assert clean.returncode == 0, clean.stderr
    assert tree_fingerprint(out) == tree_fingerprint(out.parent / "clean")


def test_a_file_changed_by_hand_in_the_output_is_replaced_by_the_built_one(
        published: tuple[Path, Path, str]) -> None:
    source, out, before = published
    page = out / f"{OTHER}.html"
    page.write_text("editado à mão", encoding="utf-8")  # a new time stamp: not the published copy
    done = kbgen("build", "--source", str(source), "--out", "site", cwd=out.parent)
    assert done.returncode == 0, done.stderr
    assert tree_fingerprint(out) == before


def _site(folder: Path, files: dict[str, bytes]) -> dict[str, tuple[int, int, str]]:
    """``files`` written under ``folder``; their manifest (size, mtime_ns, sha256) as cachestate keeps it."""
    manifest = {}
    for rel, data in files.items():
        (folder / rel).parent.mkdir(parents=True, exist_ok=True)
        (folder / rel).write_bytes(data)
        stat = (folder / rel).stat()
        manifest[rel] = (stat.st_size, stat.st_mtime_ns, hashlib.sha256(data).hexdigest())
    return manifest


def test_where_hard_links_fail_every_file_is_copied_and_verified(tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    built = tmp_path / "built"
    manifest = _site(built, {"index.html": b"inicio", "a/b.html": b"artigo"})
    out = tmp_path / "out"
    publish(built, out, manifest)
    first = _inodes(out)

    def no_links(*_args: object, **_kwargs: object) -> None:
        raise OSError(errno.EXDEV, "Invalid cross-device link")

    monkeypatch.setattr(os, "link", no_links)
    publish(built, out, manifest)
    assert (out / "a" / "b.html").read_bytes() == b"artigo"
    assert all(_inodes(out)[rel] != first[rel] for rel in first)  # copies, not links


def test_a_published_file_is_linked_only_when_it_is_the_copy_of_the_manifest_entry(tmp_path: Path) -> None:
    built = tmp_path / "built"
    manifest = _site(built, {"same.html": b"igual", "retimed.html": b"mesmo tamanho"})
    out = tmp_path / "out"
    publish(built, out, manifest)
    first = _inodes(out)
    stat = (out / "retimed.html").stat()
    os.utime(out / "retimed.html", ns=(stat.st_atime_ns, stat.st_mtime_ns + 1))  # one nanosecond off
    publish(built, out, manifest)
    now = _inodes(out)
    assert now["same.html"] == first["same.html"]
    assert now["retimed.html"] != first["retimed.html"]
    assert (out / "retimed.html").stat().st_mtime_ns == manifest["retimed.html"][1]
