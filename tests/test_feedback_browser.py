""""Este artigo foi útil?" in Chromium, served with the production headers (kbgen.headers).

An answer is exactly one same-origin GET of the published _static/kbgen-voto.gif, answered 200,
with the article, the answer and a nonce; nothing else is requested; localStorage remembers the
vote; "Não" + a reason gives a hand-off link with the article and the reason, which the hand-off
page turns into the start of the description; from file:// nothing is requested.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from kbgen.headers import RECOMMENDED_HEADERS

from .browser_support import serve

ARTICLE = "fiscal/nota-fiscal-eletronica/como-cancelar-uma-nfs-e"
VOTE_FILE = "_static/kbgen-voto.gif"


@pytest.fixture(scope="module")
def site_url(minimal_site: Path) -> Iterator[str]:
    with serve(minimal_site, headers=RECOMMENDED_HEADERS, not_found=minimal_site / "404.html") as url:
        yield url


def _open(browser: Any, url: str) -> tuple[Any, Any, list[str], list[tuple[str, int]]]:
    """A fresh context on the article; the requests and responses made after the page settled."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.add_init_script("document.addEventListener('securitypolicyviolation', e => "
                         "console.error('CSP violation: ' + e.violatedDirective + ' ' + e.blockedURI));")
    page.goto(url)
    page.wait_for_load_state("networkidle")
    requests: list[str] = []
    responses: list[tuple[str, int]] = []
    page.on("request", lambda r: requests.append(r.url))
    page.on("response", lambda r: responses.append((r.url, r.status)))
    page.problems = problems
    return context, page, requests, responses


def _vote_query(url: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(url).query)


def test_yes_sends_one_same_origin_request_answered_200(browser: Any, site_url: str) -> None:
    context, page, requests, responses = _open(browser, site_url + ARTICLE + ".html")
    assert page.locator(".kb-feedback").is_visible()
    with page.expect_response(lambda r: VOTE_FILE in r.url):
        page.get_by_role("button", name="Sim").click()
    page.wait_for_timeout(200)
    assert len(requests) == 1, requests  # the vote, nothing else
    assert requests[0].startswith(site_url + VOTE_FILE + "?")
    assert responses == [(requests[0], 200)]
    query = _vote_query(requests[0])
    assert query["artigo"] == [ARTICLE] and query["voto"] == ["sim"] and "motivo" not in query
    assert len(query["n"][0]) == 16
    assert page.locator(".kb-feedback-thanks").is_visible()
    assert not page.locator(".kb-feedback-answers").is_visible()
    assert not page.locator(".kb-feedback-handoff").is_visible()
    assert page.evaluate(f"localStorage.getItem('kbgen-voto:{ARTICLE}')") == "sim"
    assert page.context.cookies() == []
    # the same browser, later: thanked, not asked again, nothing sent
    page.reload()
    page.wait_for_load_state("networkidle")
    requests.clear()
    assert page.locator(".kb-feedback-thanks").is_visible()
    assert not page.locator(".kb-feedback-answers").is_visible()
    assert not [r for r in requests if VOTE_FILE in r]
    assert page.problems == []
    context.close()


def test_no_with_a_reason_links_to_the_handoff_with_article_and_reason(browser: Any, site_url: str) -> None:
    context, page, requests, responses = _open(browser, site_url + ARTICLE + ".html")
    with page.expect_response(lambda r: VOTE_FILE in r.url):
        page.get_by_role("button", name="Não", exact=True).click()
    assert page.locator(".kb-feedback-reasons").is_visible()
    with page.expect_response(lambda r: VOTE_FILE in r.url):
        page.get_by_role("button", name="Difícil de entender").click()
    page.wait_for_timeout(200)
    assert len(requests) == 2 and all(status == 200 for _, status in responses), (requests, responses)
    first, second = (_vote_query(r) for r in requests)
    assert first["voto"] == ["nao"] and "motivo" not in first
    assert second["voto"] == ["nao"] and second["motivo"] == ["dificil"]
    assert first["n"] == second["n"]  # one vote: the report counts it once, with its reason
    assert not page.locator(".kb-feedback-reasons").is_visible()
    link = page.locator(".kb-feedback-handoff a")
    assert link.is_visible()
    href = urlsplit(link.get_attribute("href") or "")
    assert href.path.endswith("registrar-atendimento.html")
    assert parse_qs(href.query)["artigo"] == [ARTICLE] and parse_qs(href.query)["motivo"] == ["dificil"]
    assert page.evaluate(f"localStorage.getItem('kbgen-voto:{ARTICLE}')") == "nao"
    link.click()
    page.wait_for_load_state("networkidle")
    assert page.locator("#kb-handoff-description").input_value() == "Achei o artigo difícil de entender."
    assert page.problems == []
    context.close()


def test_from_a_file_it_only_thanks(browser: Any, minimal_site: Path) -> None:
    context, page, requests, _responses = _open(browser, (minimal_site / f"{ARTICLE}.html").as_uri())
    page.get_by_role("button", name="Sim").click()
    page.wait_for_timeout(300)
    assert requests == []
    assert page.locator(".kb-feedback-thanks").is_visible()
    context.close()


def test_without_javascript_the_question_is_not_shown(browser: Any, site_url: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site_url + ARTICLE + ".html")
    assert page.locator(".kb-feedback").count() == 1 and not page.locator(".kb-feedback").is_visible()
    context.close()
