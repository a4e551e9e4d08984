"""Text helpers shared by every layer: accent folding, slugs and the fixed sort key.

Order that reaches the output never depends on the machine's locale (``locale.strxfrm``)
or on Python's code-point order (which puts "Ética" after "Zona"): everything is sorted
by :func:`sort_key`.
"""

from __future__ import annotations

import re
import unicodedata

_NON_SLUG = re.compile(r"[^a-z0-9]+")

# Invisible characters that text pasted from Word, PDFs, web pages and chat apps carries inside
# words: the soft hyphen, zero-width space and joiners, the BOM, bidi controls, variation
# selectors ... Unicode's Default_Ignorable_Code_Point set (DerivedCoreProperties.txt), which the
# NFKC_Casefold mapping deletes (ICU's nfkc_cf, Elasticsearch's icu_normalizer default). All but
# the zero-width space, U+200B: Unicode's word-break rules (UAX #29, table 3: Format excludes it)
# break words there and ignore the others inside a word, as Lucene's standard tokenizer does, so
# "nota\u200bfiscal" is two words and "emis\u00adsão" one. A range list, not \p{...}, so Python's
# re reads the same class as the search's JS (kbgen-normalise.js).
ZERO_WIDTH_SPACE = "\u200b"
IGNORABLE = "".join(
    chr(first) if first == last else f"{chr(first)}-{chr(last)}"
    for first, last in (
        (0x00AD, 0x00AD), (0x034F, 0x034F), (0x061C, 0x061C), (0x115F, 0x1160), (0x17B4, 0x17B5),
        (0x180B, 0x180F), (0x200C, 0x200F), (0x202A, 0x202E), (0x2060, 0x206F), (0x3164, 0x3164),
        (0xFE00, 0xFE0F), (0xFEFF, 0xFEFF), (0xFFA0, 0xFFA0), (0xFFF0, 0xFFF8), (0x1BCA0, 0x1BCA3),
        (0x1D173, 0x1D17A), (0xE0000, 0xE0FFF),
    )
)
_IGNORABLE = re.compile(f"[{IGNORABLE}]+")


def drop_invisible(text: str) -> str:
    """``text`` without its invisible characters (``IGNORABLE``): "emis\u00adsão" -> "emissão";
    a zero-width space is a space."""
    return _IGNORABLE.sub("", text.replace(ZERO_WIDTH_SPACE, " "))


def fold_accents(text: str) -> str:
    """Remove combining marks and invisible characters: "Certidão Ética" -> "Certidao Etica"."""
    decomposed = unicodedata.normalize("NFKD", drop_invisible(text))
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
