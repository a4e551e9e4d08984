"""``kbgen report``: the dashboard's figures from a synthetic log whose views, votes, searches and clicks
are known, the masking of queries, crawlers left out, --since/--until, .gz logs and bad lines."""

from __future__ import annotations

import datetime as dt
import gzip
import io
import re
import shutil
from pathlib import Path
from urllib.parse import quote

import pytest

from kbgen.analytics.tally import Tally, tally_logs
from kbgen.commands.report import ReportOptions, report
from kbgen.commands.usage import UsageError
from kbgen.exitcodes import ExitStatus
from kbgen.loading.walker import load_site
from kbgen.pageviews.masking import mask
from kbgen.pageviews.paths import ArticleMatcher
from kbgen.pageviews.queries import search_text
from kbgen.pageviews.reduce import MEMO_BYTES
from kbgen.urls import site_host

from .conftest import MINIMAL, copy_site, kbgen
from .test_pageviews import line, write

NFE = "fiscal/nota-fiscal-eletronica"
CANCEL = f"{NFE}/como-cancelar-uma-nfs-e"
EMIT = f"{NFE}/como-emitir-uma-nfs-e"
ETHICS = "rh/folha-de-pagamento/etica-no-servico-publico"
ESOCIAL = "rh/folha-de-pagamento/como-gerar-o-eventos-do-esocial"
GOOGLEBOT = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"
TODAY = dt.date(2026, 3, 10)


def vote(minutes: float, docname: str, answer: str, nonce: str, reason: str = "", ip: str = "10.1.0.1",
         days: int = 0, agent: str | None = None) -> str:
    query = f"artigo={quote(docname, safe='')}&voto={answer}" + (f"&motivo={reason}" if reason else "") + f"&n={nonce}"
    path = f"/_static/kbgen-voto.gif?{query}"
    return line(minutes, path, ip=ip, days=days, agent=agent) if agent else line(minutes, path, ip=ip, days=days)


#: The synthetic log (T0 = 2026-03-02 09:00 -0300, day 0 and day 1) and what it must give.
LINES = [
    # views of CANCEL: three readers; 10.0.0.1 again after 5 minutes (a repeat), and after 40 (a view)
    line(0, f"/{CANCEL}.html", ip="10.0.0.1"), line(1, f"/{CANCEL}.html", ip="10.0.0.2"),
    line(2, f"/{CANCEL}.html", ip="10.0.0.3"), line(5, f"/{CANCEL}.html", ip="10.0.0.1"),
    line(40, f"/{CANCEL}.html", ip="10.0.0.1"),
    # a search, and the article opened from it (?q= from the results page): a click and a view of EMIT
    line(50, "/search.html?q=Emitir+NFS-e", ip="10.0.0.4"),
    line(51, f"/{EMIT}.html?q=emitir%20nfs-e", ip="10.0.0.4"),
    # the same search by another reader, who opens nothing; a search nobody answers; masked queries
    line(52, "/search.html?q=emitir+nfs-e", ip="10.0.0.5"),
    line(53, "/search.html?q=xyzzy+plugh", ip="10.0.0.5"),
    line(54, "/search.html?q=boleto+fulano%40exemplo.com.br", ip="10.0.0.6"),
    line(55, "/search.html?q=protocolo+2026123456", ip="10.0.0.6"),
    # votes: CANCEL yes, yes, no + reason (two requests, one nonce); EMIT no; junk votes ignored
    vote(60, CANCEL, "sim", "a" * 16), vote(61, CANCEL, "sim", "b" * 16, ip="10.1.0.2"),
    vote(62, CANCEL, "nao", "c" * 16, ip="10.1.0.3"), vote(62.1, CANCEL, "nao", "c" * 16, "dificil", ip="10.1.0.3"),
    vote(63, EMIT, "nao", "d" * 16, ip="10.1.0.4"),
    vote(64, EMIT, "talvez", "e" * 16), vote(64, "nao/existe", "sim", "f" * 16),
    vote(64, EMIT, "sim", "9" * 16, "dificil"),  # a reason after "Sim" is not something the page sends
    # crawlers: a bot's view, and a vote without any user agent
    line(70, f"/{ETHICS}.html", agent=GOOGLEBOT), vote(71, EMIT, "sim", "0" * 16, agent="-"),
    # day 1: one view of ETHICS, one more yes on EMIT
    line(0, f"/{ETHICS}.html", ip="10.0.0.7", days=1), vote(1, EMIT, "sim", "1" * 16, ip="10.0.0.7", days=1),
    "uma linha que não é de log\n",
]


@pytest.fixture(scope="module")
def content(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_site(MINIMAL, tmp_path_factory.mktemp("report") / "content")
    for docname, day in ((ESOCIAL, "2026-03-01"), (ETHICS, "2026-04-05"), (EMIT, "2026-06-01")):
        path = root / f"{docname}.md"
        path.write_text(path.read_text(encoding="utf-8").replace("---\n", f"---\nreview_by: {day}\n", 1),
                        encoding="utf-8")
    return root


def _tally(content: Path, logs: list[Path], since: dt.date | None = None, until: dt.date | None = None) -> Tally:
    site, problems = load_site(content)
    assert not problems.errors
    matcher = ArticleMatcher.for_site(site)
    return tally_logs(logs, matcher.resolve, matcher.prefix, since, until, host=site_host(site.config.base_url))


def test_figures_of_a_known_log(content: Path, tmp_path: Path) -> None:
    tally = _tally(content, [write(tmp_path / "access.log", *LINES)])
    assert tally.views() == {CANCEL: 4, EMIT: 1, ETHICS: 1}
    assert tally.searches == {"emitir nfs-e": 2, "xyzzy plugh": 1, "boleto [e-mail]": 1, "protocolo [número]": 1}
    assert tally.clicks == {("emitir nfs-e", EMIT): 1}
    cancel, emit = tally.votes[CANCEL], tally.votes[EMIT]
    assert (cancel.yes, cancel.no, dict(cancel.reasons)) == (2, 1, {"dificil": 1})
    assert (emit.yes, emit.no, dict(emit.reasons)) == (1, 1, {})
    assert set(tally.votes) == {CANCEL, EMIT}
    assert tally.stats.crawlers == 2 and tally.stats.repeats == 1 and tally.stats.malformed == 1


def test_since_and_until_pick_days(content: Path, tmp_path: Path) -> None:
    log = write(tmp_path / "access.log", *LINES)
    day0, day1 = dt.date(2026, 3, 2), dt.date(2026, 3, 3)
    later = _tally(content, [log], since=day1)
    assert later.views() == {ETHICS: 1} and not later.searches and later.votes[EMIT].yes == 1
    earlier = _tally(content, [log], until=day0)
    assert earlier.views() == {CANCEL: 4, EMIT: 1} and earlier.votes[EMIT].yes == 0
    assert (earlier.first_day, earlier.last_day) == (day0.toordinal(), day0.toordinal())


def test_gzip_and_rotated_logs_give_the_same_figures(content: Path, tmp_path: Path) -> None:
    half = len(LINES) // 2
    old = tmp_path / "access.log.1.gz"
    with gzip.open(old, "wt", encoding="utf-8") as out:
        out.writelines(LINES[:half])
    tally = _tally(content, [write(tmp_path / "access.log", *LINES[half:]), old])
    whole = _tally(content, [write(tmp_path / "whole.log", *LINES)])
    assert tally.views() == whole.views() and tally.searches == whole.searches and tally.clicks == whole.clicks
    assert {d: (v.yes, v.no) for d, v in tally.votes.items()} == {d: (v.yes, v.no) for d, v in whole.votes.items()}


@pytest.mark.parametrize(("query", "masked"), [
    ("segunda via boleto", "segunda via boleto"),
    ("iptu 2026", "iptu 2026"),
    ("valor 10.000", "valor 10.000"),
    ("cpf 12345678900 senha", "cpf [número] senha"),
    ("protocolo 20261", "protocolo [número]"),
    ("ligar (48) 99123-4567 hoje", "ligar [telefone] hoje"),
    ("+55 11 3456 7890", "[telefone]"),
    ("maria.silva@prefeitura.sc.gov.br nota", "[e-mail] nota"),
    ("user+tag@example.com 12345", "[e-mail] [número]"),
    # CPF and CNPJ as Receita Federal writes them (the CNPJ's "/" left "/0001-90" behind)
    ("cpf 123.456.789-09", "cpf [número]"),
    ("cnpj 12.345.678/0001-90 certidão", "cnpj [número] certidão"),
    ("prazo 10/03/2026", "prazo 10/03/2026"),  # a date is no document
    # a zero-width space between the digits (pasted) hides nothing
    ("cpf 123\u200b456\u200b789\u200b09", "cpf [telefone]"),
    ("maria\u00ad@exemplo.com", "[e-mail]"),
])
def test_masking(query: str, masked: str) -> None:
    assert mask(query) == masked


def test_a_query_pasted_with_invisible_characters_counts_as_typed() -> None:
    # a zero-width space after a word, a soft hyphen inside one: the same query, not a new one
    assert search_text("Segunda\u200b via  do bo\u00adleto\ufeff") == search_text("segunda via do boleto")


def _sections(html: str) -> dict[str, str]:
    return {m.group(1): m.group(2) for m in re.finditer(r"<h2>(.*?)</h2>(.*?)</section>", html)}


def _rows(section: str) -> list[list[str]]:
    rows = []
    for row in re.findall(r"<tr>(.*?)</tr>", section)[1:]:
        cells = [re.sub(r"<svg.*?</svg>|<[^>]+>", "", cell).strip() for cell in re.findall(r"<td[^>]*>(.*?)</td>", row)]
        rows.append(cells)
    return rows


def test_the_dashboard(content: Path, tmp_path: Path, minimal_site: Path) -> None:
    out, stream = tmp_path / "painel.html", io.StringIO()
    status = report(ReportOptions((write(tmp_path / "access.log", *LINES),), out, content, minimal_site,
                                  today=TODAY), stream)
    assert status == ExitStatus.OK, stream.getvalue()
    html = out.read_text(encoding="utf-8")
    assert "<script" not in html and "http://" not in html.replace("http://www.w3.org", "")
    assert "fulano" not in html and "2026123456" not in html  # masked before anything was kept
    sections = _sections(html)
    votes = _rows(sections["Was this article helpful?"])
    assert [row[1:5] for row in votes] == [["2", "1", "1", "50%"], ["3", "2", "1", "67%"]]  # least helpful first
    assert votes[0][0].startswith("Como emitir") and votes[1][5] == "hard to understand 1"
    no_answer = [row[0] for row in _rows(sections["Searches with no answering result"])]
    assert "xyzzy plugh" in no_answer and "emitir nfs-e" not in no_answer
    assert _rows(sections["Searches whose results nobody opened"]) == []  # emitir nfs-e was opened once
    assert _rows(sections["Which search led to which article"])[0][0] == "emitir nfs-e"
    site, _ = load_site(content)
    unread = {row[0] for row in _rows(sections["Articles nobody opened"])}
    assert unread == {site.articles[d].title for d in site.articles if d not in (CANCEL, EMIT, ETHICS)}
    assert len(unread) == 3
    review = _rows(next(v for k, v in sections.items() if k.startswith("Articles to review")))
    assert [(row[1], row[2]) for row in review] == [("2026-03-01", "overdue"), ("2026-04-05", "due soon")]
    top = _rows(sections["The 20 most read articles"])
    assert [row[1] for row in top] == ["4", "1", "1"]
    assert "6 article views, 5 searches, 5 votes" in stream.getvalue()


def test_without_a_built_site_the_rest_is_reported(content: Path, tmp_path: Path) -> None:
    out, stream = tmp_path / "painel.html", io.StringIO()
    status = report(ReportOptions((write(tmp_path / "access.log", *LINES),), out, content, tmp_path / "nao-ha"),
                    stream)
    assert status == ExitStatus.OK
    assert "no search index in" in stream.getvalue()
    assert "Not known: build the site first" in out.read_text(encoding="utf-8")


def test_bad_logs(content: Path, tmp_path: Path) -> None:
    bad = write(tmp_path / "bad.log", "nada aqui\n", "nem aqui\n")
    with pytest.raises(UsageError, match=r"none of the 2 lines is in a log format kbgen reads \(common, combined"):
        report(ReportOptions((bad,), tmp_path / "p.html", content), io.StringIO())
    assert not (tmp_path / "p.html").exists()
    broken = tmp_path / "broken.log.gz"
    broken.write_bytes(gzip.compress("".join(LINES).encode())[:-20])
    with pytest.raises(UsageError, match="damaged or truncated"):
        report(ReportOptions((broken,), tmp_path / "p.html", content), io.StringIO())
    with pytest.raises(UsageError, match="no such log file"):
        report(ReportOptions((tmp_path / "none.log",), tmp_path / "p.html", content), io.StringIO())


def test_replaces_only_its_own_file(content: Path, tmp_path: Path) -> None:
    log, out = write(tmp_path / "access.log", *LINES), tmp_path / "painel.html"
    out.write_text("<p>o painel de outra pessoa</p>", encoding="utf-8")
    with pytest.raises(UsageError, match="was not written by kbgen report; pass --force"):
        report(ReportOptions((log,), out, content), io.StringIO())
    assert out.read_text(encoding="utf-8") == "<p>o painel de outra pessoa</p>"
    assert report(ReportOptions((log,), out, content, force=True), io.StringIO()) == ExitStatus.OK
    assert report(ReportOptions((log,), out, content), io.StringIO()) == ExitStatus.OK  # its own: replaced


def test_command_line(content: Path, tmp_path: Path) -> None:
    log = write(tmp_path / "access.log", *LINES)
    shutil.copy(log, tmp_path / "copy.log")
    done = kbgen("report", str(log), "--source", str(content), "--site", str(tmp_path / "x"), "-o",
                 str(tmp_path / "p.html"), "--since", "2026-03-03", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "1 article views, 0 searches, 1 votes" in done.stderr
    wrong = kbgen("report", str(log), "--source", str(content), "--since", "2026-03-04", "--until", "2026-03-03",
                  cwd=tmp_path)
    assert wrong.returncode == ExitStatus.USAGE_ERROR and "is after --until" in wrong.stderr


def test_memory_holds_the_last_half_hour_only(content: Path, tmp_path: Path) -> None:
    # 600 readers, one a minute for 10 hours, each viewing, searching and voting: what is held at
    # once is the last ~35 minutes' readers (30 minutes + the 5 allowed for disorder), not 600.
    lines = []
    for i in range(600):
        ip = f"10.{i // 250}.{i % 250}.1"
        lines += [line(i, f"/{CANCEL}.html", ip=ip), line(i, "/search.html?q=nota", ip=ip),
                  vote(i, CANCEL, "sim", f"{i:016x}", ip=ip)]
    tally = _tally(content, [write(tmp_path / "access.log", *lines)])
    assert tally.views() == {CANCEL: 600} and tally.searches == {"nota": 600} and tally.votes[CANCEL].yes == 600
    assert tally.stats.peak_pairs <= 3 * 37


def _as_nginx_json(combined: str) -> str:
    """A combined line as nginx's ``escape=json`` log_format writes the same request (other lines kept)."""
    import json
    import re

    m = re.match(r'(\S+) \S+ \S+ \[([^\]]+)\] "(\S+) (\S+) [^"]*" (\d{3}) (\S+) "([^"]*)" "([^"]*)"', combined)
    if m is None:
        return combined
    host, stamp, method, uri, status, size, referer, agent = m.groups()
    return json.dumps({"remote_addr": host, "time_local": stamp, "request_method": method, "request_uri": uri,
                       "status": status, "body_bytes_sent": size, "http_referer": referer,
                       "http_user_agent": agent}) + "\n"


def test_json_lines_logs_give_the_same_figures(content: Path, tmp_path: Path) -> None:
    converted = [_as_nginx_json(text) for text in LINES]
    assert sum(text.startswith("{") for text in converted) >= len(LINES) - 1  # all but the malformed line
    tally = _tally(content, [write(tmp_path / "access.json.log", *converted)])
    whole = _tally(content, [write(tmp_path / "whole.log", *LINES)])
    assert tally.views() == whole.views() and tally.searches == whole.searches and tally.clicks == whole.clicks
    assert {d: (v.yes, v.no, dict(v.reasons)) for d, v in tally.votes.items()} == \
        {d: (v.yes, v.no, dict(v.reasons)) for d, v in whole.votes.items()}
    assert tally.stats.crawlers == whole.stats.crawlers == 2


SITE = "https://ajuda.example.gov.br"  # the minimal fixture's base_url


def referred(minutes: float, path: str, referer: str, ip: str) -> str:
    """A combined line whose Referer is ``referer`` (test_pageviews.line's is Google's home page)."""
    return line(minutes, path, ip=ip).replace('"https://www.google.com/"', f'"{referer}"', 1)


#: Article views without ?q= and what their Referer says (T0 = 2026-03-02 09:00 -0300).
REFERRED = [
    referred(0, f"/{EMIT}.html", f"{SITE}/search.html?q=Emitir+Nota&set=fiscal", "10.2.0.1"),  # a click
    referred(1, f"/{CANCEL}.html", f"{SITE}/search?q=cancelar", "10.2.0.2"),  # a click (the page without .html)
    referred(2, f"/{CANCEL}.html", f"{SITE}/search.html?q=fulano%40exemplo.com", "10.2.0.3"),  # masked
    referred(3, f"/{EMIT}.html?q=nfs-e", f"{SITE}/search.html?q=outra+coisa", "10.2.0.4"),  # ?q= wins
    referred(4, f"/{ETHICS}.html", "https://outro.example.com/search.html?q=etica", "10.2.0.5"),  # another site
    referred(5, f"/{ETHICS}.html", f"{SITE}/{EMIT}.html?q=etica", "10.2.0.6"),  # an article, not the results
    referred(6, f"/{ETHICS}.html", f"{SITE}/search.html", "10.2.0.7"),  # the results page without a query
    referred(7, f"/{ETHICS}.html", f"{SITE}/search.html?q=", "10.2.0.8"),
    referred(8, "/search.html?q=etica", f"{SITE}/search.html?q=cancelar", "10.2.0.9"),  # a search stays one
    referred(9, f"/{ETHICS}.html", "android-app://com.google.android.gm/?q=etica", "10.2.0.10"),
]


def test_the_referer_is_the_click_through_of_a_view_without_q(content: Path, tmp_path: Path) -> None:
    tally = _tally(content, [write(tmp_path / "access.log", *REFERRED)])
    assert tally.clicks == {("emitir nota", EMIT): 1, ("cancelar", CANCEL): 1, ("[e-mail]", CANCEL): 1,
                            ("nfs-e", EMIT): 1}
    assert tally.views() == {EMIT: 2, CANCEL: 2, ETHICS: 5}  # a Referer changes no view count
    assert tally.searches == {"etica": 1}


def _as_common(combined: str) -> str:
    return re.sub(r' "[^"]*" "[^"]*"\n$', "\n", combined)


def test_the_referer_of_another_host_counts_only_without_base_url(content: Path, tmp_path: Path) -> None:
    site, _ = load_site(content)
    matcher = ArticleMatcher.for_site(site)
    log = write(tmp_path / "access.log", *REFERRED)
    anywhere = tally_logs([log], matcher.resolve, matcher.prefix, host=None)  # no base_url: the path decides
    assert anywhere.clicks[("etica", ETHICS)] == 1 and len(anywhere.clicks) == 5
    common = tally_logs([write(tmp_path / "common.log", *map(_as_common, REFERRED))], matcher.resolve,
                        matcher.prefix, host=None)
    assert common.clicks == {("nfs-e", EMIT): 1}  # the common format has no Referer: only ?q= is known


def test_the_referer_must_be_the_results_page_under_the_base_path(content: Path, tmp_path: Path) -> None:
    site, _ = load_site(content)
    matcher = ArticleMatcher.for_site(site)
    lines = [referred(0, f"/ajuda/{EMIT}.html", f"{SITE}/ajuda/search.html?q=nota", "10.3.0.1"),
             referred(1, f"/ajuda/{CANCEL}.html", f"{SITE}/search.html?q=nota", "10.3.0.2")]  # outside /ajuda/
    tally = tally_logs([write(tmp_path / "access.log", *lines)], matcher.resolve, "/ajuda/",
                       host="ajuda.example.gov.br")
    assert tally.clicks == {("nota", EMIT): 1} and tally.views() == {EMIT: 1, CANCEL: 1}


def test_the_caches_of_targets_and_referers_are_bounded(content: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # 300 distinct searches and Referers with room for 50 of each: the caches start over (and a
    # target longer than MEMO_BYTES is never kept); every answer is still right
    from kbgen.analytics import requests

    monkeypatch.setattr(requests, "_CACHE_LIMIT", 50)
    site, _ = load_site(content)
    matcher = ArticleMatcher.for_site(site)
    items = requests.ReportItems(matcher.resolve, matcher.prefix, site_host(site.config.base_url))
    for i in range(300):
        assert items(f"/search.html?q=Termo+{i}x".encode()) == ((requests.SEARCH, f"termo {i}x"), None)
        view, _ = items(f"/{EMIT}.html".encode())
        assert view is not None
        assert items.by_referer(view, f"{SITE}/search.html?q=nota+{i}x".encode()) == (requests.VIEW, EMIT,
                                                                                    f"nota {i}x")
    assert items(b"/search.html?q=" + b"x" * 2000) == ((requests.SEARCH, "x" * 200), None)
    assert 0 < len(items.cache) <= 50 and 0 < len(items.referers) <= 50 and len(items.kinds) <= 50
    assert not any(len(target) > MEMO_BYTES for target in items.cache)


def test_plain_views_are_docnames_and_other_pages_are_skipped(content: Path) -> None:
    # a view without ?q= is the docname itself (the counting loop's cheap case); a page that matches no
    # article is not tallied (the dashboard does not show it) and so never reaches the crawler check
    from kbgen.analytics import requests

    site, _ = load_site(content)
    matcher = ArticleMatcher.for_site(site)
    items = requests.ReportItems(matcher.resolve, matcher.prefix, site_host(site.config.base_url))
    assert items(f"/{EMIT}.html?utm_source=x".encode()) == (EMIT, None)
    assert items(f"/{EMIT}.html?q=Nota".encode()) == ((requests.VIEW, EMIT, "nota"), None)
    assert items(b"/artigo/que-nao-existe.html") == (None, None)
    assert items.by_referer(EMIT, f"{SITE}/search.html?q=nota".encode()) == (requests.VIEW, EMIT, "nota")
    assert items.by_referer(EMIT, f"{SITE}/search.html".encode()) == EMIT


def test_days_out_of_order_and_views_across_midnight(content: Path, tmp_path: Path) -> None:
    # lines a minute out of order around midnight (T0 is 09:00): the day switches back and forth,
    # each view lands on its own day, a repeat across midnight stays one view, and the first and last
    # days are those of counted requests only
    lines = [line(898, f"/{CANCEL}.html", ip="10.4.0.1"), line(-540, f"/{EMIT}.html", ip="10.4.0.2", days=1),
             line(899, f"/{CANCEL}.html", ip="10.4.0.3"), line(-539, f"/{CANCEL}.html", ip="10.4.0.3", days=1),
             line(-538, f"/{CANCEL}.html", ip="10.4.0.4", days=1), line(0, "/_static/kbgen.css", days=2)]
    tally = _tally(content, [write(tmp_path / "access.log", *lines)])
    day0 = dt.date(2026, 3, 2).toordinal()
    assert tally.daily == {CANCEL: {day0: 2, day0 + 1: 1}, EMIT: {day0 + 1: 1}}
    assert tally.stats.repeats == 1
    assert (tally.first_day, tally.last_day) == (day0, day0 + 1)  # the stylesheet's day 2 counts nothing


def test_overlapping_logs_with_events_of_one_second_and_one_reader(content: Path, tmp_path: Path) -> None:
    """Two servers log the same reader in the same second, a view on one and a search on the other:
    the merge by time must not compare the events themselves (a view's and a search's differ in kind
    and once raised TypeError in kbgen report)."""
    web1 = write(tmp_path / "web1.log", line(0, f"/{CANCEL}.html", ip="10.0.0.1"))
    web2 = write(tmp_path / "web2.log", line(0, "/search.html?q=cancelar", ip="10.0.0.1"),
                 vote(0, CANCEL, "sim", "a" * 16, ip="10.0.0.1"))
    for logs in ([web1, web2], [web2, web1]):
        tally = _tally(content, logs)
        assert tally.views() == {CANCEL: 1} and tally.searches == {"cancelar": 1}
        assert tally.votes[CANCEL].yes == 1
