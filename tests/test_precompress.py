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
