"""build_indexes: file names, determinism, escaping, synonyms, and loading in lunr.js."""

from __future__ import annotations

import os
import random
import re
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from searchhelpers import FIXTURE_CONTENT, REPO, BuiltSite

from kbgen.search.index import (
    DATA_FILES,
    DOCS_FILE,
    FULL_FILE,
    SUGGEST_FILE,
    WHOLE_FILES,
    SearchDocument,
    build_indexes,
    excerpt,
)
from kbgen.search.synonyms import SynonymExpander
from tests.node_bridge import NodeBridge


def doc(url: str, title: str, body: str = "", **fields: object) -> SearchDocument:
    base = SearchDocument(url, title, "Fiscal", "Notas", (), "", (), body)
    return replace(base, **fields)  # type: ignore[arg-type]


def write(files: dict[str, str], folder: Path) -> list[str]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, content in files.items():
        (folder / name).write_text(content, encoding="utf-8")
        paths.append(str(folder / name))
    return paths


SYNONYMS = {"NFS-e": ["nota fiscal de serviço eletrônica"], "ISS": ["ISSQN"]}


def test_a_site_ships_the_sharded_index_only(fixture_docs: list[SearchDocument]) -> None:
    shipped = build_indexes(fixture_docs, SYNONYMS)
    assert set(DATA_FILES) == {"kbgen-search-s.js", "kbgen-search-f.js"} and set(DATA_FILES) <= set(shipped)
    assert all(re.fullmatch(r"kbgen-search-[sfdp]-[0-9]+\.js", name) for name in set(shipped) - set(DATA_FILES))
    assert {name for name in shipped if name.startswith("kbgen-search-d-")}
    assert not set(shipped) & set(WHOLE_FILES)
    # the whole indexes (tests and benchmarks) come on top, the shipped files unchanged
    whole = build_indexes(fixture_docs, SYNONYMS, whole=True)
    assert set(whole) == set(shipped) | set(WHOLE_FILES) and {n: whole[n] for n in shipped} == shipped


def test_four_scripts_each_filling_one_global(built: BuiltSite, node: NodeBridge) -> None:
    assert set(WHOLE_FILES) == {SUGGEST_FILE, FULL_FILE, DOCS_FILE, "kbgen-search-passages.js"}
    docs = node.call("docs", files=built.paths(DOCS_FILE))
    assert [d["url"] for d in docs] == sorted(d.url for d in built.docs)
    assert set(docs[0]) == {"title", "url", "set", "module", "excerpt"}
    for kind in ("suggest", "full"):
        results = node.call("lunr", files=built.paths(SUGGEST_FILE, FULL_FILE), kind=kind, queries=["nfse"])
        assert results[0], kind
    text = Path(built.files[FULL_FILE]).read_text(encoding="utf-8")
    assert '"position"' not in text  # no position metadata: it would double the index


def test_same_bytes_whatever_the_input_order(fixture_docs: list[SearchDocument]) -> None:
    first = build_indexes(fixture_docs, whole=True)
    shuffled = list(fixture_docs)
    random.Random(7).shuffle(shuffled)
    assert build_indexes(shuffled, whole=True) == first
    assert build_indexes(list(reversed(fixture_docs)), whole=True) == first


_BUILD_IN_CHILD = """
import hashlib, json, sys
sys.path[:0] = [{tests!r}, {repo!r}]
from searchhelpers import markdown_documents
from pathlib import Path
from kbgen.search.index import build_indexes
files = build_indexes(markdown_documents(Path({content!r})), {{"NFS-e": ["nota fiscal"], "ISS": ["ISSQN"]}})
print(json.dumps({{k: hashlib.sha256(v.encode()).hexdigest() for k, v in files.items()}}, sort_keys=True))
"""


def test_same_bytes_in_other_processes(tmp_path: Path) -> None:
    # PYTHONHASHSEED changes set and dict-of-set order between processes: one process alone
    # would pass falsely.
    code = _BUILD_IN_CHILD.format(tests=str(Path(__file__).parent), repo=str(REPO), content=str(FIXTURE_CONTENT))
    digests = set()
    for seed, lang in (("1", "C.UTF-8"), ("4242", "pt_BR.UTF-8")):
        env = {**os.environ, "PYTHONHASHSEED": seed, "LANG": lang, "TZ": "America/Sao_Paulo"}
        done = subprocess.run(
            [sys.executable, "-c", code], cwd=tmp_path, env=env, capture_output=True, text=True, check=True
        )
        digests.add(done.stdout)
    assert len(digests) == 1


def test_script_breaking_text_is_escaped_and_kept(tmp_path: Path, node: NodeBridge) -> None:
    nasty = '</script><img src=x onerror=alert(1)> <!-- \u2028\u2029 "quotes" \\ back'
    files = build_indexes([doc("a.html", nasty, body=nasty, description=nasty)], whole=True)
    for name, content in files.items():
        assert "</script" not in content.lower() and "<!--" not in content, name
        assert "<" not in content and "\u2028" not in content and "\u2029" not in content, name
    paths = write(files, tmp_path)
    # The scripts parse, the index loads, and the document store gives the title back unchanged.
    result = node.call("query", files=paths, kind="full", queries=[{"text": "onerror"}])
    assert [r["ref"] for r in result[0]] == [0]
    assert node.call("docs", files=paths)[0]["title"] == nasty


def test_terms_outside_the_bmp_load_in_lunr_js(tmp_path: Path, node: NodeBridge) -> None:
    # U+FA0E < U+20000 in code points, but not in UTF-16 (lunr.js's order): without re-sorting,
    # lunr.js throws "Out of order word insertion" and search is dead on the whole site.
    files = build_indexes([doc("a.html", "\ufa0e \U00020000 fim")], whole=True)
    paths = write(files, tmp_path)
    assert node.call("lunr", files=paths, kind="full", queries=["fim"])[0][0][0] == "0"


def test_an_article_pasted_with_invisible_characters_is_found_by_its_words(tmp_path: Path, node: NodeBridge) -> None:
    # Soft hyphens (a PDF, a hyphenated web page) and zero-width joiners inside words, a BOM at the
    # start: the article must be found by "emissão" and "cancelamento" as if they were not there.
    docs = [doc("pasted.html", "\ufeffEmis\u00adsão de nota", body="O can\u00adcela\u200dmento da nota."),
            doc("other.html", "Férias", body="Nada a ver.")]
    paths = write(build_indexes(docs, whole=True), tmp_path)
    queries = [{"text": q} for q in ("emissão", "cancelamento", "emis\u00adsão de nota")]
    got = node.call("query", files=paths, kind="full", queries=queries)
    assert [[r["ref"] for r in result if r["coverage"] == r["words"]] for result in got] == [[1], [1], [1]]


def test_no_documents_still_gives_loadable_indexes(tmp_path: Path, node: NodeBridge) -> None:
    paths = write(build_indexes([], whole=True), tmp_path)
    prefix_query = {"text": "nota", "options": {"prefix": True}}
    assert node.call("query", files=paths, kind="suggest", queries=[prefix_query]) == [[]]
    assert node.call("query", files=paths, kind="full", queries=[{"text": "nota"}]) == [[]]


def test_a_url_twice_is_an_error() -> None:
    with pytest.raises(ValueError, match=r"a\.html"):
        build_indexes([doc("a.html", "Um"), doc("a.html", "Dois")])


def test_excerpt_is_about_200_characters_cut_at_a_word() -> None:
    long = " ".join(["palavra"] * 100)
    text = excerpt(doc("a.html", "T", body=long))
    assert 180 <= len(text) <= 201 and text.endswith("palavra…")
    assert excerpt(doc("a.html", "T", body=long, description="Curta.")) == "Curta."
    assert excerpt(doc("a.html", "T", body="  várias\n linhas  ")) == "várias linhas"


def test_synonyms_work_in_both_directions(tmp_path: Path, node: NodeBridge) -> None:
    docs = [
        doc("jargon.html", "Como cancelar uma NFS-e", body="Retenção do ISS."),
        doc("spelled.html", "Nota fiscal de serviço eletrônica", body="Imposto ISSQN."),
        doc("other.html", "Férias", body="Nada a ver."),
    ]
    synonyms = {"NFS-e": ["nota fiscal de serviço eletrônica"], "ISS": ["ISSQN"]}
    paths = write(build_indexes(docs, synonyms, whole=True), tmp_path)
    queries = [{"text": q} for q in ("nota fiscal de serviço eletrônica", "nfse", "issqn", "iss")]
    got = node.call("query", files=paths, kind="full", queries=queries)
    refs = [{r["ref"] for r in result if r["coverage"] == r["words"]} for result in got]
    # refs are positions in URL order: jargon=0, other=1, spelled=2
    assert refs == [{0, 2}, {0, 2}, {0, 2}, {0, 2}]
    # the suggestion index expands what it shows (title, tags, description)
    got = node.call("query", files=paths, kind="suggest",
                    queries=[{"text": "nfse", "options": {"prefix": True}}])
    assert {r["ref"] for r in got[0]} == {0, 2}


def test_synonym_mistakes_are_reported() -> None:
    with pytest.raises(ValueError, match="list"):
        SynonymExpander({"ISS": "ISSQN"})  # type: ignore[dict-item]
    with pytest.raises(ValueError, match="at least one"):
        SynonymExpander({"ISS": [" "]})
    with pytest.raises(ValueError, match="stop words"):
        SynonymExpander({"ISS": ["de que"]})


def test_the_search_files_stamp_covers_the_code_that_writes_them(monkeypatch: pytest.MonkeyPatch) -> None:
    """A no-op build skips the search files when the stamp is unchanged: an upgraded kbgen (a new
    passage rule, a new index layout) must change it, or sites built before keep the old files."""
    from kbgen.sphinx_ext import search as sphinx_search

    docs = [SearchDocument(url="s/m/a.html", title="Título", set_title="S", module_title="M", tags=(),
                           description="", headings=(), body="Texto.")]
    before = sphinx_search.search_stamp(docs, {})
    assert sphinx_search.search_stamp(docs, {}) == before
    assert sphinx_search.search_stamp(docs, {"nfs-e": ["nota"]}) != before
    monkeypatch.setattr(sphinx_search, "writer_fingerprint", lambda: "another kbgen")
    assert sphinx_search.search_stamp(docs, {}) != before
