"""The passages of an article the results page may show as its snippet (``kbgen-search-passages.js``).

A passage is a sentence of the body or a heading, as plain text, cut to about ``PASSAGE_LENGTH``
characters. The browser picks, per result, the passage that holds most of the words the query
matched (``kbgen-search-results.js``, ``bestPassage``); so the file keeps them in reading order, and
headings after the sentences (a sentence that says as much as a heading is the better snippet).

Each document keeps at most ``MAX_DOCUMENT_CHARS`` characters of sentences and ``MAX_HEADINGS``
headings: the answer to a help-center question is nearly always near the top, and the file is
downloaded by every results page (see docs/search-benchmarks.md for its size on large sites).
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Iterator

PASSAGE_LENGTH = 240
MAX_DOCUMENT_CHARS = 1_800
MAX_HEADINGS = 8
#: A piece shorter than this ("1.", "Pronto.") is read with the sentence after it.
MIN_SENTENCE = 30
ELLIPSIS = "…"
SEPARATOR = " · "

# A sentence ends at . ! ? or … (closing quotes and brackets kept with it) before whitespace and
# an upper-case letter (after an opening quote or bracket, if any): "art. 5º", "R$ 1.000,00" and
# "e-mail. depois" stay whole.
_SENTENCE_END = re.compile(r"(?<=[.!?…])([\"'”’)\]]*)\s+(?=[\"'“‘(\[]?[^\W\d_a-zà-ÿ])")


def _split(paragraph: str) -> list[str]:
    pieces: list[str] = []
    at = 0
    for match in _SENTENCE_END.finditer(paragraph):
        pieces.append(paragraph[at:match.end(1)])
        at = match.end()
    pieces.append(paragraph[at:])
    return [piece.strip() for piece in pieces if piece.strip()]


def _sentences(body: str) -> Iterator[str]:
    """The sentences of ``body`` (a line a paragraph). A piece too short to stand alone is read
    with what follows it: in the same paragraph after a space, across paragraphs (table cells,
    short list items) after " · "."""
    carried = ""
    for line in body.splitlines():
        pieces = _split(" ".join(line.split()))
        for i, piece in enumerate(pieces):
            if carried:
                piece = carried + (" " if i else SEPARATOR) + piece
            carried = piece if len(piece) < MIN_SENTENCE else ""
            if not carried:
                yield piece
    if carried:
        yield carried


def cut(text: str, length: int = PASSAGE_LENGTH) -> list[str]:
    """``text`` in pieces of at most ``length`` characters (plus the ellipses that mark a cut),
    cut at spaces; a word longer than ``length`` is cut where it must be."""
    out: list[str] = []
    rest = text
    while len(rest) > length:
        head = rest[: length + 1]
        space = head.rfind(" ")
        at = space if space > length // 2 else length
        out.append(rest[:at].rstrip() + ELLIPSIS)
        rest = ELLIPSIS + rest[at:].lstrip()
    if rest.strip(ELLIPSIS + " "):
        out.append(rest)
    return out


def _pieces(body: str) -> Iterator[str]:
    for sentence in _sentences(body):
        yield from cut(sentence)


#: A sentence that ends with an article's title making up this share of it or more ("Veja Como
#: cancelar uma NFS-e?.", "Para enviar, siga <title>.") points to that article: no snippet.
CROSS_REFERENCE_SHARE = 0.6
_TRAILING = ".;:,!… "


def is_cross_reference(passage: str, titles: Collection[str]) -> bool:
    """Whether ``passage`` ends with one of ``titles`` (closing punctuation aside) that makes up
    ``CROSS_REFERENCE_SHARE`` of it or more."""
    text = passage.rstrip(_TRAILING)
    at = 0
    while at < len(text) and len(text) - at >= CROSS_REFERENCE_SHARE * len(passage):
        tail = text[at:]
        if tail in titles or tail.rstrip(_TRAILING) in titles:
            return True
        space = text.find(" ", at)
        if space < 0:
            break
        at = space + 1
    return False


def document_passages(body: str, headings: Iterable[str], titles: Collection[str] = ()) -> list[str]:
    """The passages of one article: its sentences in reading order (paragraphs are the body's
    lines) until the document budget is spent, then its first headings; no passage twice, none
    that only points to another article (``titles``: the site's article titles, spaces folded)."""
    passages: list[str] = []
    seen: set[str] = set()
    used = 0
    for piece in _pieces(body):
        if piece in seen or (titles and is_cross_reference(piece, titles)):
            continue
        used += len(piece)
        if used > MAX_DOCUMENT_CHARS:
            break
        seen.add(piece)
        passages.append(piece)
    added = 0
    for heading in headings:
        text = " ".join(heading.split())
        if added == MAX_HEADINGS:
            break
        if text and (piece := cut(text)[0]) not in seen:
            seen.add(piece)
            passages.append(piece)
            added += 1
    return passages


def site_titles(titles: Iterable[str]) -> frozenset[str]:
    """The titles a cross-reference may name, spaces folded."""
    return frozenset(" ".join(title.split()) for title in titles if title.strip())


def site_passages(documents: Iterable[tuple[str, str, Iterable[str]]]) -> list[list[str]]:
    """The passages of every (title, body, headings), in the order given."""
    documents = list(documents)
    titles = site_titles(title for title, _, _ in documents)
    return [document_passages(body, headings, titles) for _, body, headings in documents]
