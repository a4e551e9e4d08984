"""Artigos mais lidos in the built site: home, set pages, mais-lidos.html; no data, no section."""

from __future__ import annotations

import html
import os
import re
import time
from pathlib import Path

from kbgen.exitcodes import ExitStatus

from .conftest import build_clean, run_build

NFE = "fiscal/nota-fiscal-eletronica"
EMIT = f"{NFE}/como-emitir-uma-nfs-e"
CANCEL = f"{NFE}/como-cancelar-uma-nfs-e"
LATE = f"{NFE}/perdi-o-prazo-de-cancelamento"
DECLARE = "fiscal/escrita-fiscal/como-declarar-sem-movimento"
ETHICS = "rh/folha-de-pagamento/etica-no-servico-publico"
ESOCIAL = "rh/folha-de-pagamento/como-gerar-o-eventos-do-esocial"

# Perdi o prazo and Ética tie: by the fixed title key "Ética" comes first (plain sorted() puts
# "É" after "P"). The declarar row uses another form of the URL, and two rows are not articles.
VIEWS = f"""path,views
{EMIT}.html,300
{LATE}.html,120
{ETHICS}.html,120
{CANCEL}.html,80
/{DECLARE}/,50
{ESOCIAL}.html,10
fiscal/antigo.html,999
index.html,5000
"""
HOME_FIVE = ["Como emitir uma NFS-e?", "Ética no serviço público",
             "Perdi o prazo para cancelamento. É possível cancelar uma NFS-e?", "Como cancelar uma NFS-e?",
             "Como declarar/protocolar declaração sem movimento?"]
MOST_READ_PAGES = {"index.html", "fiscal/index.html", "rh/index.html", "mais-lidos.html"}


def _section(page: Path) -> list[str]:
    """The titles listed under "Artigos mais lidos" (empty when the page has no such section)."""
    text = page.read_text(encoding="utf-8")
    match = re.search(r'aria-labelledby="kb-popular-title">(.*?)</section>', text, re.S)
    if match is None:
        assert "Artigos mais lidos" not in text, page
        return []
    return [html.unescape(t) for t in re.findall(r"<li><a [^>]*>(.*?)</a></li>", match.group(1))]


def _most_read_page(out: Path) -> list[str]:
    text = (out / "mais-lidos.html").read_text(encoding="utf-8")
    ranked = text.split('<ol class="kb-article-list kb-article-list-ranked">', 1)[1].split("</ol>", 1)[0]
    return [html.unescape(t) for t in re.findall(r'<li><a href="[^"]*">(.*?)</a>', ranked)]


def _write_views(site: Path, text: str = VIEWS, name: str = "_data/pageviews.csv") -> Path:
    path = site / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    stamp = time.time() + 5
    os.utime(path, (stamp, stamp))
    return path


def _files(out: Path) -> dict[str, bytes]:
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


def test_home_shows_the_five_most_read_in_order(site: Path, tmp_path: Path) -> None:
    _write_views(site)
    report, output = run_build(site, tmp_path, strict=True)
    assert report.status == ExitStatus.OK, output
    out = tmp_path / "out"
    assert _section(out / "index.html") == HOME_FIVE
    home = (out / "index.html").read_text(encoding="utf-8")
    assert 'href="mais-lidos.html">Todos os mais lidos</a>' in home  # six articles have views
    assert _section(out / "fiscal/index.html") == [HOME_FIVE[0], HOME_FIVE[2], HOME_FIVE[3], HOME_FIVE[4]]
    assert _section(out / "rh/index.html") == [HOME_FIVE[1], "Como gerar os eventos do eSocial?"]
    assert 'href="../fiscal/nota-fiscal-eletronica/como-emitir-uma-nfs-e.html"' in (
        out / "fiscal/index.html").read_text(encoding="utf-8")
    assert _most_read_page(out) == [*HOME_FIVE, "Como gerar os eventos do eSocial?"]
    # the row that matches no article is summarised once; the listing page's row is not reported
    assert output.count("match no article") == 1
    assert "1 path(s) in content/_data/pageviews.csv with 999 view(s) match no article: fiscal/antigo.html (999)" \
        in output
    assert "index.html" not in output.split("match no article")[1]


def test_no_data_no_section(site: Path, tmp_path: Path) -> None:
    out = build_clean(site, tmp_path / "none")
    for page in ("index.html", "fiscal/index.html", "rh/index.html"):
        assert _section(out / page) == []
    assert not (out / "mais-lidos.html").exists()
    assert "mais-lidos.html" not in (out / "index.html").read_text(encoding="utf-8")
    # a file whose rows match no article is no data either; nor is count: 0
    _write_views(site, "path,views\nfiscal/antigo.html,10\n")
    out = build_clean(site, tmp_path / "unmatched")
    assert _section(out / "index.html") == [] and not (out / "mais-lidos.html").exists()
    _write_views(site)
    kb = site / "kb.yml"
    kb.write_text(kb.read_text(encoding="utf-8") + "popular:\n  count: 0\n", encoding="utf-8")
    out = build_clean(site, tmp_path / "zero")
    assert _section(out / "index.html") == [] and not (out / "mais-lidos.html").exists()


def test_kb_yml_source_and_count(site: Path, tmp_path: Path) -> None:
    _write_views(site, name="_data/visitas.csv")
    kb = site / "kb.yml"
    kb.write_text(kb.read_text(encoding="utf-8") + "popular:\n  source: _data/visitas.csv\n  count: 2\n",
                  encoding="utf-8")
    out = build_clean(site, tmp_path)
    assert _section(out / "index.html") == HOME_FIVE[:2]
    assert _section(out / "fiscal/index.html") == [HOME_FIVE[0], HOME_FIVE[2]]
    assert len(_most_read_page(out)) == 6


def test_pageviews_option_replaces_the_source_and_adds_up(site: Path, tmp_path: Path) -> None:
    from kbgen.commands.build import BuildOptions, build

    _write_views(site)  # ignored: --pageviews replaces it
    first = tmp_path / "server1.csv"
    first.write_text(f"path,views\n{ESOCIAL}.html,7\n{CANCEL}.html,5\n", encoding="utf-8")
    second = tmp_path / "server2.csv"
    second.write_text(f"{ESOCIAL}.html,1\n{DECLARE}.html,9\n", encoding="utf-8")
    import io

    stream = io.StringIO()
    report = build(BuildOptions(site, tmp_path / "out", tmp_path / "cache", strict=True,
                                pageviews=(first, second)), stream)
    assert report.status == ExitStatus.OK, stream.getvalue()
    assert _section(tmp_path / "out" / "index.html") == [HOME_FIVE[4], "Como gerar os eventos do eSocial?",
                                                         HOME_FIVE[3]]


def test_a_bad_file_fails_the_build_at_its_line(site: Path, tmp_path: Path) -> None:
    _write_views(site, "path;views\nfiscal/x.html;1.234\n")
    report, output = run_build(site, tmp_path)
    assert report.status == ExitStatus.CONTENT_ERROR
    assert "content/_data/pageviews.csv:1: the columns are separated by semicolons" in output
    _write_views(site, f"path,views\n{EMIT}.html,\"1.234\"\n{CANCEL}.html,3\n")
    report, output = run_build(site, tmp_path)
    assert report.status == ExitStatus.CONTENT_ERROR
    assert "content/_data/pageviews.csv:2: views: '1.234' has a thousands separator" in output


def test_a_new_export_rewrites_exactly_the_pages_that_list_it(site: Path, tmp_path: Path) -> None:
    views = _write_views(site)
    report, output = run_build(site, tmp_path, strict=True)
    assert report.status == ExitStatus.OK, output

    # other counts, same order: nothing to rewrite
    _write_views(site, VIEWS.replace(",300", ",301"))
    report, output = run_build(site, tmp_path, strict=True)
    assert report.status == ExitStatus.OK, output
    assert report.written == [] and report.read == []

    # a new order everywhere: the home page, both set pages and mais-lidos.html, nothing else
    _write_views(site, VIEWS.replace(f"{ESOCIAL}.html,10", f"{ESOCIAL}.html,1000")
                 .replace(f"{DECLARE}/,50", f"{DECLARE}/,500"))
    report, output = run_build(site, tmp_path, strict=True)
    assert report.status == ExitStatus.OK, output
    assert set(report.written) == MOST_READ_PAGES
    assert _section(tmp_path / "out" / "index.html")[:2] == ["Como gerar os eventos do eSocial?", HOME_FIVE[4]]
    fresh = build_clean(site, tmp_path / "fresh")
    assert _files(tmp_path / "out") == _files(fresh)

    # no data any more: the sections go, and so does mais-lidos.html
    views.unlink()
    report, output = run_build(site, tmp_path, strict=True)
    assert report.status == ExitStatus.OK, output
    assert set(report.written) == MOST_READ_PAGES - {"mais-lidos.html"}
    assert not (tmp_path / "out" / "mais-lidos.html").exists()
    assert _files(tmp_path / "out") == _files(build_clean(site, tmp_path / "fresh-none"))
