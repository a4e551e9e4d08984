"""Which logged request is what, for the report: an article view (and the search that led to it), a
search, or a vote of "Este artigo foi útil?".

The item handed to :func:`kbgen.pageviews.reduce._file_events` (the pageviews reader, reused as it
is) is a tuple whose first element says its kind:

* ``docname`` (a ``str``, not a tuple) — a view of an article without a query: most events, so they
  are the cheapest to tell apart (``item.__class__ is str``) and count, as in ``kbgen pageviews``;
* ``(VIEW, docname, query)`` — a view of an article with the ``?q=`` the results page and the search
  box's suggestions put on every link to an article (kbgen-search-results.js, kbgen-search-ui.js):
  the click-through from a search to an article. Without a ``?q=``, a ``Referer`` that is this
  site's results page gives the query instead (:meth:`ReportItems.by_referer`);
* ``(SEARCH, query)`` — ``search.html?q=…``;
* ``(VOTE, docname, answer, reason, nonce)`` — ``_static/kbgen-voto.gif?artigo=…&voto=…``
  (kbgen-feedback.js); anything but the known answers and reasons is ignored: the file is public
  and its query string anyone's.

Other pages are skipped before the crawler check: the dashboard shows no tally of paths that match no
article (``kbgen pageviews`` lists them).

Queries are made as ``kbgen pageviews --searches`` makes them (lower case, spaces collapsed, cut
at 200 characters), then masked (:mod:`kbgen.pageviews.masking`), so nothing personal is held even in memory.
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import parse_qs, urlsplit

from kbgen import urls
from kbgen.pageviews.masking import mask
from kbgen.pageviews.paths import Resolution, page_key
from kbgen.pageviews.queries import query_value, search_text
from kbgen.pageviews.reduce import MEMO_BYTES

VIEW, SEARCH, VOTE = "v", "s", "y"
#: The file kbgen-feedback.js asks for; partials/feedback.html names it.
VOTE_FILE = "_static/kbgen-voto.gif"
ANSWERS = ("sim", "nao")
#: The reasons after "Não", as kbgen-feedback.js and partials/feedback.html send them.
REASONS = ("nao-resolveu", "dificil", "desatualizado", "outro")
_NONCE_LENGTH = 16
_CACHE_LIMIT = 100_000

# what a path is, cached per path (the query string cut first)
_OTHER, _ARTICLE, _SEARCH, _VOTE = 0, 1, 2, 3

Item = str | tuple[str, ...]
Answer = tuple[Item | None, None]


def query_text(raw: str) -> str:
    """The reader's query as the report shows it: lower case, spaces collapsed, cut, masked."""
    return mask(search_text(raw))


def _first(values: dict[str, list[str]], name: str) -> str:
    found = values.get(name)
    return found[0] if found else ""


def _q(query: str) -> str:
    """The masked ``q`` of a query string ("" without one)."""
    return query_text(query_value(query)) if "q=" in query else ""


class ReportItems:
    """Request target → (item, unmatched page key), for :func:`kbgen.pageviews.reduce._file_events`.

    ``cache`` maps whole request targets to their answer (a log repeats the same targets: the same
    articles, assets and searches), which the reader looks up itself without calling this object;
    what a path is (article, results page, vote file, other) is in ``kinds``. They are bounded: past
    their limit they start over, and targets longer than ``MEMO_BYTES`` are not kept. Votes are
    never cached (each carries its own nonce).
    """

    def __init__(self, resolve: Callable[[str | None], Resolution], prefix: str, host: str | None = None):
        self.resolve, self.prefix, self.host = resolve, prefix, host
        self.cache: dict[bytes, Answer] = {}
        self.kinds: dict[bytes, tuple[int, str]] = {}
        self.referers: dict[bytes, str] = {}  # Referer → the query it gives ("" for none)

    def _kind(self, path: bytes) -> tuple[int, str]:
        """(kind, article docname) of a path, cached."""
        known = self.kinds.get(path)
        if known is not None:
            return known
        key = page_key(path.decode("utf-8", "replace"), self.prefix)
        if key == urls.SEARCH:
            known = (_SEARCH, "")
        elif key == VOTE_FILE:
            known = (_VOTE, "")
        else:
            docname = self.resolve(key)[0]
            known = (_ARTICLE, docname) if docname else (_OTHER, "")
        if len(self.kinds) >= _CACHE_LIMIT:
            self.kinds.clear()
        self.kinds[path] = known
        return known

    def __call__(self, target: bytes) -> Answer:
        path, _, raw = target.partition(b"?")
        kind, name = self._kind(path)
        if kind == _VOTE:
            return self._vote(raw), None
        answer: Answer = (None, None)
        if kind == _ARTICLE:
            query = _q(raw.decode("utf-8", "replace")) if raw else ""
            answer = ((VIEW, name, query) if query else name), None
        elif kind == _SEARCH:
            query = _q(raw.decode("utf-8", "replace"))
            answer = ((SEARCH, query) if query else None), None
        if len(target) <= MEMO_BYTES:
            if len(self.cache) >= _CACHE_LIMIT:
                self.cache.clear()
            self.cache[target] = answer
        return answer

    def _vote(self, raw: bytes) -> tuple[str, ...] | None:
        if not raw:
            return None
        values = parse_qs(raw.decode("utf-8", "replace"), errors="replace")
        docname, answer, reason, nonce = (_first(values, n) for n in ("artigo", "voto", "motivo", "n"))
        resolved = self.resolve(docname)[0] if docname else None  # an alias counts for its article
        if resolved is None or answer not in ANSWERS or (reason and (answer != "nao" or reason not in REASONS)):
            return None
        return VOTE, resolved, answer, reason, nonce[:_NONCE_LENGTH]

    def by_referer(self, item: Item, referer: bytes) -> Item:
        """An article view without ``?q=`` whose Referer is this site's results page with a query: a
        click from that search (a view with its own ``?q=``, a search or a vote is left as it is)."""
        if item.__class__ is not str:
            return item
        query = self.referers.get(referer)
        if query is None:
            query = self._referer_query(referer.decode("utf-8", "replace"))
            if len(referer) <= MEMO_BYTES:
                if len(self.referers) >= _CACHE_LIMIT:
                    self.referers.clear()
                self.referers[referer] = query
        return (VIEW, item, query) if query else item

    def _referer_query(self, referer: str) -> str:
        """The masked query of a Referer that is this site's results page, else "".

        Browsers send the Referer as an absolute URL. The site sends ``Referrer-Policy:
        same-origin`` (kbgen/headers.py, and the ``<meta name="referrer">`` of layout.html), so its
        own pages' URLs reach only its own server; another site's results page could still send its
        full URL (its own policy decides). With ``base_url`` in the configuration the Referer's host
        must be the site's; without it only the path is checked: it must be the results page under
        the site's base path (the combined log format has no Host field to compare with).
        """
        url, _, raw = referer.partition("?")
        if not raw:
            return ""
        scheme, netloc, path, _query, _fragment = urlsplit(url)
        if scheme not in ("http", "https", ""):
            return ""
        if netloc and self.host is not None and netloc.lower() != self.host:  # no host: a path on this one
            return ""
        if not path.startswith("/") or page_key(path, self.prefix) != urls.SEARCH:
            return ""
        return _q(raw.split("#", 1)[0])
