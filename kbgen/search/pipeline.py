"""lunr.py pipeline functions, under the labels ``kbgen-normalise.js`` registers in the browser.

Only the search pipeline is serialized into the index; lunr.js refuses to load an index naming a
function it does not know, so the labels here and in the JS must stay the same.
"""

from __future__ import annotations

from typing import Any

from lunr.builder import Builder
from lunr.pipeline import Pipeline
from lunr.token import Token

from kbgen.search.normalise import fold, is_stop_word, stem_term, trim

TRIMMER = "kbgen-trimmer"
STOP_WORDS = "kbgen-stop-words-pt"
STEMMER = "kbgen-stemmer-pt"


def trimmer(token: Token, i: int | None = None, tokens: Any = None) -> Token | None:
    token.update(lambda string, _metadata: trim(fold(string)))
    return token if token.string else None


def stop_word_filter(token: Token, i: int | None = None, tokens: Any = None) -> Token | None:
    return None if is_stop_word(token.string) else token


def stemmer(token: Token, i: int | None = None, tokens: Any = None) -> Token:
    return token.update(lambda string, _metadata: stem_term(string))


for _fn, _label in ((trimmer, TRIMMER), (stop_word_filter, STOP_WORDS), (stemmer, STEMMER)):
    # Registering twice only logs a warning in lunr.py; a module is imported once anyway.
    if Pipeline.registered_functions.get(_label) is not _fn:
        Pipeline.register_function(_fn, _label)


#: The search pipeline serialized into every index (kbgen.search.lunrindex writes it without lunr).
SEARCH_FUNCTIONS = (trimmer, stemmer)
SEARCH_PIPELINE = (TRIMMER, STEMMER)


def new_builder(fields: dict[str, int]) -> Builder:
    """A lunr Builder for documents whose fields are lists of *terms* (``index_terms``), with
    ``fields`` (name → boost) and integer refs in "id".

    The index pipeline stays empty: the terms are already ``normalise``d (and cached), which is
    the same function chain as trimmer → stop_word_filter → stemmer but without lunr's per-token
    overhead (it halved the build time). Only the search pipeline is serialized; queries from
    kbgen-search.js arrive normalised (usePipeline: false), so it serves plain
    ``index.search("…")`` calls, e.g. in tests, the same way on both sides.
    """
    builder = Builder()
    builder.search_pipeline.add(*SEARCH_FUNCTIONS)
    builder.ref("id")
    for name, boost in fields.items():
        builder.field(name, boost=boost)
    return builder
