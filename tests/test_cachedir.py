"""--cache-dir is guarded like --out: kbgen writes and deletes only in a cache folder it created,
and check/build never write into the content folder (issue 18, failure 6)."""

from __future__ import annotations

import io
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from kbgen import cachedir
from kbgen.cachedir import MARKER, CacheRefused, check_cache_dir, clean_cache_dir, prepare_cache_dir
from kbgen.commands.build import BuildOptions, build
from kbgen.commands.check import CheckOptions, check
from kbgen.commands.usage import UsageError
from kbgen.exitcodes import ExitStatus
from kbgen.lock import CACHE_LOCK

from .conftest import MINIMAL, copy_site, kbgen


def _tree(root: Path) -> dict[str, tuple[bytes, int]]:
    """Every file and folder under root with its bytes and mtime: any write shows."""
    found: dict[str, tuple[bytes, int]] = {}
    for path in sorted(root.rglob("*")):
        stat = path.lstat()
        found[str(path.relative_to(root))] = (path.read_bytes() if path.is_file() else b"", stat.st_mtime_ns)
    found["."] = (b"", root.stat().st_mtime_ns)
    return found


def _build(source: Path, cache: Path, out: Path, clean: bool = False) -> ExitStatus:
    return build(BuildOptions(source=source, out=out, cache_dir=cache, clean=clean), io.StringIO()).status


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "home"
    (folder / "Documentos").mkdir(parents=True)
    (folder / "Documentos" / "tese.odt").write_bytes(b"minha tese")
    monkeypatch.setenv("HOME", str(folder))
    return folder


def _refused_cases(tmp_path: Path, source: Path, home: Path) -> dict[str, Path]:
    foreign = tmp_path / "projeto"
    (foreign / "src").mkdir(parents=True)
    (foreign / "src" / "notas.md").write_text("minhas notas", encoding="utf-8")
    a_file = tmp_path / "arquivo.txt"
    a_file.write_text("x", encoding="utf-8")
    return {
        "root": Path("/"),
        "home": home,
        "content": source,
        "content-parent": source.parent,
        "inside-content": source / "_cache",
        "inside-a-set": source / "fiscal" / "cache",
        "foreign-non-empty": foreign,  # its src/notas.md must survive: it is not kbgen's
        "a-file": a_file,
        "symlink-to-content": tmp_path / "atalho",
    }


CASES = ["root", "home", "content", "content-parent", "inside-content", "inside-a-set", "foreign-non-empty",
         "a-file", "symlink-to-content"]


@pytest.mark.parametrize("case", CASES)
def test_refused_cache_dirs(case: str, tmp_path: Path, home: Path) -> None:
    source = copy_site(MINIMAL, tmp_path / "content")
    cache = _refused_cases(tmp_path, source, home)[case]
    if case == "symlink-to-content":
        cache.symlink_to(source)
    before_source, before_home = _tree(source), _tree(home)
    foreign = tmp_path / "projeto"
    before_foreign = _tree(foreign)
    with pytest.raises(UsageError, match="--cache-dir"):
        build(BuildOptions(source=source, out=tmp_path / "out", cache_dir=cache, clean=True), io.StringIO())
    with pytest.raises(UsageError, match="--cache-dir"):
        check(CheckOptions(source=source, cache_dir=cache), io.StringIO())
    assert _tree(source) == before_source
    assert _tree(home) == before_home
    assert _tree(foreign) == before_foreign
    assert not (tmp_path / "out").exists()


def test_cli_home_cache_with_clean_is_a_usage_error_and_deletes_nothing(tmp_path: Path, home: Path) -> None:
    """The reproduced failure: `--cache-dir "$HOME" --clean` removed the home folder."""
    source = copy_site(MINIMAL, tmp_path / "content")
    before = _tree(home)
    for command in (["build", "--clean", "--out", str(tmp_path / "out")], ["check"], ["serve", "--port", "0"]):
        done = kbgen(*command, "--source", str(source), "--cache-dir", str(home), cwd=tmp_path,
                     env={"HOME": str(home)})
        assert done.returncode == ExitStatus.USAGE_ERROR, (command, done.stderr)
        assert "kbgen: error: --cache-dir" in done.stderr and "home folder" in done.stderr
        assert "Traceback" not in done.stderr
    assert _tree(home) == before


def test_cli_check_and_serve_refuse_the_content_folder_as_cache(tmp_path: Path) -> None:
    """The reproduced failure: `kbgen check --cache-dir content` wrote into content/."""
    source = copy_site(MINIMAL, tmp_path / "content")
    before = _tree(source)
    for command in (["check"], ["serve", "--port", "0"]):
        done = kbgen(*command, "--source", "content", "--cache-dir", "content", cwd=tmp_path)
        assert done.returncode == ExitStatus.USAGE_ERROR, done.stderr
        assert "content folder" in done.stderr
    assert _tree(source) == before


def test_check_and_build_never_write_into_content(tmp_path: Path) -> None:
    source = copy_site(MINIMAL, tmp_path / "content")
    before = _tree(source)
    assert check(CheckOptions(source=source, cache_dir=tmp_path / "cache"), io.StringIO())[0] == ExitStatus.OK
    assert _build(source, tmp_path / "cache", tmp_path / "out") == ExitStatus.OK
    assert _build(source, tmp_path / "cache", tmp_path / "out", clean=True) == ExitStatus.OK
    assert _tree(source) == before


def test_a_new_or_empty_cache_is_created_with_its_marker(tmp_path: Path) -> None:
    source = copy_site(MINIMAL, tmp_path / "content")
    empty = tmp_path / "empty"
    empty.mkdir()
    for cache in (tmp_path / "new" / "cache", empty):
        check_cache_dir(cache, source)
        prepare_cache_dir(cache)
        assert (cache / MARKER).is_file()
        check_cache_dir(cache, source)  # now kbgen's, whatever it holds


def test_a_cache_another_build_is_creating_is_not_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Two builds start together on a new cache: the other one writes its marker right after this
    one's first look into the folder, whichever look that is. Seen as a flaky refusal in
    test_locking's concurrent builds; here made to happen."""
    source = copy_site(MINIMAL, tmp_path / "content")
    cache = tmp_path / "cache"
    cache.mkdir()  # the other build's mkdir; its marker comes next
    looked = []
    real_marker, real_iterdir = cachedir.is_kbgen_cache, Path.iterdir

    def then_the_other_build_writes() -> None:
        if not looked:
            looked.append(True)
            prepare_cache_dir(cache)

    def is_kbgen_cache(folder: Path) -> bool:
        seen = real_marker(folder)
        then_the_other_build_writes()
        return seen

    def iterdir(folder: Path) -> Iterator[Path]:
        entries = list(real_iterdir(folder))
        if folder == cache:
            then_the_other_build_writes()
        return iter(entries)

    monkeypatch.setattr(cachedir, "is_kbgen_cache", is_kbgen_cache)
    monkeypatch.setattr(Path, "iterdir", iterdir)
    check_cache_dir(cache, source)  # not refused
    assert looked and (cache / MARKER).is_file()


def test_a_cache_from_before_the_marker_is_adopted(tmp_path: Path) -> None:
    source = copy_site(MINIMAL, tmp_path / "content")
    cache = tmp_path / "cache"
    (cache / "src").mkdir(parents=True)
    (cache / "html").mkdir()
    (cache / "src" / "conf.py").write_text("# Generated by kbgen from '/x': do not edit\n", encoding="utf-8")
    check_cache_dir(cache, source)
    (cache / "meu-arquivo.txt").write_text("x", encoding="utf-8")  # a name kbgen never used: not adopted
    with pytest.raises(CacheRefused):
        check_cache_dir(cache, source)


def test_clean_empties_only_a_marked_cache_and_keeps_its_marker_and_lock(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    cache.mkdir()
    (cache / "html").mkdir()
    with pytest.raises(CacheRefused):
        clean_cache_dir(cache)
    assert (cache / "html").is_dir()
    prepare_cache_dir(cache)
    (cache / CACHE_LOCK).write_text("1\n", encoding="utf-8")
    (cache / "serve").mkdir()  # a running preview's: it has its own lock
    (cache / "front-matter.pickle").write_bytes(b"x")
    clean_cache_dir(cache)
    assert sorted(p.name for p in cache.iterdir()) == sorted([MARKER, CACHE_LOCK, "serve"])


def test_prepare_sources_refuses_a_folder_outside_a_kbgen_cache(tmp_path: Path) -> None:
    """Defence in depth: the copy step deletes files in src/, so it checks for the marker itself."""
    from kbgen.loading.walker import load_site
    from kbgen.sphinx_ext.staging import prepare_sources

    source = copy_site(MINIMAL, tmp_path / "content")
    site, problems = load_site(source)
    assert not problems.errors
    src = tmp_path / "projeto" / "src"
    src.mkdir(parents=True)
    (src / "notas.md").write_text("minhas notas", encoding="utf-8")
    with pytest.raises(CacheRefused):
        prepare_sources(site, src)
    assert (src / "notas.md").read_text(encoding="utf-8") == "minhas notas"


def test_a_killed_runs_temporary_files_are_removed(tmp_path: Path) -> None:
    source = copy_site(MINIMAL, tmp_path / "content")
    cache = tmp_path / "cache"
    assert _build(source, cache, tmp_path / "out") == ExitStatus.OK
    left = [cache / f".front-matter.pickle.{os.getpid() + 1}.kbgen-tmp",
            cache / "doctrees" / ".kbgen-search-analyses.pickle.77.kbgen-tmp"]
    for path in left:
        path.write_bytes(b"half")
    assert _build(source, cache, tmp_path / "out") == ExitStatus.OK
    assert not any(path.exists() for path in left)
