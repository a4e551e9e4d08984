"""Issue 18 (12): the hand-off under hostile addresses and ids.

``registrar-atendimento.html?artigo=constructor`` (or ``__proto__``, ``toString`` …) once showed a
bogus article: the page looked the docname up in a plain object. A ``ticket_form_id`` above 2**53
was altered on its way to the browser (a JSON number becomes a double). Ids now travel as digits.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from kbgen.handoff.builder import Context, build
from kbgen.handoff.ticket import identifier
from kbgen.loading.walker import load_site
from kbgen.validation import Invalid

from .browser_support import serve
from .conftest import MINIMAL, build_clean, copy_site
from .node_bridge import NodeBridge

BIG_FORM = 2**53 + 1  # 9007199254740993: the first integer a double cannot hold
BIG_FIELD = 2**64 - 1
ZENDESK = f"""ticket:
  system: zendesk
  url: https://suporte.example.gov.br/
  ticket_form_id: {BIG_FORM}
  set_field: "{BIG_FIELD}"
"""
PROTOTYPE_KEYS = ["constructor", "__proto__", "toString", "hasOwnProperty", "valueOf", "__defineGetter__"]


@pytest.mark.parametrize(("raw", "digits"), [
    (BIG_FORM, "9007199254740993"), (str(BIG_FIELD), "18446744073709551615"), ("360000123456", "360000123456"),
    (" 42 ", "42"), (1, "1"),
])
def test_ids_are_kept_as_their_digits(raw: Any, digits: str) -> None:
    assert identifier(raw) == digits


@pytest.mark.parametrize("raw", [0, -1, "0", "-5", "12a", "1e3", "", 2**64, str(2**64), True, 1.5, "١٢"])
def test_ids_that_are_not_positive_digits_are_refused(raw: Any) -> None:
    with pytest.raises(Invalid):
        identifier(raw)



def _zendesk_site(root: Path) -> Path:
    site = copy_site(MINIMAL, root)
    kb = site / "kb.yml"
    kb.write_text(kb.read_text(encoding="utf-8") + ZENDESK, encoding="utf-8")
    for slug in ("fiscal", "rh"):
        set_file = site / slug / "_set.yml"
        set_file.write_text(set_file.read_text(encoding="utf-8") + f"ticket:\n  set_tag: conjunto_{slug}\n",
                            encoding="utf-8")
    return site


def test_a_big_id_reaches_the_javascript_builder_unchanged(tmp_path: Path, node: NodeBridge) -> None:
    loaded, problems = load_site(_zendesk_site(tmp_path / "content"))
    assert not problems.errors, problems.errors
    target = loaded.sets["fiscal"].ticket
    # the page carries the target as JSON, which the browser parses: the same trip as here
    from_page = json.loads(json.dumps(target))
    context = {"set_title": "Fiscal", "article_title": "Como?"}
    python = build(target, Context(**context)).url
    url = node.call("build", target=from_page, context=context, labels=None)["url"]
    assert url == python
    sent = parse_qs(urlsplit(url).query)
    assert sent["ticket_form_id"] == [str(BIG_FORM)] and sent[f"tf_{BIG_FIELD}"] == ["conjunto_fiscal"]


@pytest.mark.parametrize("slug", PROTOTYPE_KEYS)
def test_a_module_slug_named_like_a_prototype_key_gets_no_tag(node: NodeBridge, slug: str) -> None:
    target = {"system": "zendesk", "url": "https://s.example.gov.br", "ticket_form_id": "7", "module_field": "9",
              "module_tags": {"escrita-fiscal": "fiscal_escrita"}}
    context = {"set_title": "Fiscal", "module_slug": slug, "module_title": "M"}
    url = node.call("build", target=target, context=context, labels=None)["url"]
    assert "tf_9" not in url and url == build(target, Context(**context)).url


def test_osticket_topic_ids_beyond_a_double(node: NodeBridge) -> None:
    target = {"system": "osticket", "url": "https://os.example.gov.br/", "topic_id": str(BIG_FORM)}
    url = node.call("build", target=target, context={"set_title": "Fiscal"}, labels=None)["url"]
    assert url == f"https://os.example.gov.br/open.php?topicId={BIG_FORM}" == build(target, Context("Fiscal")).url


# ---- in Chromium ---------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def zendesk_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    work = tmp_path_factory.mktemp("handoff-hostile")
    with serve(build_clean(_zendesk_site(work / "content"), work),
               headers={"Content-Security-Policy": "default-src 'self'"}) as url:
        yield url


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context()
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    yield page
    context.close()
    assert not errors, errors


@pytest.mark.parametrize("key", PROTOTYPE_KEYS)
def test_prototype_keys_in_the_address_show_no_article_and_no_set(page: Any, zendesk_url: str, key: str) -> None:
    page.goto(f"{zendesk_url}registrar-atendimento.html?artigo={key}&conjunto={key}&modulo={key}")
    assert page.locator(".kb-handoff-form").is_visible()  # the script ran to its end
    assert page.locator(".kb-handoff-article").is_hidden()
    assert page.locator("#kb-handoff-set").input_value() == ""
    assert page.locator(".kb-handoff-ready").is_hidden()
    page.locator("#kb-handoff-set").select_option("fiscal")
    sent = parse_qs(urlsplit(page.locator("a[data-kb-handoff-go]").get_attribute("href")).query)
    assert "Artigo" not in sent["tf_description"][0]  # no bogus article travels to the ticket


def test_the_browser_keeps_big_ids_exact(page: Any, zendesk_url: str) -> None:
    page.goto(zendesk_url + "registrar-atendimento.html?conjunto=fiscal")
    sent = parse_qs(urlsplit(page.locator("a[data-kb-handoff-go]").get_attribute("href")).query)
    assert sent["ticket_form_id"] == [str(BIG_FORM)] and sent[f"tf_{BIG_FIELD}"] == ["conjunto_fiscal"]
    # an article's direct link, rebuilt by the script with the page's query
    page.goto(zendesk_url + "fiscal/escrita-fiscal/como-declarar-sem-movimento.html?q=sem%20movimento")
    sent = parse_qs(urlsplit(page.locator("a.kb-handoff-direct").get_attribute("href")).query)
    assert sent["ticket_form_id"] == [str(BIG_FORM)]
