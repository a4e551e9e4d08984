"""What readers search for and do not find: logs → query,searches → the report over the built site's index.
(That kbgen.search.query gives what the browser's kbgen-search.js gives: tests/search/test_search_golden.py.)"""

from __future__ import annotations

import io
import re
import shutil
from pathlib import Path

import pytest

from kbgen.commands.pageviews import PageviewsOptions, pageviews
from kbgen.commands.searches import SearchesOptions, searches
from kbgen.commands.usage import UsageError
from kbgen.exitcodes import ExitStatus
from kbgen.search.shards import FULL_MODE, part_script, shard_file

from .conftest import MINIMAL
from .test_pageviews import line, write

# query → how many readers searched it; the last five find nothing on the minimal site ("cancelar
# matrícula escolar" finds the NFS-e cancelling article, a partial result: it does not answer)
QUERIES = {
    "cancelar nfs-e": 5, "nota fiscal": 4, "cancelameto": 3, "esocial": 2, "NFSe": 2,
    "alvará sanitário": 6, "cancelar matrícula escolar": 3, "como": 2, "iptu 2ª via": 1, "xyzzy": 1,
}
ZERO = ["alvará sanitário", "cancelar matrícula escolar", "como", "iptu 2ª via", "xyzzy"]


def _search_log(tmp_path: Path) -> Path:
    lines = []
    for n, (query, readers) in enumerate(QUERIES.items()):
        for reader in range(readers):
            q = query.replace(" ", "+").replace("ª", "%C2%AA").replace("á", "%C3%A1").replace("í", "%C3%AD")
            lines.append(line(n, f"/search.html?q={q}", ip=f"10.{n}.{reader}.1"))
    lines.append(line(30, "/search.html?q=xyzzy", ip="10.8.0.1", agent="Googlebot/2.1"))  # a crawler: not counted
    return write(tmp_path / "access.log", *lines)


def test_the_report_lists_the_searches_that_find_nothing(minimal_site: Path, tmp_path: Path) -> None:
    counts = tmp_path / "searches.csv"
    assert pageviews(PageviewsOptions((_search_log(tmp_path),), counts, MINIMAL, searches=True),
                     io.StringIO()) == ExitStatus.OK
    written = counts.read_text(encoding="utf-8").splitlines()
    assert written[1:4] == ["query,searches", "alvará sanitário,6", "cancelar nfs-e,5"]
    assert "nfse,2" in written  # queries are lower-cased

    out = io.StringIO()
    assert searches(SearchesOptions((counts,), minimal_site, top=20), out) == ExitStatus.OK
    text = out.getvalue()
    top, empty = text.split("Searches that find nothing")
    assert "5 queries, 13 searches with no answering article: the articles to write next" in empty
    rows = [row.split(None, 2) for row in empty.splitlines()[3:] if row.strip()]
    assert [row[2].split("  (")[0] for row in rows] == ZERO  # most searched first, ties by query
    partial = {row[2]: int(row[1]) for row in rows}
    assert partial["cancelar matrícula escolar"] >= 1 and partial["xyzzy"] == 0
    assert "como  (only words the search ignores)" in empty
    assert "Como cancelar uma NFS-e?" in top  # the first result of "cancelar nfs-e"

    out = io.StringIO()
    searches(SearchesOptions((counts,), minimal_site, output_format="csv"), out)
    rows = out.getvalue().splitlines()
    assert rows[0] == "query,searches,results,first_result,partial_results"
    assert sorted(r.split(",")[0] for r in rows[1:] if ",0,," in r) == sorted(ZERO)


def test_the_searches_file_keeps_no_personal_data(tmp_path: Path) -> None:
    """The query,searches file is kept, often beside the content (and committed with it): the
    queries are masked as the dashboard masks them, before they are counted, so two readers'
    "cpf [número]" are one row and no CPF, e-mail address or phone number reaches the file."""
    typed = ["segunda+via+cpf+123.456.789-09", "segunda+via+cpf+987.654.321-00", "fulano%40exemplo.com.br+senha",
             "cnpj+12.345.678%2F0001-90", "ligar+(48)+99123-4567", "protocolo+2026%E2%80%8B000123"]
    log = write(tmp_path / "access.log",
                *(line(n, f"/search.html?q={q}", ip=f"10.0.{n}.1") for n, q in enumerate(typed)))
    counts = tmp_path / "searches.csv"
    assert pageviews(PageviewsOptions((log,), counts, MINIMAL, searches=True), io.StringIO()) == ExitStatus.OK
    rows = counts.read_text(encoding="utf-8").splitlines()[2:]
    assert sorted(rows) == sorted(["segunda via cpf [número],2", "[e-mail] senha,1", "cnpj [número],1",
                                   "ligar [telefone],1", "protocolo [telefone],1"])


def test_the_report_needs_a_built_site(tmp_path: Path) -> None:
    counts = write(tmp_path / "searches.csv", "query,searches\nnota,3\n")
    with pytest.raises(UsageError, match=r"no search index in .*: build the site first"):
        searches(SearchesOptions((counts,), tmp_path / "nada"))
    bad = write(tmp_path / "bad.csv", "query;searches\nnota;3\n")
    stream = io.StringIO()
    assert searches(SearchesOptions((bad,), tmp_path), io.StringIO(), stream) == ExitStatus.CONTENT_ERROR
    assert "bad.csv:1: the columns are separated by semicolons" in stream.getvalue()


@pytest.mark.parametrize("damage", ["truncated", "missing"])
def test_a_damaged_index_is_named_not_a_traceback(minimal_site: Path, tmp_path: Path, damage: str) -> None:
    """A deploy killed halfway leaves a shard cut short or absent: the command says which and why."""
    site = tmp_path / "site"
    shutil.copytree(minimal_site, site)
    static = site / "_static"
    shard = max(static.glob(shard_file(FULL_MODE, 0).replace("-0", "-*")), key=lambda p: p.stat().st_size)
    if damage == "missing":
        shard.unlink()
        expected = rf"no search index in .*\({re.escape(str(shard))} is missing\)"
    else:
        match = re.search(r'\.push\(\["f",(\d+),"(.*)"\]\);', shard.read_text(encoding="utf-8"))
        assert match, "the shard wrapper changed: update this test"
        payload = match.group(2)
        shard.write_text(part_script(FULL_MODE, int(match.group(1)), payload[:len(payload) // 2]), encoding="utf-8")
        expected = "cannot be read: .*(truncated or corrupt|shard)"
    counts = write(tmp_path / "searches.csv", "query,searches\nnota,3\n")
    with pytest.raises(UsageError, match=expected):
        searches(SearchesOptions((counts,), site))
