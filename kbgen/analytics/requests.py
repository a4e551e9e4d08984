"""Which logged request is what, for the report: an article view (and the search that led to it), a
search, or a vote of "Este artigo foi útil?".

The item handed to :func:`kbgen.pageviews.reduce._file_events` (the pageviews reader, reused as it
is) is a tuple whose first element says its kind:

* ``(VIEW, docname, query)`` — an article; ``query`` is the ``?q=`` the results page and the search
  box's suggestions put on every link to an article (kbgen-search-results.js, kbgen-search-ui.js),
  "" without one: that is the click-through from a search to an article;
* ``(SEARCH, query)`` — ``search.html?q=…``;
* ``(VOTE, docname, answer, reason, nonce)`` — ``_static/kbgen-voto.gif?artigo=…&voto=…``
  (kbgen-feedback.js); anything but the known answers and reasons is ignored: the file is public
  and its query string anyone's.

Queries are made as ``kbgen pageviews --searches`` makes them (lower case, spaces collapsed, cut
at 200 characters), then masked (:mod:`.masking`), so nothing personal is held even in memory.
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import parse_qs

from kbgen import urls
from kbgen.analytics.masking import mask
from kbgen.pageviews.paths import Resolution, page_key
from kbgen.pageviews.reduce import MAX_QUERY

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

Item = tuple[str, ...]


def query_text(raw: str) -> str:
    """The reader's query as the report shows it: lower case, spaces collapsed, cut, masked."""
    return mask(" ".join(raw.split()).lower()[:MAX_QUERY])


def _first(values: dict[str, list[str]], name: str) -> str:
    found = values.get(name)
    return found[0] if found else ""


class ReportItems:
    """Request target → (item, unmatched page key), for :func:`kbgen.pageviews.reduce._file_events`.

    ``cache`` holds the paths whose answer does not depend on the query string (assets, listing
    pages, unmatched pages: most of a log), which the reader then looks up itself without calling
    this object; articles, the search page and the vote file are in ``kinds`` and come here.
    """

    def __init__(self, resolve: Callable[[str | None], Resolution], prefix: str):
        self.resolve, self.prefix = resolve, prefix
        self.cache: dict[bytes, tuple[Item | None, str | None]] = {}
        self.kinds: dict[bytes, tuple[int, str]] = {}
        self.plain: dict[str, tuple[Item, None]] = {}  # docname → its view without a query (articles: bounded)

    def _kind(self, path: bytes) -> tuple[int, str]:
        """(kind, article docname) of a path whose answer depends on its query string; (_OTHER, "") else."""
        known = self.kinds.get(path)
        if known is not None:
            return known
        key = page_key(path.decode("utf-8", "replace"), self.prefix)
        if key == urls.SEARCH:
            known = (_SEARCH, "")
        elif key == VOTE_FILE:
            known = (_VOTE, "")
        else:
            docname, unmatched = self.resolve(key)
            if not docname:
                if len(self.cache) >= _CACHE_LIMIT:
                    self.cache.clear()
                self.cache[path] = (None, key if unmatched else None)
                return _OTHER, (key or "") if unmatched else ""
            known = (_ARTICLE, docname)
        if len(self.kinds) >= _CACHE_LIMIT:
            self.kinds.clear()
        self.kinds[path] = known
        return known

    def __call__(self, target: bytes) -> tuple[Item | None, str | None]:
        path, _, query = target.partition(b"?")
        cached = self.cache.get(path)
        if cached is not None:
            return cached
        kind, name = self._kind(path)
        if kind == _OTHER:
            return None, name or None
        if kind == _ARTICLE:
            if not query or b"q=" not in query:  # most views: one tuple per article, made once
                plain = self.plain.get(name)
                if plain is None:
                    plain = self.plain[name] = ((VIEW, name, ""), None)
                return plain
            q = query_text(_first(parse_qs(query.decode("utf-8", "replace"), errors="replace"), "q"))
            return (VIEW, name, q), None
        if not query:
            return None, None
        values = parse_qs(query.decode("utf-8", "replace"), errors="replace")
        if kind == _SEARCH:
            q = query_text(_first(values, "q"))
            return ((SEARCH, q) if q else None), None
        docname, answer, reason, nonce = (_first(values, n) for n in ("artigo", "voto", "motivo", "n"))
        resolved = self.resolve(docname)[0] if docname else None  # an alias counts for its article
        if resolved is None or answer not in ANSWERS or (reason and (answer != "nao" or reason not in REASONS)):
            return None, None
        return (VOTE, resolved, answer, reason, nonce[:_NONCE_LENGTH]), None
