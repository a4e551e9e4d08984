"""Text helpers shared by every layer: accent folding, slugs and the fixed sort key.

Order that reaches the output never depends on the machine's locale (``locale.strxfrm``)
or on Python's code-point order (which puts "Ética" after "Zona"): everything is sorted
by :func:`sort_key`.
"""

from __future__ import annotations

import re
import unicodedata

_NON_SLUG = re.compile(r"[^a-z0-9]+")


def fold_accents(text: str) -> str:
    """Remove combining marks: "Certidão Ética" -> "Certidao Etica"."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def slugify(title: str, max_length: int = 80) -> str:
    """Turn a title into a file/URL slug: "Como emitir a certidão?" -> "como-emitir-a-certidao"."""
    slug = _NON_SLUG.sub("-", fold_accents(title).lower()).strip("-")
    if len(slug) > max_length:
        slug = slug[:max_length].rsplit("-", 1)[0] or slug[:max_length]
    return slug


def clip(text: str, limit: int) -> str:
    """``text`` cut to at most ``limit`` characters at a word boundary, with an ellipsis when cut.

    For meta descriptions: a search engine or a chat preview shows the start of a long summary,
    so it should end on a whole word ("…"), not halfway through one."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if not text[limit - 1].isspace() and " " in cut:  # the cut falls inside a word: drop that word
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:.–-") + "…"


def tag_key(tag: str) -> str:
    """Tags that are the same keyword: "Certidão negativa" and "certidao  negativa"."""
    return " ".join(fold_accents(tag).casefold().split())


def sort_key(text: str) -> tuple[str, str]:
    """Case- and accent-insensitive order, with the raw string as a deterministic tie-break."""
    return (fold_accents(text).casefold(), text)


# Characters a terminal (or an editor showing kbgen's output) acts on instead of showing: C0
# controls (ESC starts "set the window title" / "rewrite the screen" sequences, BEL, CR moves
# back over the line), DEL, C1 controls (U+009B is a one-character CSI), the line separators
# U+2028/U+2029, and the bidirectional overrides and isolates that "Trojan Source"
# (CVE-2021-42574) uses to make text read in another order than it is stored (U+202A–U+202E,
# U+2066–U+2069). Text from readers (log lines, queries, paths) and from authors (file names,
# titles) reaches kbgen's output; each of these is printed as a visible escape instead.
_UNPRINTABLE = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_UNPRINTABLE_OR_NEWLINE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: str, *, newlines: bool = True) -> str:
    r"""``text`` safe to print: control and bidi characters as escapes ("\x1b", "\u202e").

    Line breaks are kept with ``newlines`` (a whole report); a single field — a file name, a
    query, a path — is escaped with ``newlines=False`` so that it cannot forge a line of its own.
    """
    pattern = _UNPRINTABLE if newlines else _UNPRINTABLE_OR_NEWLINE
    return pattern.sub(_escape, text)
