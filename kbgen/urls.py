"""The URL map of the help center (PRODUCT.md) and the names it reserves.

Sphinx page names (``pagename``) are the URL without ``.html``; this module is the only
place that spells them.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from kbgen.text import slugify

HOME = "index"
ALL_SETS = "conjuntos"
FAQ = "perguntas-frequentes"
MOST_READ = "mais-lidos"
CHANNELS = "canais-de-atendimento"
HANDOFF = "registrar-atendimento"
SEARCH = "search"
NOT_FOUND = "404"
ACCESSIBILITY = "acessibilidade"
FEED = "novidades"

#: Machine files at the top of the site (``seo.py``, ``sphinx_ext/redirects.py``).
SITEMAP = "sitemap.xml"
ROBOTS = "robots.txt"
REDIRECTS = "_redirects"

#: Top-level pages (``<name>.html``) a build may write: kbgen's own, and Sphinx's index pages,
#: which kbgen turns off but whose names stay Sphinx's.
RESERVED_PAGES = frozenset(
    {HOME, ALL_SETS, FAQ, MOST_READ, CHANNELS, HANDOFF, SEARCH, NOT_FOUND, ACCESSIBILITY, "genindex", "py-modindex"}
)

#: Top-level page and file names kbgen writes; a set, module or article may not take them.
RESERVED = RESERVED_PAGES | {FEED, SITEMAP.removesuffix(".xml"), ROBOTS.removesuffix(".txt")}

_SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


def slug_problem(name: str) -> str | None:
    """Why ``name`` cannot be a set, module or article slug, or None when it can."""
    if name.startswith("_"):
        return f"names starting with '_' are kbgen's own data, not content ({name!r})"
    if name in RESERVED:
        return f"{name!r} is reserved for a page kbgen generates; rename it"
    if not _SLUG.match(name):
        suggestion = slugify(name) or "a-name-like-this"
        return f"expected a lowercase slug (letters, digits, hyphens), found {name!r}; rename it to {suggestion!r}"
    return None


def set_page(set_slug: str) -> str:
    return f"{set_slug}/index"


def module_page(set_slug: str, module_slug: str) -> str:
    return f"{set_slug}/{module_slug}/index"


def article_page(set_slug: str, module_slug: str, article_slug: str) -> str:
    return f"{set_slug}/{module_slug}/{article_slug}"


def feed_path(set_slug: str | None) -> str:
    """The Atom feed of the site (``None``) or of one set."""
    return f"{set_slug}/{FEED}.xml" if set_slug else f"{FEED}.xml"


def html_path(pagename: str) -> str:
    """Output file of a page, relative to the site root."""
    return f"{pagename}.html"


def site_host(base_url: str | None) -> str | None:
    """``https://Ajuda.Example.gov.br/ajuda/`` → ``ajuda.example.gov.br``: the host a Referer from the
    site itself carries (the scheme is not compared: a site served over http and https is one)."""
    return (urlsplit(base_url).netloc.lower() or None) if base_url else None
