"""``.gz`` siblings of the search scripts (kbgen.precompress): a build publishes them, exact and
deterministic; an edit updates them; a removed script takes its sibling with it."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from kbgen.precompress import sync_gzip_siblings

from .conftest import MINIMAL, build_clean, copy_site


def _check_sibling(source: Path) -> None:
    sibling = source.with_name(source.name + ".gz")
    data = sibling.read_bytes()
    assert gzip.decompress(data) == source.read_bytes(), source.name
    # RFC 1952 header: flags 0 (no file name), mtime 0, XFL 0 (level 6; 2 would mean level 9)
    assert data[3] == 0 and data[4:8] == b"\0\0\0\0" and data[8] == 0, source.name
    assert sibling.stat().st_mtime_ns == source.stat().st_mtime_ns, source.name  # as gzip_static recommends


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    work = tmp_path_factory.mktemp("gz")
    content = copy_site(MINIMAL, work / "content")
    return content, build_clean(content, work)


def test_build_publishes_exact_siblings_and_an_edit_updates_them(built: tuple[Path, Path]) -> None:
    content, out = built
    static = out / "_static"
    scripts = sorted(static.glob("kbgen-search*.js"))
    assert len(scripts) >= 4  # the data scripts, the engine, the UI
    for source in [*scripts, static / "kbgen-lunr.min.js", static / "kbgen-normalise.js"]:
        _check_sibling(source)
    assert not (static / "kbgen.css.gz").exists()  # only what search loads
    before = {path.name: path.read_bytes() for path in static.glob("kbgen-search*.gz")}

    article = content / "fiscal" / "escrita-fiscal" / "como-declarar-sem-movimento.md"
    article.write_text(article.read_text(encoding="utf-8") + "\nPalavra nova: zibelina.\n", encoding="utf-8")
    out = build_clean(content, out.parent)
    after = {path.name: path.read_bytes() for path in static.glob("kbgen-search*.gz")}
    changed = [name for name in after if after[name] != before.get(name)]
    assert changed  # whatever the index's layout, the new word reached some sibling
    assert any(b"zibelin" in gzip.decompress(after[name]) for name in changed)
    for source in static.glob("kbgen-search*.js"):
        _check_sibling(source)


def test_sync_rewrites_only_changes_and_removes_orphans(tmp_path: Path) -> None:
    static = tmp_path / "_static"
    (static / "kbgen-search-shards").mkdir(parents=True)
    data = static / "kbgen-search-data.js"
    shard = static / "kbgen-search-shards" / "a.js"
    other = static / "theme.js"
    for path in (data, shard, other):
        path.write_text(f"var x = '{path.name}';\n" * 50, encoding="utf-8")
    foreign = static / "theme.js.gz"
    foreign.write_bytes(b"not ours")

    assert sync_gzip_siblings(static) == ["kbgen-search-data.js.gz", "kbgen-search-shards/a.js.gz"]
    first = (static / "kbgen-search-data.js.gz").read_bytes()
    _check_sibling(data)
    _check_sibling(shard)
    assert sync_gzip_siblings(static) == []  # nothing changed: nothing rewritten

    data.write_text("var x = 'changed';\n", encoding="utf-8")
    assert sync_gzip_siblings(static) == ["kbgen-search-data.js.gz"]
    _check_sibling(data)  # never a stale sibling next to a changed script

    (static / "kbgen-search-data.js.gz").write_bytes(first[:20])  # damaged: replaced
    assert sync_gzip_siblings(static) == ["kbgen-search-data.js.gz"]
    _check_sibling(data)

    shard.unlink()
    data.unlink()
    assert sorted(sync_gzip_siblings(static)) == ["kbgen-search-data.js.gz", "kbgen-search-shards/a.js.gz"]
    assert not (static / "kbgen-search-data.js.gz").exists()
    assert not (static / "kbgen-search-shards" / "a.js.gz").exists()
    assert foreign.read_bytes() == b"not ours" and not (static / "theme.js.gz.gz").exists()


def _stamps(static: Path) -> dict[str, tuple[int, int]]:
    return {str(p.relative_to(static)): (p.stat().st_size, p.stat().st_mtime_ns) for p in static.rglob("*")
            if p.is_file()}


def test_sync_trusts_recorded_pairs_and_nothing_else(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """With the stamps the last finished build recorded (the cache's manifest), an untouched
    source and sibling are not read again; any change to either one is still caught."""
    import os

    import kbgen.precompress as precompress

    static = tmp_path / "_static"
    static.mkdir()
    data, other = static / "kbgen-search-a.js", static / "kbgen-search-b.js"
    for path in (data, other):
        path.write_text(f"var x = '{path.name}';\n" * 50, encoding="utf-8")
    sync_gzip_siblings(static)
    known = _stamps(static)
    compared: list[str] = []
    holds = precompress._holds

    def counted(sibling: Path, raw: bytes) -> bool:
        compared.append(sibling.name)
        return holds(sibling, raw)

    monkeypatch.setattr(precompress, "_holds", counted)
    assert sync_gzip_siblings(static, known) == [] and compared == []  # nothing read, nothing written

    sibling = static / "kbgen-search-a.js.gz"
    stat = sibling.stat()
    sibling.write_bytes(gzip.compress(b"stale", mtime=0))  # another size: no longer what was recorded
    os.utime(sibling, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    other.write_text("var x = 'changed';\n", encoding="utf-8")
    assert sorted(sync_gzip_siblings(static, known)) == ["kbgen-search-a.js.gz", "kbgen-search-b.js.gz"]
    _check_sibling(data)
    _check_sibling(other)
    unrecorded = {k: v for k, v in _stamps(static).items() if k != "kbgen-search-a.js"}
    compared.clear()
    assert sync_gzip_siblings(static, unrecorded) == [] and compared == ["kbgen-search-a.js.gz"]
