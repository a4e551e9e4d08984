"""The hand-off in the site: the calls on article, module and set pages, and what the
``registrar-atendimento.html`` page shows (:mod:`kbgen.sphinx_ext.pages.handoff`).

Every call goes through the hand-off page with set, module and article in its query string;
beside it, a direct link to the set's ticket system, built here with the page's context
(``kbgen.handoff.builder``), works without JavaScript. ``kbgen-handoff.js`` rebuilds links in the
browser with what only it knows (the query, the subject the reader types) from the same
configuration, which the templates write in ``data-`` attributes.
"""

from __future__ import annotations

from typing import Any

from sphinx.application import Sphinx

from kbgen import urls
from kbgen.handoff.builder import Context, build, call_query
from kbgen.handoff.ticket import help_center_locale, travels
from kbgen.model import ArticleInfo, ModuleInfo, SetInfo, Site, Ticket
from kbgen.sphinx_ext.channels import set_channel, to_json
from kbgen.sphinx_ext.links import Linker
from kbgen.sphinx_ext.theme import _


def labels() -> dict[str, str]:
    """The words of the prepared description, in the site's language (both builders get them)."""
    return {"article": _("Artigo"), "set": _("Conjunto"), "query": _("Busca")}


def page_labels() -> dict[str, str]:
    """The hand-off page's: the reader's description too (the calls on other pages never carry one)."""
    return {**labels(), "description": _("Descrição")}


def go_label(set_info: SetInfo) -> str:
    if set_info.ticket["system"] == "email":
        return _("Enviar e-mail para {email}").replace("{email}", set_info.email)
    return _("Abrir o formulário de atendimento")


def article_url(site: Site, docname: str) -> str:
    """Absolute with ``base_url``; else site-relative, and the browser makes it absolute."""
    return (site.config.base_url or "") + urls.html_path(docname)


def target(site: Site, set_info: SetInfo) -> Ticket:
    """The set's ticket configuration as the builders read it: a Zendesk set without ``locale``
    takes kb.yml's ``language`` (pt_BR → pt-br)."""
    ticket = set_info.ticket
    if ticket["system"] == "zendesk" and not ticket.get("locale"):
        return {**ticket, "locale": help_center_locale(site.config.language)}
    return ticket


def handoff_call(site: Site, link: Linker, set_info: SetInfo | None = None, module: ModuleInfo | None = None,
                 record: ArticleInfo | None = None) -> dict[str, Any]:
    """The "Registrar atendimento" call of a page, and the direct link when the context can travel."""
    query = call_query(set_info.slug if set_info else "", module.slug if module else "",
                       record.docname if record else "")
    call: dict[str, Any] = {"url": link.page(urls.HANDOFF) + (f"?{query}" if query else ""), "direct": None,
                            "root": link.root}
    if set_info is not None and travels(set_info.ticket):
        ticket = target(site, set_info)
        context = Context(set_title=set_info.title, module_slug=module.slug if module else "",
                          module_title=module.title if module else "",
                          article_title=record.title if record else "",
                          article_url=article_url(site, record.docname) if record else "")
        words = labels()
        email = set_info.ticket["system"] == "email"
        call["direct"] = {
            "url": build(ticket, context, words).url,
            "label": (_("ou envie um e-mail para {email}").replace("{email}", set_info.email) if email
                      else _("ou vá direto ao formulário de atendimento")),
            "target": to_json(ticket), "context": to_json(context.as_dict()), "labels": to_json(words),
        }
    return call


def call_context(base: dict[str, Any], call: dict[str, Any]) -> dict[str, Any]:
    """The call, and the header's "Registrar atendimento" carrying the same context."""
    return {"kbgen_handoff_call": call, "kbgen_links": {**base["kbgen_links"], "handoff": call["url"]}}


def handoff_view(site: Site, records: dict[str, ArticleInfo]) -> dict[str, Any]:
    words = labels()
    sets = []
    for s in site.sets.values():
        ticket = target(site, s)
        handoff = build(ticket, Context(set_title=s.title), words)  # without JS: the set alone
        sets.append({
            "slug": s.slug, "title": s.title, "label": go_label(s), "status_url": s.ticket.get("status_url"),
            "modules": [[site.modules[k].slug, site.modules[k].title] for k in s.modules],
            "target": ticket, "url": handoff.url, "travels": handoff.travels,
        })
    # [title, set, module] of every article, so that ?artigo= names only a real page
    articles = {d: [r.title, r.set_slug, r.module_slug] for d, r in sorted(records.items())}
    return {
        "sets": sets,
        "sets_json": to_json([{k: v for k, v in s.items() if k not in ("url", "travels")} for s in sets]),
        "articles_json": to_json(articles),
        "labels_json": to_json(page_labels()),
        "messages_json": to_json({
            "copied": _("Detalhes copiados: cole-os no formulário."),
            "select": _("O texto está selecionado: copie com Ctrl+C (no celular, toque e segure)."),
        }),
        "base": site.config.base_url or "",
        # sets with a channel of their own: shown beside the form when the reader picks them
        "set_channels": [(s.slug, view) for s in site.sets.values() if s.channel
                         and (view := set_channel(site, s)) is not None],
    }


def setup_handoff(app: Sphinx) -> None:
    app.add_css_file("kbgen-handoff.css")
    app.add_js_file("kbgen-handoff.js")
    app.add_js_file("kbgen-hours.js")
