"""Lists of articles and sets that several pages show: tiles, set sidebars, FAQ, related articles."""

from __future__ import annotations

from typing import Any

from sphinx.environment import BuildEnvironment

from kbgen.handoff.channels import e164
from kbgen.model import ArticleInfo, SetInfo, Site
from kbgen.sphinx_ext.catalogue import kbgen_domain, records_of, sorted_records
from kbgen.sphinx_ext.channels import set_channel
from kbgen.sphinx_ext.links import Linker
from kbgen.sphinx_ext.set_icons import set_icon_context
from kbgen.text import tag_key
from kbgen.validation import Invalid

RELATED_LIMIT = 5

Records = dict[str, ArticleInfo]


def module_articles(site: Site, records: Records, module_key: str) -> list[ArticleInfo]:
    return [records[d] for d in site.modules[module_key].articles if d in records]


def set_article_count(site: Site, records: Records, set_info: SetInfo) -> int:
    return sum(len(module_articles(site, records, k)) for k in set_info.modules)


def set_tiles(site: Site, records: Records, link: Linker) -> list[dict[str, Any]]:
    return [
        {"title": s.title, "description": s.description, "url": link.page(s.pagename),
         "count": set_article_count(site, records, s),
         "icon": set_icon_context(site, s, link)}
        for s in site.sets.values()
    ]


def faq_records(records: Records) -> list[ArticleInfo]:
    return sorted_records(r for r in records.values() if r.faq)


def _dialled(phone: str | None) -> str | None:
    """The tel: address of a set's plain ``phone:`` in E.164, as the channels' phones are dialled
    (tel:4830000001 without +55 is another number from abroad, and some dialers refuse it); None
    when the text is not a number (the text is then shown without a link)."""
    try:
        return "tel:" + e164(phone) if phone else None
    except Invalid:
        return None


def set_sidebar(site: Site, records: Records, set_info: SetInfo, link: Linker,
                current_module: str | None = None) -> dict[str, Any]:
    return {
        "title": set_info.title,
        "url": link.page(set_info.pagename),
        "icon": set_icon_context(site, set_info, link),
        "email": set_info.email,
        "phone": set_info.phone,
        "phone_tel": _dialled(set_info.phone),
        "hours": set_info.hours,
        "modules": [
            {"title": site.modules[k].title, "url": link.page(site.modules[k].pagename),
             "current": k == current_module}
            for k in set_info.modules
        ],
        "other_sets": [
            {"title": s.title, "url": link.page(s.pagename)} for s in site.sets.values() if s.slug != set_info.slug
        ],
        "channel": set_channel(site, set_info),  # its own phones and hours, over the site's
    }


def related_articles(site: Site, records: Records, record: ArticleInfo,
                     tag_index: dict[str, list[str]]) -> list[ArticleInfo]:
    """Same module first (in module order), then articles sharing the most tags."""
    same_module = [r for r in module_articles(site, records, record.module_key) if r.docname != record.docname]
    chosen = same_module[:RELATED_LIMIT]
    if len(chosen) < RELATED_LIMIT and record.tags:
        shared: dict[str, int] = {}
        for tag in record.tags:
            for docname in tag_index.get(tag, ()):
                shared[docname] = shared.get(docname, 0) + 1
        taken = {r.docname for r in chosen} | {record.docname}
        candidates = [records[d] for d in shared if d not in taken and d in records]
        candidates.sort(key=lambda r: (-shared[r.docname], r.sort_key, r.docname))
        chosen += candidates[: RELATED_LIMIT - len(chosen)]
    return chosen


def tag_index_of(records: Records) -> dict[str, list[str]]:
    index: dict[str, list[str]] = {}
    for docname in sorted(records):
        for tag in records[docname].tags:
            index.setdefault(tag_key(tag), []).append(docname)
    return index


def fresh_tag_index(env: BuildEnvironment) -> dict[str, list[str]]:
    """Build the tag index from the catalogue and keep it for this process's later pages."""
    domain = kbgen_domain(env)
    records = records_of(env)
    index = tag_index_of(records)
    domain.tag_index = (len(records), index)
    return index


def cached_tag_index(env: BuildEnvironment) -> dict[str, list[str]]:
    """The tag index, built once per process (write workers each build their own)."""
    cache = kbgen_domain(env).tag_index
    if cache is None or cache[0] != len(records_of(env)):
        return fresh_tag_index(env)
    return cache[1]
