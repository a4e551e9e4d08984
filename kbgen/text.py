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


def sort_key(text: str) -> tuple[str, str]:
    """Case- and accent-insensitive order, with the raw string as a deterministic tie-break."""
    return (fold_accents(text).casefold(), text)
