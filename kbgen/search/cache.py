"""Document analyses kept between builds, in one pickle file (the Sphinx extension puts it next to
the doctrees, whose lifetime it shares).

An entry's key is a digest of the document's searchable text, the synonyms, and a fingerprint of
the code that analyses (``ANALYSIS_VERSION`` plus the source of the normalisation modules and the
stemmer's version). So editing an article, the synonyms or kbgen's normalisation can only cause
misses, never a stale analysis; the output is byte-identical to a build without the cache.

Each rewrite keeps only the entries this build used: the file never grows with history. A cache
that is missing, unreadable, from another format, or not writable is no error — the build just
analyses everything. The file is loaded with an unpickler that refuses every global, so a
tampered file can at worst be rejected: an analysis is plain dicts, strings and ints.
"""

from __future__ import annotations

import hashlib
import io
import pickle
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import snowballstemmer

from kbgen import text as text_helpers
from kbgen.search import analysis, normalise, ordinals, passages, stopwords, synonyms
from kbgen.search.analysis import ANALYSIS_VERSION, SOURCES, Analyser, Analysis
from kbgen.search.synonyms import SynonymExpander

if TYPE_CHECKING:
    from kbgen.search.index import SearchDocument

_FORMAT = "kbgen-search-analyses/1"


def _code_fingerprint() -> str:
    """The version constant, the analysing modules' source, and the stemmer in use: a changed
    rule in normalise.py invalidates the cache even when nobody remembered to bump the constant."""
    digest = hashlib.sha256(f"{ANALYSIS_VERSION}\0{sys.version_info[:2]}\0".encode())
    # ordinals: the built-in synonyms; text_helpers: the invisible characters fold deletes
    for module in (normalise, text_helpers, stopwords, ordinals, synonyms, analysis):
        try:
            digest.update(Path(module.__file__ or "").read_bytes())
        except OSError:
            digest.update(module.__name__.encode())  # no source to read (a frozen install)
    stemmer = type(snowballstemmer.stemmer("portuguese"))  # PyStemmer's C class or the pure one
    digest.update(f"{stemmer.__module__}.{stemmer.__qualname__}".encode())
    digest.update(str(getattr(snowballstemmer, "__version__", "")).encode())
    return digest.hexdigest()


_CODE = _code_fingerprint()


def code_fingerprint() -> str:
    """The analysis code's fingerprint (see _code_fingerprint)."""
    return _CODE



def synonyms_digest(mapping: Mapping[str, Sequence[str]] | None) -> str:
    """A digest of the site's synonyms as SynonymExpander reads them (keys sorted, values in order).
    The built-in groups are code (kbgen.search.ordinals), in the code fingerprint."""
    items = [(key, list((mapping or {})[key])) for key in sorted(mapping or {})]
    return hashlib.sha256(repr(items).encode("utf-8", "surrogatepass")).hexdigest()


def document_key(doc: SearchDocument, salt: str) -> str:
    """A digest of what the analysis reads. The URL is not part of it: a moved article keeps its
    entry. The texts are hashed as one string after their lengths, so no two documents share
    the hashed bytes (and no repr() escapes 1,000 bodies first)."""
    texts = (doc.title, doc.set_title, doc.module_title, doc.description, doc.body, *doc.tags, *doc.headings)
    header = f"{salt}\0{len(doc.tags)}\0{len(doc.headings)}\0{','.join(str(len(text)) for text in texts)}\0"
    return hashlib.blake2b((header + "".join(texts)).encode("utf-8", "surrogatepass"), digest_size=20).hexdigest()


class _PlainUnpickler(pickle.Unpickler):
    """Builtin containers and scalars only: no class is ever looked up, so nothing can run."""

    def find_class(self, module: str, name: str) -> Any:
        raise pickle.UnpicklingError(f"the search cache may not name {module}.{name}")


def _entries(path: Path, file_format: str) -> dict[Any, Any]:
    try:
        data = _PlainUnpickler(io.BytesIO(path.read_bytes())).load()
    except Exception:  # missing, truncated, foreign or corrupt: a cold cache, not a failed build
        return {}
    entries = data.get("entries") if isinstance(data, dict) and data.get("format") == file_format else None
    return entries if isinstance(entries, dict) else {}


def _load(path: Path) -> dict[str, Analysis]:
    # Only the shape is checked (the keys already prove which code and text made an entry).
    return {key: entry for key, entry in _entries(path, _FORMAT).items()
            if isinstance(entry, dict) and entry.keys() == SOURCES}


def _save(path: Path, entries: dict[str, Any], file_format: str = _FORMAT) -> None:
    """Write atomically (a temporary file renamed over the old one): a build killed mid-write, or
    two builds at once, leave a whole file, never half of one."""
    payload = pickle.dumps({"format": file_format, "entries": entries}, protocol=pickle.HIGHEST_PROTOCOL)
    from kbgen.cachedir import write_atomically

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(path, payload)  # per-process temporary name; open() keeps the umask's permissions
    except OSError:
        pass  # a read-only cache folder costs speed, not correctness


def analyse_documents(
    documents: Sequence[SearchDocument],
    expander: SynonymExpander,
    synonyms_key: str,
    cache_path: Path | None = None,
) -> list[Analysis]:
    """The analysis of each document, from ``cache_path`` where it is there (and still valid),
    computed otherwise; the file is rewritten, with exactly the entries used, when that changed."""
    analyser = Analyser(expander)
    if cache_path is None:
        return [analyser.document(doc) for doc in documents]
    cache_path = Path(cache_path)
    salt = f"{_CODE}\0{synonyms_key}"
    cached = _load(cache_path)
    used: dict[str, Analysis] = {}
    results = []
    for doc in documents:
        key = document_key(doc, salt)
        found = used.get(key)
        if found is None:
            found = cached.get(key)
        if found is None:
            found = analyser.document(doc)
        used[key] = found
        results.append(found)
    if used.keys() != cached.keys():
        _save(cache_path, used)
    return results


_PASSAGES_FORMAT = "kbgen-search-passages/1"


def cached_site_passages(documents: Sequence[tuple[str, str, Sequence[str]]],
                         cache_path: Path | None = None) -> list[list[str]]:
    """``passages.site_passages(documents)``, each document's passages taken from ``cache_path``
    where its body, its headings, the site's titles (a sentence naming another article is left
    out) and passages.py's source are those that made them: at 20,000 articles, cutting every
    body again was seconds of each rebuild that changed the index. Entries as for analyses:
    only those used are kept, and the file is rewritten only when they changed."""
    if cache_path is None:
        return passages.site_passages(documents)
    titles = passages.site_titles(title for title, _, _ in documents)
    salt = hashlib.sha256(_PASSAGES_FORMAT.encode())
    try:
        salt.update(Path(passages.__file__ or "").read_bytes())
    except OSError:
        salt.update(passages.__name__.encode())  # no source to read (a frozen install)
    for title in sorted(titles):
        salt.update(title.encode("utf-8", "surrogatepass") + b"\0")
    prefix = salt.hexdigest()
    cached = {key: entry for key, entry in _entries(Path(cache_path), _PASSAGES_FORMAT).items()
              if isinstance(entry, list) and all(isinstance(item, str) for item in entry)}
    used: dict[str, list[str]] = {}
    results = []
    for _, body, headings in documents:
        header = f"{prefix}\0{len(body)}\0{len(headings)}\0{','.join(str(len(h)) for h in headings)}\0"
        key = hashlib.blake2b((header + body + "".join(headings)).encode("utf-8", "surrogatepass"),
                              digest_size=20).hexdigest()
        found = used.get(key)
        if found is None:
            found = cached.get(key)
        if found is None:
            found = passages.document_passages(body, headings, titles)
        used[key] = found
        results.append(found)
    if used.keys() != cached.keys():
        _save(Path(cache_path), used, _PASSAGES_FORMAT)
    return results
