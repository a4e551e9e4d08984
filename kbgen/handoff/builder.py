"""The hand-off URL builder, Python side. ``kbgen-handoff.js`` is the same algorithm, step for
step: pages are built here with the context Python knows, and the browser rebuilds the link
when it learns more (the query, the subject the reader types). A golden table
(``tests/fixtures/handoff_golden.yml``) holds both to the same bytes.

Rules both sides follow:

* every value is UTF-8 percent-encoded, everything but ``A-Z a-z 0-9 - . _ ~`` (so a space is
  ``%20``, never ``+``, which ``mailto:`` would show literally);
* text is made single-line (tabs and line breaks become one space) and lone surrogates become
  U+FFFD, so both sides encode the same code points; the reader's description alone keeps its
  lines (see :func:`multi_line`) and goes last, labelled, so a cut shortens it first;
* each target gets the format it reads: Zendesk's description and GLPI's long-text answer are
  rich-text editors, so they get HTML paragraphs (:func:`html_paragraphs`: escaped text, ``<p>``
  and ``<br>`` only, no links); mail bodies, URL templates and "Copiar detalhes" get plain text
  (mail bodies with CRLF, the others LF);
* a URL longer than :data:`MAX_URL` (Zendesk ignores the pre-fill past it) gets its
  description cut, by code points, with "…" — never the subject; a ``mailto:`` link longer than
  :data:`MAX_MAIL` (browsers and mail programs fail near 2,000 characters) loses the description's
  last whole lines instead, a "…" line in their place.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, fields
from typing import Any

from kbgen.handoff.ticket import travels

MAX_URL = 2048
MAX_MAIL = 1900
DEFAULT_LABELS = {"article": "Artigo", "set": "Conjunto", "query": "Busca", "description": "Descrição"}
_SPACES = re.compile(r"[\t\n\r\f\v ]+")
_LINE_BREAK = re.compile("\r\n?|[\x85\u2028\u2029]")
_LINE_SPACES = re.compile(r"[\t\f\v ]+")
_BLANK_LINES = re.compile(r"\n{3,}")
_SURROGATE = re.compile("[\ud800-\udfff]")
_PLACEHOLDER = re.compile(r"\{(\w+)\}")
GLPI_ORDER = ("subject", "description", "set", "module", "urgency", "type", "query")


@dataclass(frozen=True)
class Context:
    """What the reader was looking at. Any part may be empty."""

    set_title: str = ""
    module_slug: str = ""
    module_title: str = ""
    article_title: str = ""
    article_url: str = ""
    query: str = ""
    subject: str = ""  # typed by the reader; replaces the article title after the [Set / Module] prefix
    description: str = ""  # typed by the reader, several lines; the last part of the ticket's description

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any]) -> Context:
        names = {f.name for f in fields(cls)}
        return cls(**{k: str(v) for k, v in data.items() if k in names and v is not None})

    def as_dict(self) -> dict[str, str]:
        return {f.name: getattr(self, f.name) for f in fields(self) if getattr(self, f.name)}


@dataclass(frozen=True)
class Handoff:
    url: str
    subject: str
    description: str  # as it is in the URL (maybe shortened)
    details: str  # subject and the whole description, for "Copiar detalhes"
    travels: bool  # False: the form takes no pre-fill, show the details to copy
    shortened: bool  # the description in the URL was cut to fit MAX_URL: offer the details to copy too


def well_formed(text: str) -> str:
    return _SURROGATE.sub("\ufffd", text)


def single_line(text: str) -> str:
    return _SPACES.sub(" ", well_formed(text)).strip(" ")


def multi_line(text: str) -> str:
    """The reader's description: its lines kept (any line break becomes LF), spaces and tabs in a
    line made one space, at most one blank line in a row, no blank line or space at either end."""
    lines = _LINE_BREAK.sub("\n", well_formed(text)).split("\n")
    joined = "\n".join(_LINE_SPACES.sub(" ", line).strip(" ") for line in lines)
    return _BLANK_LINES.sub("\n\n", joined).strip("\n")


#: What ``quote(text, safe="")`` escapes: all but RFC 3986's unreserved characters.
_RESERVED_RUN = re.compile(r"[^A-Za-z0-9_.~-]+")


def _percent(match: re.Match[str]) -> str:
    return "".join(f"%{byte:02X}" for byte in match.group().encode("utf-8"))


def encode(text: str) -> str:
    """encodeURIComponent, plus ! ' ( ) * (RFC 3986 unreserved characters only stay as they are).

    ``urllib.parse.quote(text, safe="")``'s bytes, escaped a run at a time instead of a byte at a
    time: every article page's hand-off link is built on every build (its digest decides whether
    the page is rewritten), and quote() was most of that at 20,000 articles."""
    return _RESERVED_RUN.sub(_percent, well_formed(text))


def clean(context: Context) -> Context:
    """The context as build() reads it: every part single-line but the reader's description."""
    return Context(**{f.name: (multi_line if f.name == "description" else single_line)(getattr(context, f.name))
                      for f in fields(context)})


def subject(context: Context) -> str:
    where = " / ".join(x for x in (context.set_title, context.module_title) if x)
    title = context.subject or context.article_title or context.query
    return " ".join(x for x in (f"[{where}]" if where else "", title) if x)


def description(context: Context, labels: Mapping[str, str] = DEFAULT_LABELS) -> str:
    lines = []
    if context.article_title:
        lines.append(f"{labels['article']}: {context.article_title}")
    if context.article_url:
        lines.append(context.article_url)
    if context.set_title:
        module = f" › {context.module_title}" if context.module_title else ""
        lines.append(f"{labels['set']}: {context.set_title}{module}")
    if context.query:
        lines.append(f"{labels['query']}: {context.query}")
    if context.description:  # last: a URL too long for it loses the end of what the reader wrote first
        lines.append(f"{labels.get('description') or DEFAULT_LABELS['description']}: {context.description}")
    return "\n".join(lines)


def html_paragraphs(text: str) -> str:
    """Plain lines as the HTML a rich-text editor keeps: a blank line starts a paragraph, a line
    break is ``<br>``, the text escaped (``& < >``). Nothing else: Zendesk's pre-fill keeps only
    DOMPurify's allowed tags (copenhagen_theme usePrefilledTicketFields.tsx:9-24), and a link the
    reader typed stays text."""
    def escape(line: str) -> str:  # U+00A0 as DOMPurify writes it back, so the editor gets these bytes
        return line.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\u00a0", "&nbsp;")
    return "".join("<p>" + "<br>".join(escape(line) for line in paragraph.split("\n")) + "</p>"
                   for paragraph in text.split("\n\n") if paragraph)


def zendesk_subject(text: str) -> str:
    """The subject as Zendesk's subject input can show it. Its pre-fill passes every value through
    DOMPurify (usePrefilledTicketFields.tsx:80), which returns a value without "<" as it is but
    parses one with "<" as HTML: "<b>" vanishes and "&" comes back as "&amp;", in a plain text input.
    Angle brackets become the look-alike ‹ › so the reader's words arrive whole."""
    return text.replace("<", "\u2039").replace(">", "\u203a")


def _params(pairs: list[tuple[str, str]]) -> str:
    return "&".join(f"{encode(k)}={encode(v)}" for k, v in pairs if v)


def _url(target: Mapping[str, Any], context: Context, subj: str, desc: str) -> str:
    system = target["system"]
    if system == "email":
        body = desc.replace("\n", "\r\n")
        query = _params([("subject", subj), ("body", body)])
        return f"mailto:{encode(target['email']).replace('%40', '@')}" + (f"?{query}" if query else "")
    if system == "zendesk":
        pairs = [("ticket_form_id", str(target.get("ticket_form_id") or "")), ("tf_subject", zendesk_subject(subj)),
                 ("tf_description", html_paragraphs(desc))]
        if target.get("set_field") and target.get("set_tag"):
            pairs.append((f"tf_{target['set_field']}", target["set_tag"]))
        module_tag = (target.get("module_tags") or {}).get(context.module_slug) if context.module_slug else None
        if target.get("module_field") and module_tag:
            pairs.append((f"tf_{target['module_field']}", module_tag))
        base = str(target["url"]).rstrip("/")
        return f"{base}/hc/{encode(target.get('locale') or 'pt-br')}/requests/new?{_params(pairs)}"
    if system == "osticket":
        return f"{str(target['url']).rstrip('/')}/open.php?topicId={int(target['topic_id'])}"
    if system == "glpi":
        module_option = (target.get("module_options") or {}).get(context.module_slug) if context.module_slug else None
        values = {"subject": subj, "description": html_paragraphs(desc),
                  "set": target.get("set_option") or context.set_title,
                  "module": module_option or context.module_title,
                  "urgency": target.get("urgency") or "", "type": target.get("request_type") or "",
                  "query": context.query}
        questions = target.get("questions") or {}
        query = _params([(str(questions[n]), values[n]) for n in GLPI_ORDER if questions.get(n) is not None])
        url = str(target["url"])
        return url + (("&" if "?" in url else "?") + query if query else "")
    if system == "url":
        values = {"subject": subj, "description": desc, "set": context.set_title, "module": context.module_title,
                  "article_url": context.article_url, "query": context.query}
        return _PLACEHOLDER.sub(lambda m: encode(values.get(m.group(1), "")), str(target["template"]))
    raise ValueError(f"unknown ticket system {system!r}")


def build(target: Mapping[str, Any], context: Context,
          labels: Mapping[str, str] = DEFAULT_LABELS) -> Handoff:
    """The hand-off link for one set's ticket configuration (``target``) and what the reader saw."""
    context = clean(context)
    subj = subject(context)
    full = description(context, labels)
    desc = full
    url = _url(target, context, subj, desc)
    goes = travels(dict(target))
    if target["system"] == "email" and len(url) > MAX_MAIL and full:
        lines = full.split("\n")
        low, high, best = 0, len(lines) - 1, 0
        while low <= high:  # the most whole lines that still fit; the length grows with them
            middle = (low + high) // 2
            if len(_url(target, context, subj, "\n".join([*lines[:middle], "…"]))) <= MAX_MAIL:
                best, low = middle, middle + 1
            else:
                high = middle - 1
        desc = "\n".join([*lines[:best], "…"])
        url = _url(target, context, subj, desc)
    elif goes and len(url) > MAX_URL and full:
        points = list(full)  # code points: a cut never splits a character
        low, high, best = 0, len(points) - 1, 0
        while low <= high:  # the longest prefix that still fits; the length grows with the prefix
            middle = (low + high) // 2
            if len(_url(target, context, subj, "".join(points[:middle]) + "…")) <= MAX_URL:
                best, low = middle, middle + 1
            else:
                high = middle - 1
        desc = "".join(points[:best]) + "…"
        url = _url(target, context, subj, desc)
    details = f"{subj}\n\n{full}" if full else subj
    return Handoff(url, subj, desc, details, goes, desc != full)


def call_query(set_slug: str = "", module_slug: str = "", docname: str = "", query: str = "") -> str:
    """The query string of a call to registrar-atendimento.html (PRODUCT.md's parameter names)."""
    return _params([("conjunto", set_slug), ("modulo", module_slug), ("artigo", docname), ("q", query)])
