"""A site built before, rebuilt: no search file the new build does not write is left behind.

Two ways a file goes: the whole-index files (``kbgen-search-full.js``…) an earlier version
shipped, which a rebuild removes even when nothing searchable changed; and a shard or chunk an
edit no longer needs. Each takes its ``.gz`` sibling (kbgen.precompress) with it, in the cache
and in the published output.
"""

from __future__ import annotations

import functools
import math
import re
from pathlib import Path

import pytest

from kbgen.search import chunks, index
from kbgen.search.index import WHOLE_FILES
from kbgen.sphinx_ext import search as search_ext

from .conftest import MINIMAL, build_clean, copy_site

ARTICLE = Path("fiscal") / "escrita-fiscal" / "como-declarar-sem-movimento.md"


def _search_files(folder: Path) -> set[str]:
    return {path.name for path in (folder / "_static").glob("kbgen-search-*")}


def _published_and_cached(work: Path) -> list[Path]:
    return [work / "out", *(path.parent for path in (work / "cache").rglob("_static") if path.is_dir())]


@pytest.fixture(scope="module")
def rebuilt(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, set[str], set[str]]:
    """The minimal site built as an earlier version did (the whole-index files too, one document
    per chunk), then rebuilt without changes, then after an edit: the search files of each."""
    work = tmp_path_factory.mktemp("upgrade")
    content = copy_site(MINIMAL, work / "content")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(search_ext, "build_indexes", functools.partial(index.build_indexes, whole=True))
        patch.setattr(chunks, "DOC_CHUNK", 1)
        before = _search_files(build_clean(content, work))
    unchanged = _search_files(build_clean(content, work))
    article = content / ARTICLE
    article.write_text(article.read_text(encoding="utf-8") + "\nPalavra nova: zibelina.\n", encoding="utf-8")
    build_clean(content, work)
    return work, before, unchanged


def test_the_whole_index_files_of_an_earlier_build_go_even_on_a_no_op_rebuild(
        rebuilt: tuple[Path, set[str], set[str]]) -> None:
    work, before, unchanged = rebuilt
    old = set(WHOLE_FILES) | {name + ".gz" for name in WHOLE_FILES}
    assert old <= before  # the earlier build did ship them, with their siblings
    assert not old & unchanged
    for folder in _published_and_cached(work):
        assert not old & _search_files(folder), folder


def test_a_chunk_no_longer_written_goes_with_its_sibling(rebuilt: tuple[Path, set[str], set[str]]) -> None:
    work, before, _ = rebuilt
    documents = len([name for name in before if re.fullmatch(r"kbgen-search-d-\d+\.js", name)])  # one a chunk
    kept = math.ceil(documents / chunks.DOC_CHUNK)
    gone = {f"kbgen-search-d-{n}.js" for n in range(kept, documents)}
    assert gone and gone | {name + ".gz" for name in gone} <= before
    static = work / "out" / "_static"
    last = f"kbgen-search-d-{kept - 1}.js"
    assert (static / last).is_file() and (static / f"{last}.gz").is_file()
    for folder in _published_and_cached(work):
        left = _search_files(folder)
        assert not {name for name in left if name.removesuffix(".gz") in gone}, folder
        # every sibling left has its source, every source its sibling
        assert {name for name in left if name.endswith(".gz")} == {name + ".gz" for name in left
                                                                  if name.endswith(".js")}, folder
