"""Which article a logged or exported path is.

Logs hold the path as requested (``/ajuda/fiscal/x.html?utm=…``), analytics exports hold full
URLs or site paths, and ``path,views`` files hold site-relative URLs. Everything is reduced to one
*page key*: site-relative, without query or fragment, with ``x.html``, ``x/`` and
``x/index.html`` folded to ``x``. An article's docname is its page key, and so is each of its
``aliases`` — old paths keep counting for the article they moved to.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING
from urllib.parse import quote, unquote, urlsplit

from kbgen import urls

if TYPE_CHECKING:
    from kbgen.model import Site

#: ``resolve()`` result: (article docname or None, whether the path is a page that matched nothing)
Resolution = tuple[str | None, bool]


def base_path(base_url: str | None) -> str:
    """The path the site is served under: ``https://x.gov.br/ajuda/`` → ``/ajuda/``; default ``/``."""
    if not base_url:
        return "/"
    path = urlsplit(base_url).path or "/"
    return path if path.endswith("/") else path + "/"


def page_key(target: str, prefix: str = "/") -> str | None:
    """The page key of a request target, URL or site-relative path; None when outside the site.

    ``/ajuda/fiscal/x.html?q=1`` (prefix ``/ajuda/``) → ``fiscal/x``; ``fiscal/x/`` → ``fiscal/x``;
    ``/`` → ``""`` (the home page); ``/outro/x.html`` under prefix ``/ajuda/`` → None.
    """
    for mark in "?#":
        target = target.split(mark, 1)[0]
    if target.startswith(("http://", "https://")):
        slash = target.find("/", target.find("//") + 2)
        target = target[slash:] if slash >= 0 else "/"
    target = unquote(target, errors="replace")
    if target.startswith("/"):
        if target.startswith(prefix):
            target = target[len(prefix):]
        elif target + "/" == prefix:
            target = ""
        else:
            return None
    rel = target.lstrip("/")
    if rel == "index.html" or rel.endswith("/index.html"):
        rel = rel[: -len("index.html")]
    elif rel.endswith(".html"):
        rel = rel[: -len(".html")]
    return rel.rstrip("/")


def is_page_like(key: str) -> bool:
    """A page of the site rather than an asset: no file extension, no ``_static``-like folder."""
    if any(part.startswith("_") for part in key.split("/")):
        return False
    return "." not in key.rsplit("/", 1)[-1]


def key_url(key: str) -> str:
    """The site-relative URL written to ``path,views`` files: ``fiscal/x`` → ``fiscal/x.html``."""
    return urls.html_path(key or urls.HOME)


def any_page(key: str | None) -> Resolution:
    """A resolver for reductions without the content: every page of the site counts."""
    if key is None or not is_page_like(key):
        return None, False
    return key, False


class ArticleMatcher:
    """Page keys → article docnames, from each article's own path and its aliases.

    Listing pages (home, sets, modules, FAQ …) are known and ignored; any other page-like path
    is *unmatched*: a deleted or moved article, which its new article's ``aliases`` can claim.
    """

    def __init__(self, articles: Mapping[str, Sequence[str]], listing_pages: Iterable[str] = (),
                 prefix: str = "/"):
        self.prefix = prefix
        self.keys: dict[str, str] = {docname: docname for docname in articles}
        for docname, aliases in articles.items():
            for alias in aliases:
                # aliases are kept decoded (kbgen.alias_paths): encode them as a request would
                # arrive, so page_key's one decoding gives them back ("a%2541" stays "a%41")
                key = page_key(quote(alias, safe="/"))
                if key is not None:
                    self.keys.setdefault(key, docname)  # an article's own path wins over an alias
        self.listing = {page_key(urls.html_path(p)) for p in listing_pages}
        self.listing.update({"", *urls.RESERVED})

    @classmethod
    def for_site(cls, site: Site) -> ArticleMatcher:
        pages = [s.pagename for s in site.sets.values()] + [m.pagename for m in site.modules.values()]
        articles = {docname: info.aliases for docname, info in site.articles.items()}
        return cls(articles, pages, base_path(site.config.base_url))

    def resolve(self, key: str | None) -> Resolution:
        if key is None:
            return None, False
        docname = self.keys.get(key)
        if docname is not None:
            return docname, False
        return None, key not in self.listing and is_page_like(key)

    def match(self, target: str) -> str | None:
        """The article a path or URL names, or None."""
        return self.resolve(page_key(target, self.prefix))[0]
