"""Tags and descriptions: free text that readers and search engines see in short.

Tags are keywords as authors write them — "nota fiscal", "certidão negativa" — the way Zendesk
labels and MkDocs tags take them. A description is a one-line summary: search engines show about
160 characters and listings a few lines, so past :data:`DESCRIPTION_ADVISED` it is a lint warning
(``kbgen.loading.lint``) and the page's meta description is cut at a word (``kbgen.text.clip``).
"""

from __future__ import annotations

from typing import Any

from kbgen.validation import Invalid, text

TAG_LIMIT = 100
DESCRIPTION_ADVISED = 300  # longer is a `kbgen check` warning and cut in meta tags
DESCRIPTION_LIMIT = 1000  # a summary, not a body: past this it is a mistake (a paste), an error


def description(raw: Any) -> str:
    """One line of summary; long is a warning, very long an error."""
    value = text(raw)
    if "\n" in value:
        raise Invalid("expected a single line of text")
    if len(value) > DESCRIPTION_LIMIT:
        raise Invalid(f"expected a one-sentence summary of at most {DESCRIPTION_LIMIT} characters "
                      f"({DESCRIPTION_ADVISED} or fewer is best), found {len(value)}")
    return value


def tag(raw: Any) -> str:
    """Free text, as authors write keywords and as Zendesk labels and MkDocs tags take them:
    "nota fiscal", "certidão negativa". Runs of spaces become one, so "nota  fiscal" is the same tag."""
    if isinstance(raw, (int, float)) and not isinstance(raw, bool):
        raw = str(raw)
    value = text(raw)
    if "\n" in value:
        raise Invalid("expected a single line of text")
    value = " ".join(value.split())
    if len(value) > TAG_LIMIT:
        raise Invalid(f"expected a tag of at most {TAG_LIMIT} characters (a keyword or two), found {len(value)}")
    return value
