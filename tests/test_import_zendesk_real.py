"""``kbgen import zendesk`` on a Help Center API response nobody here wrote (issue 23: "the importers are
also run on exports … nobody here wrote"): tests/fixtures/zendesk-real/ (see its README for the source),
plus records derived from it with one field changed each, the way real exports differ from our own
fixture (ids as strings, ``user_segment_ids``, null fields, ``pt-BR`` in ``html_url``). One import and
one ``--strict`` build per module; the live API is a loopback server answering with cursor pagination."""

from __future__ import annotations

import copy
import io
import json
import shutil
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any, ClassVar
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml

from kbgen.commands.importing import ImportOptions, run_import
from kbgen.importers.failures import ImportFailed
from kbgen.importers.report import REPORT_NAME
from kbgen.importers.target import MARKER
from kbgen.importers.zendesk import ZendeskOptions, convert_zendesk

from .browser_support import serve_handler
from .conftest import FIXTURES, build_clean

REAL = FIXTURES / "zendesk-real"
EMAIL = "suporte@prefeitura.example.gov.br"
HOST = "https://support.send-anywhere.com"
API = "https://send-anywhere.zendesk.com"
MODULE = "send-anywhere/modulo-201021268"


def _real_articles() -> list[dict[str, Any]]:
    articles = json.loads((REAL / "articles.json").read_text(encoding="utf-8"))["articles"]
    assert isinstance(articles, list)
    return articles


def _variant(base: int, new_id: Any, **changes: Any) -> dict[str, Any]:
    """Real article number ``base`` with another id and the given fields changed (None: null)."""
    article = copy.deepcopy(_real_articles()[base])
    article["id"] = new_id
    article["html_url"] = article["html_url"].replace(str(_real_articles()[base]["id"]), str(new_id))
    article.update(changes)
    return article


VARIANTS = {
    "sections": [{  # a section inside the real one, with its ids as strings and no position
        "id": "201021269", "url": f"{API}/api/v2/help_center/ja/sections/201021269.json",
        "html_url": f"{HOST}/hc/ja/sections/201021269", "category_id": "360000312354", "position": None,
        "sorting": "manual", "name": "メンテナンス", "description": None, "locale": "ja", "source_locale": "ko",
        "outdated": False, "parent_section_id": "201021268", "theme_template": "section_page"}],
    "articles": [
        _variant(0, 9000000000001, user_segment_ids=[360001234]),  # the newer field alone restricts
        _variant(2, "9000000000002", section_id="201021269"),  # ids as strings (Zendesk advises it)
        _variant(1, 9000000000003, body=None, title=None, position=None, label_names=None, updated_at=None),
        _variant(3, 9000000000004, html_url=f"{HOST}/hc/pt-BR/articles/9000000000004-Aviso", locale="pt-br"),
        _variant(4, 9000000000005, html_url=f"{HOST}/hc/ja/articles/9000000000005-Aviso."),
        _variant(0, 9000000000006, draft=True),
        _variant(0, 9000000000007, section_id=None),
        # links through the zendesk.com name of a help center published under its own host
        _variant(2, 9000000000008, title="Links pelo endereço do Zendesk", body=(
            f'<p>Veja <a href="{API}/hc/ja/articles/16479573128473">a mudança</a> e baixe '
            f'<a href="{API}/hc/article_attachments/360099/regulamento.pdf">o regulamento</a>.</p>')),
    ],
    "meta": {"has_more": False, "after_cursor": "abc", "before_cursor": "xyz"},
    "links": {"next": None, "prev": None},
}


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _front(path: Path) -> dict[str, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8").split("---\n")[1])
    assert isinstance(data, dict)
    return data


def _convert(source: Path | str, out: Path, **options: Any) -> tuple[int, str]:
    stream = io.StringIO()
    zendesk = ZendeskOptions(str(source), EMAIL, **options)
    status = run_import(lambda: convert_zendesk(zendesk), ImportOptions(out), stream)
    return status, stream.getvalue()


@pytest.fixture(scope="module")
def source(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("zendesk-real") / "api"
    shutil.copytree(REAL, folder, ignore=shutil.ignore_patterns("*.md"))
    (folder / "variants.json").write_text(json.dumps(VARIANTS, ensure_ascii=False, indent=2), encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def imported(source: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("zendesk-real-import") / "content"
    status, stdout = _convert(source, out)
    assert status == 0, stdout
    assert "10 articles imported, 3 skipped" in stdout
    return out


@pytest.fixture(scope="module")
def built(imported: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    work = tmp_path_factory.mktemp("zendesk-real-build")
    return build_clean(shutil.copytree(imported, work / "content"), work)  # --strict, no warning


def _article(imported: Path, article_id: int) -> Path:
    report = (imported / REPORT_NAME).read_text(encoding="utf-8")
    path = next(block.split("\n")[0] for block in report.split("### ")[1:]
                if f"\nFrom article {article_id}:" in block)
    return imported / path


def test_the_real_response_imports_and_builds_strict(built: Path, imported: Path) -> None:
    for article in _real_articles():
        path = _article(imported, article["id"])
        assert path.parent == imported / MODULE
        front = _front(path)
        assert front["title"] == article["title"]
        assert front["updated"].isoformat() == article["updated_at"][:10]
        assert f"hc/ja/articles/{article['id']}" in front["aliases"]
        html = built / path.relative_to(imported).with_suffix(".html")
        assert html.is_file(), html
        assert (built / f"hc/ja/articles/{article['id']}/index.html").is_file()
    # html_url's own form (with the title's slug) is kept, case and all
    slugged = "hc/ja/articles/16479573128473-Notice-of-Policy-Change-for-Free-Users-2023-03-13"
    assert (built / slugged / "index.html").is_file()


def test_what_the_real_bodies_hold(imported: Path, built: Path) -> None:
    policy = _article(imported, 16479573128473).read_text(encoding="utf-8")
    assert "Link Downloads\n" in policy and "Link Downloads\\" not in policy  # "<br><br></p>": no stray "\"
    assert "\n\\\n" not in policy  # "<p><br><strong>…": no break before anything
    slack = _article(imported, 15635254755737).read_text(encoding="utf-8")
    assert "\n2023年 2月 20日\n" in slack and "<div" not in slack  # eight Slack divs around one date: the text
    privacy = _article(imported, 15634926888217)
    text = privacy.read_text(encoding="utf-8")
    assert "もしくはsupport@estmob.com まで" in text  # an <a> without href: its text
    page = (built / privacy.relative_to(imported).with_suffix(".html")).read_text(encoding="utf-8")
    assert "&lt;改定項目&gt;" in page  # "&lt;…&gt;" stays text, never a tag


def test_the_real_links_are_reported(imported: Path) -> None:
    report = (imported / REPORT_NAME).read_text(encoding="utf-8")
    assert ("the link 'https://support@send-anywhere.com' has a user name before its host ('support@'): it opens "
            "send-anywhere.com; if an e-mail address was meant, write mailto:") in report
    assert f"the link {HOST}/hc/ko/articles/support@estmob.com points at the old help center" in report
    assert f"the link {HOST}/hc/ja/requests/new points at the old help center" in report


def test_fields_real_exports_vary_in(imported: Path) -> None:
    report = (imported / REPORT_NAME).read_text(encoding="utf-8")
    title = _real_articles()[0]["title"]
    assert f"article 9000000000001 {title!r}: restricted to the user segment 360001234" in report
    assert f"article 9000000000006 {title!r}: a draft" in report
    assert f"article 9000000000007 {title!r}: it has no section_id" in report
    # ids as strings: the article, its section (inside the real one) and its category are found
    nested = _article(imported, 9000000000002)
    assert nested.parent.name == "modulo-201021269"
    module = yaml.safe_load((nested.parent / "_module.yml").read_text(encoding="utf-8"))
    assert module == {"title": "お知らせ › メンテナンス"}
    # null body, title (the name is kept), position, labels and date
    empty = _front(_article(imported, 9000000000003))
    assert empty["title"] == _real_articles()[1]["name"]
    assert "order" not in empty and "tags" not in empty and "updated" not in empty
    assert "updated_at None is not a date: 'updated' was left out" in report
    # html_url's locale spelling is the short alias's too: one folder, not pt-BR and pt-br
    assert _front(_article(imported, 9000000000004))["aliases"] == [
        "hc/pt-BR/articles/9000000000004-Aviso", "hc/pt-BR/articles/9000000000004"]
    # an old address kbgen refuses (a name ending in ".") is reported, the short one is kept
    assert _front(_article(imported, 9000000000005))["aliases"] == ["hc/ja/articles/9000000000005"]
    assert "the old address 'hc/ja/articles/9000000000005-Aviso.': " in report


def test_the_api_host_is_the_help_centers_own(imported: Path) -> None:
    path = _article(imported, 9000000000008)
    target = _article(imported, 16479573128473).name
    assert f"[a mudança]({target})" in path.read_text(encoding="utf-8")
    report = (imported / REPORT_NAME).read_text(encoding="utf-8")
    assert f"the attachment {API}/hc/article_attachments/360099/regulamento.pdf: not found in" in report


def test_same_input_same_bytes(source: Path, imported: Path, tmp_path: Path) -> None:
    status, _ = _convert(source, tmp_path / "again")
    assert status == 0
    assert _tree(tmp_path / "again") == _tree(imported)


def test_articles_without_sections_or_categories_say_what_to_save(tmp_path: Path) -> None:
    (tmp_path / "api").mkdir()
    shutil.copy(REAL / "articles.json", tmp_path / "api")
    stream = io.StringIO()
    zendesk = ZendeskOptions(str(tmp_path / "api"), EMAIL)
    with pytest.raises(ImportFailed) as failure:
        convert_zendesk(zendesk)
    assert str(failure.value) == (
        f"{tmp_path / 'api'}: 5 articles but no categories and sections: kbgen needs them to make sets and "
        "modules; save the responses of /api/v2/help_center/<locale>/categories.json and sections.json next to "
        "the articles")
    assert run_import(lambda: convert_zendesk(zendesk), ImportOptions(tmp_path / "out"), stream) == 1
    assert not (tmp_path / "out").exists()


# --- the live API, answering with cursor pagination ---------------------------------------------------

class _CursorHelpCenter(BaseHTTPRequestHandler):
    """The fixture as the Help Center API answers ``page[size]``: articles two to a page, ``meta.has_more``
    and ``links.next``; the last page's ``links.next`` still names a page (that answers 404: it must not
    be followed)."""

    requests: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        type(self).requests.append(self.path)
        base = f"http://{self.headers['Host']}"
        parts = urlsplit(self.path)
        query = parse_qs(parts.query)
        kind = parts.path.removeprefix("/api/v2/help_center/ja/").removesuffix(".json")
        if kind not in ("categories", "sections", "articles") or query.get("page[size]") != ["100"] \
                or query.get("page[after]") == ["end"]:
            self.send_response(404)
            self.end_headers()
            return
        items = json.loads((REAL / f"{kind}.json").read_text(encoding="utf-8"))[kind]
        start = int(query.get("page[after]", ["0"])[0])
        page = items[start:start + 2] if kind == "articles" else items
        more = kind == "articles" and start + 2 < len(items)
        after = str(start + 2) if more else "end"
        data = {kind: page, "meta": {"has_more": more, "after_cursor": after, "before_cursor": str(start)},
                "links": {"next": f"{base}{parts.path}?page[size]=100&page[after]={after}", "prev": None}}
        body = json.dumps(data, ensure_ascii=False).replace(HOST, base).replace(API, base).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def live() -> Iterator[str]:
    _CursorHelpCenter.requests = []
    with serve_handler(_CursorHelpCenter) as base:
        yield base


def test_live_cursor_pagination_gives_the_folders_result(live: str, tmp_path: Path) -> None:
    status, stdout = _convert(live, tmp_path / "live", locale="ja", retry_delay=0.01)
    assert status == 0, stdout
    assert "5 articles imported" in stdout
    pages = [p for p in _CursorHelpCenter.requests if p.startswith("/api/v2/help_center/ja/articles.json")]
    assert pages == ["/api/v2/help_center/ja/articles.json?page[size]=100",
                     "/api/v2/help_center/ja/articles.json?page[size]=100&page[after]=2",
                     "/api/v2/help_center/ja/articles.json?page[size]=100&page[after]=4"]
    folder = tmp_path / "folder"
    (folder / "api").mkdir(parents=True)
    for name in ("articles.json", "sections.json", "categories.json"):
        shutil.copy(REAL / name, folder / "api")
    assert _convert(folder / "api", folder / "content")[0] == 0
    own = (REPORT_NAME, MARKER)
    live_tree = {k: v.replace(live.encode(), HOST.encode()) for k, v in _tree(tmp_path / "live").items()
                 if k not in own}
    assert live_tree == {k: v for k, v in _tree(folder / "content").items() if k not in own}
