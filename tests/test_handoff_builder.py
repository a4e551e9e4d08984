"""The hand-off URL builder: one algorithm, two sides (kbgen/handoff/builder.py and kbgen-handoff.js).

A golden table holds both to the same bytes; hypothesis then checks, on any text, that both
sides still agree and that decoding a built URL gives back what went in.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kbgen.handoff.builder import (
    MAX_MAIL,
    MAX_URL,
    Context,
    build,
    clean,
    description,
    html_paragraphs,
    multi_line,
    single_line,
    subject,
    zendesk_subject,
)

from .conftest import FIXTURES
from .handoff_formats import plain
from .node_bridge import NodeBridge

GOLDEN: list[dict[str, Any]] = yaml.safe_load((FIXTURES / "handoff_golden.yml").read_text(encoding="utf-8"))
_UUID = "0195f1c2-3a4b-7c8d-9e0f-0000000000{}".format  # the golden table's GLPI question UUIDs
_GLPI_SUBJECT, _GLPI_DESCRIPTION, _GLPI_SET, _GLPI_QUERY = _UUID(41), _UUID(42), _UUID(43), _UUID(45)


def _python(target: dict[str, Any], context: dict[str, Any]) -> dict[str, Any]:
    result = build(target, Context(**context))
    return {"url": result.url, "subject": result.subject, "description": result.description,
            "travels": result.travels, "details": result.details, "shortened": result.shortened}


@pytest.mark.parametrize("case", GOLDEN, ids=[c["name"] for c in GOLDEN])
def test_golden_table_python(case: dict[str, Any]) -> None:
    result = _python(case["target"], case["context"])
    for key in ("url", "subject", "description", "details", "travels"):
        assert result[key] == case[key], key


@pytest.mark.parametrize("case", GOLDEN, ids=[c["name"] for c in GOLDEN])
def test_golden_table_javascript(case: dict[str, Any], node: NodeBridge) -> None:
    result = node.call("build", target=case["target"], context=case["context"])
    for key in ("url", "subject", "description", "details", "travels"):
        assert result[key] == case[key], key


@pytest.mark.parametrize("case", GOLDEN, ids=[c["name"] for c in GOLDEN])
def test_golden_urls_are_safe_and_short(case: dict[str, Any]) -> None:
    url = case["url"]
    assert len(url) <= (MAX_MAIL if url.startswith("mailto:") else MAX_URL)
    # nothing that could end an HTML attribute or start markup, no raw space, no "+" for a space
    assert not set(url) & set("\"'<> \n\r\t`")
    if url.startswith("mailto:"):
        assert "+" not in url.split("?", 1)[-1]
        assert "%0A" not in url.replace("%0D%0A", "")  # CRLF, never a bare LF, in mail bodies
    query = dict(parse_qsl(urlsplit(url).query, keep_blank_values=True))
    for key in ("subject", _GLPI_SUBJECT, "assunto"):
        if key in query:
            assert query[key] == case["subject"]  # the subject is never shortened
    if "tf_subject" in query:  # Zendesk's input shows a value with "<" as sanitized HTML: ‹ › instead
        assert query["tf_subject"] == zendesk_subject(case["subject"])


def test_long_description_is_cut_at_a_character_not_the_subject() -> None:
    case = next(c for c in GOLDEN if c["name"].startswith("zendesk: astral"))
    assert case["description"].endswith("…")
    assert len(case["url"]) <= MAX_URL
    full = description(clean(Context(**case["context"])))
    assert full.startswith(case["description"][:-1])  # a prefix of whole code points: no lone surrogate
    query = dict(parse_qsl(urlsplit(case["url"]).query))
    assert query["tf_subject"] == zendesk_subject(case["subject"])
    assert query["tf_description"] == html_paragraphs(case["description"])


# ---- any text: both sides agree, and the URL decodes back to its inputs ------------------------------

_TEXT = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=120)
# what a reader types in "Descrição": lines, blank lines, tabs, CR, any character, sometimes long
_LINES = st.lists(st.one_of(_TEXT, st.sampled_from(["\n", "\r\n", "\r", "\t", "  ", "\u2028", "\n\n\n"])),
                  max_size=30).map("".join)
_CONTEXTS = st.fixed_dictionaries({
    "set_title": st.text(min_size=1, max_size=40).filter(lambda t: single_line(t) != ""),
    "module_slug": st.sampled_from(["", "nota-fiscal-eletronica", "escrita-fiscal"]),
    "module_title": _TEXT, "article_title": _TEXT, "query": _TEXT, "subject": _TEXT, "description": _LINES,
    "article_url": st.sampled_from(["", "https://ajuda.example.gov.br/fiscal/a.html"]),
})
_TARGETS = st.sampled_from([
    {"system": "email", "email": "atende.fiscal@example.gov.br"},
    {"system": "zendesk", "url": "https://suporte.example.gov.br", "locale": "pt-br", "ticket_form_id": 1,
     "set_field": 2, "set_tag": "fiscal", "module_field": 3, "module_tags": {"escrita-fiscal": "fiscal_escrita"}},
    {"system": "glpi", "url": "https://glpi.example.gov.br/Form/Render/7",
     "questions": {"subject": _GLPI_SUBJECT, "description": _GLPI_DESCRIPTION, "set": _GLPI_SET,
                   "module": _UUID(44), "query": _GLPI_QUERY}},
    {"system": "url", "template": "https://f.example.gov.br/n?s={subject}&d={description}&q={query}"},
])
_DECODE = {"email": ("subject", "body"), "zendesk": ("tf_subject", "tf_description"),
           "glpi": (_GLPI_SUBJECT, _GLPI_DESCRIPTION),
           "url": ("s", "d")}


def _decoded(url: str) -> dict[str, str]:
    query = urlsplit(url).query
    return {unquote(k): unquote(v) for k, v in (pair.split("=", 1) for pair in query.split("&") if pair)}


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(target=_TARGETS, context=_CONTEXTS)
def test_decoding_a_built_url_gives_back_its_inputs(target: dict[str, Any], context: dict[str, Any],
                                                    node: NodeBridge) -> None:
    built = build(target, Context(**context))
    assert node.call("build", target=target, context=context)["url"] == built.url  # the two sides agree
    limit = MAX_MAIL if target["system"] == "email" else MAX_URL
    assert len(built.url) <= limit or built.description == "…"
    cleaned = clean(Context(**context))
    values = _decoded(built.url)
    subject_key, description_key = _DECODE[target["system"]]
    assert values[subject_key] == (zendesk_subject if target["system"] == "zendesk" else str)(subject(cleaned))
    text = values.get(description_key, "").replace("\r\n", "\n")
    if target["system"] in ("zendesk", "glpi"):  # rich-text editors: HTML paragraphs, nothing else
        assert text == html_paragraphs(built.description)
        assert not set(text.replace("<p>", "").replace("</p>", "").replace("<br>", "")) & set("<>")
        text = plain(text)
    full = description(cleaned)
    assert built.shortened == (text != full)
    if built.shortened:
        assert text.endswith("…") and full.startswith(text[:-1])
        if target["system"] == "email":  # a mail link loses whole lines: what is left ends a line
            assert text == "…" or (text.endswith("\n…") and full.startswith(text[:-1]))
    else:
        assert text == full
        for part in (cleaned.article_title, cleaned.query, cleaned.set_title, cleaned.module_title,
                     cleaned.description):
            assert part in text
    assert (zendesk_subject if target["system"] == "zendesk" else str)(cleaned.set_title) in values[subject_key]
    if target["system"] == "glpi":
        assert values.get(_GLPI_SET) == cleaned.set_title and values.get(_GLPI_QUERY, "") == cleaned.query


@given(text=st.text(max_size=60))
def test_single_line_has_no_line_break_and_no_lone_surrogate(text: str) -> None:
    line = single_line(text)
    assert not set(line) & set("\n\r\t\f\v")
    assert not any(0xD800 <= ord(ch) <= 0xDFFF for ch in line)
    line.encode("utf-8")


def test_mail_body_uses_crlf_and_percent_20() -> None:
    url = build({"system": "email", "email": "a@example.gov.br"},
                Context(set_title="Fiscal", module_title="NFS-e", query="a b")).url
    assert "%0D%0A" in url and "%20" in url and "+" not in url


def test_call_query_names_set_module_article() -> None:
    from kbgen.handoff.builder import call_query

    assert call_query("fiscal", "nfse", "fiscal/nfse/a", "nota & boleto") == \
        "conjunto=fiscal&modulo=nfse&artigo=fiscal%2Fnfse%2Fa&q=nota%20%26%20boleto"
    assert call_query() == ""


# ---- the reader's description ----------------------------------------------------------------------


@given(text=_LINES)
def test_multi_line_keeps_lines_and_nothing_else(text: str) -> None:
    lines = multi_line(text)
    assert "\r" not in lines and "\n\n\n" not in lines and "\t" not in lines
    assert lines == lines.strip("\n") and all(line == line.strip(" ") for line in lines.split("\n"))
    assert multi_line(lines) == lines  # idempotent: the browser and the builder may clean twice
    assert lines.split() == text.split()  # the same words in the same order


def test_multi_line_matches_the_browser(node: NodeBridge) -> None:
    for text in ("a\r\nb\rc\u2028d\u2029e\x85f", "  x \t y  \n\n\n\n z ", "\ud800 lone", "", " \n \n "):
        context = {"set_title": "S", "description": text}
        assert node.call("build", target={"system": "email", "email": "a@example.gov.br"}, context=context)[
            "description"] == build({"system": "email", "email": "a@example.gov.br"}, Context(**context)).description


def test_the_description_goes_last_labelled_and_is_cut_first() -> None:
    zendesk = next(c for c in GOLDEN if c["name"].startswith("zendesk: a long description is cut"))
    cut = build(zendesk["target"], Context(**zendesk["context"]))
    assert cut.shortened and len(cut.url) <= MAX_URL
    lines = cut.description.split("\n")
    assert lines[:4] == ["Artigo: Como cancelar uma NFS-e?", zendesk["context"]["article_url"],
                         "Conjunto: Fiscal › Nota Fiscal Eletrônica", "Busca: erro e178"]
    assert lines[4].startswith("Descrição: Tentei cancelar") and lines[-1].endswith("…")
    whole = multi_line(zendesk["context"]["description"])
    assert cut.details.endswith("Descrição: " + whole)  # "Copiar detalhes" has all of it
    labelled = build({"system": "email", "email": "a@example.gov.br"},
                     Context(set_title="S", description="x"), {"article": "Article", "set": "Set", "query": "Search",
                                                              "description": "Description"})
    assert labelled.description == "Set: S\nDescription: x" and not labelled.shortened


def test_a_description_that_fits_is_not_shortened(node: NodeBridge) -> None:
    case = next(c for c in GOLDEN if c["name"].startswith("glpi: the description goes"))
    assert not build(case["target"], Context(**case["context"])).shortened
    assert node.call("build", target=case["target"], context=case["context"])["shortened"] is False
    long_case = next(c for c in GOLDEN if c["name"].startswith("zendesk: a long description is cut"))
    assert node.call("build", target=long_case["target"], context=long_case["context"])["shortened"] is True


def test_labels_without_a_description_label_fall_back_alike(node: NodeBridge) -> None:
    target = {"system": "email", "email": "a@example.gov.br"}
    context = {"set_title": "S", "description": "texto"}
    for labels in ({"article": "A", "set": "Set", "query": "Q"}, {"article": "A", "set": "Set", "query": "Q",
                                                                  "description": ""}):
        python = build(target, Context(**context), labels).description
        assert python == "Set: S\nDescrição: texto"
        assert node.call("build", target=target, context=context, labels=labels)["description"] == python


# ---- formats: what each target reads ---------------------------------------------------------------


def test_html_paragraphs_escape_and_keep_only_p_and_br(node: NodeBridge) -> None:
    text = 'Artigo: <a href="x">A</a> & B\nhttps://a.example/x?y=1&z=2\n\nDescrição: <script>alert(1)</script>'
    html = html_paragraphs(text)
    assert html == ('<p>Artigo: &lt;a href="x"&gt;A&lt;/a&gt; &amp; B<br>https://a.example/x?y=1&amp;z=2</p>'
                    '<p>Descrição: &lt;script&gt;alert(1)&lt;/script&gt;</p>')
    assert html_paragraphs("") == ""
    assert plain(html) == text
    target = {"system": "zendesk", "url": "https://s.example.gov.br"}
    context = {"set_title": "S", "description": text}
    assert node.call("build", target=target, context=context)["url"] == build(target, Context(**context)).url


def test_mail_cut_keeps_whole_lines_and_the_subject(node: NodeBridge) -> None:
    case = next(c for c in GOLDEN if c["name"].startswith("email: a long description loses whole lines"))
    cut = build(case["target"], Context(**case["context"]))
    full = description(clean(Context(**case["context"])))
    assert cut.shortened and len(cut.url) <= MAX_MAIL and cut.description.endswith("\n…")
    kept = cut.description.split("\n")[:-1]
    assert kept == full.split("\n")[:len(kept)]  # whole lines, in order
    longer = "\n".join([*full.split("\n")[:len(kept) + 1], "…"])  # one more line would not fit
    assert len(build(case["target"], Context(**case["context"])).url) <= MAX_MAIL
    from kbgen.handoff.builder import _url  # the very URL with one line more
    assert len(_url(case["target"], clean(Context(**case["context"])), cut.subject, longer)) > MAX_MAIL
    assert dict(parse_qsl(urlsplit(cut.url).query))["subject"] == cut.subject == case["subject"]
    assert node.call("build", target=case["target"], context=case["context"])["description"] == cut.description


def test_zendesk_without_a_form_id_sends_none() -> None:
    url = build({"system": "zendesk", "url": "https://s.example.gov.br"}, Context(set_title="S")).url
    assert "ticket_form_id" not in url and url.startswith("https://s.example.gov.br/hc/pt-br/requests/new?tf_subject=")


def test_glpi_drop_downs_take_option_uuids_and_short_text_the_titles(node: NodeBridge) -> None:
    case = next(c for c in GOLDEN if c["name"].startswith("glpi: drop-down set and module"))
    values = dict(parse_qsl(urlsplit(case["url"]).query))
    target = case["target"]
    assert values[target["questions"]["set"]] == target["set_option"]
    assert values[target["questions"]["module"]] == target["module_options"]["folha"]
    assert values[target["questions"]["urgency"]] == "medium"
    assert values[target["questions"]["type"]] == "request"
    titles = next(c for c in GOLDEN if c["name"].startswith("glpi: short-text set and module"))
    values = dict(parse_qsl(urlsplit(titles["url"]).query))
    assert values[titles["target"]["questions"]["set"]] == "Recursos Humanos"
    assert titles["target"]["questions"]["module"] not in values  # no module chosen: nothing sent


@pytest.mark.parametrize("text", ["", "abc", "A-Z_a.z~0 9!*'()", "Nota fiscal eletrônica: ção", "😀 x\u00a0y",
                                  "%41/?#[]@&=+$,;:", "\n\r\t", "\u2039b\u203a & <i>", "e-mail@exemplo.gov.br"])
def test_encode_gives_the_bytes_of_urllib_quote(text: str) -> None:
    """encode() escapes runs of characters itself (it is on every page's hand-off link): byte for
    byte what quote(text, safe="") gives."""
    from urllib.parse import quote

    from kbgen.handoff.builder import encode, well_formed

    assert encode(text) == quote(well_formed(text), safe="")
