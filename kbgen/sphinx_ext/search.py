"""The search files of the site, built from the article catalogue after every build.

The index is built in the main process from ``env.kbgen_articles`` (complete after
incremental and parallel builds), never from ``html-page-context``. Nothing is rewritten when
neither the catalogue nor the synonyms changed. The scripts a reader downloads — lunr.js from
its npm package (with its licence), kbgen's normalisation and query engine (with their
constants written in by ``kbgen.search.scripts``, minified) — are written next to the data, all
under ``_static/``.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from sphinx.application import Sphinx

from kbgen.search.index import DATA_FILES, WHOLE_FILES, SearchDocument, build_indexes, writer_fingerprint
from kbgen.search.scripts import ENGINE_SCRIPTS, shipped_script
from kbgen.search.shards import SHARD_GLOB
from kbgen.sphinx_ext.catalogue import records_of, texts_of
from kbgen.sphinx_ext.state import site_of
from kbgen.writing import write_if_changed

VENDOR_DIR = Path(__file__).resolve().parent.parent / "_vendor"
#: (source, name under _static/) — lunr.js is MIT: its licence travels with it
SCRIPTS = [
    (VENDOR_DIR / "lunr.min.js", "kbgen-lunr.min.js"),
    (VENDOR_DIR / "LICENSE.lunr.txt", "kbgen-lunr.LICENSE.txt"),
]
_STAMP = "kbgen-search.sha256"
_ANALYSES = "kbgen-search-cache.pickle"  # per-article search analyses, reused by the next build


def search_documents(app: Sphinx) -> list[SearchDocument]:
    site = site_of(app.env)
    texts = texts_of(app.env)
    documents = []
    for docname, record in sorted(records_of(app.env).items()):
        module = site.modules.get(record.module_key)
        set_info = site.sets.get(record.set_slug)
        if module is None or set_info is None:
            continue
        documents.append(SearchDocument(
            url=f"{docname}.html", title=record.title, set_title=set_info.title, module_title=module.title,
            tags=record.tags, description=record.description or "", headings=texts[docname].headings,
            body=texts[docname].text,
        ))
    return documents


def search_stamp(documents: list[SearchDocument], synonyms: dict[str, list[str]]) -> str:
    """What the search data files are made of: equal stamps, equal files (so a no-op build skips
    them). The writing code counts too: an upgraded kbgen rewrites them."""
    return hashlib.sha256(repr((writer_fingerprint(), documents, sorted(synonyms.items()))).encode()).hexdigest()


def _write_search_files(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.name != "kbgen":
        return
    static = Path(app.outdir) / "_static"
    for source, name in SCRIPTS:
        if not source.is_file():
            raise FileNotFoundError(f"{source} is missing: reinstall kbgen (pip install .) so its build hook "
                                    "fetches the front-end libraries")
        write_if_changed(static / name, source.read_bytes())
    for name in ENGINE_SCRIPTS:  # the query engine, constants written in, minified (kbgen.search.scripts)
        write_if_changed(static / name, shipped_script(name).encode("utf-8"))
    for name in WHOLE_FILES:  # the single-file index an earlier version shipped: no page loads it now
        (static / name).unlink(missing_ok=True)
    documents = search_documents(app)
    synonyms = site_of(app.env).synonyms
    key = search_stamp(documents, synonyms)
    stamp = Path(app.doctreedir) / _STAMP
    files_exist = all((static / name).is_file() for name in DATA_FILES)
    if files_exist and stamp.is_file() and stamp.read_text(encoding="utf-8") == key:
        return  # nothing searchable changed: a no-op build stays a no-op
    files = build_indexes(documents, synonyms, cache_path=Path(app.doctreedir) / _ANALYSES)
    for name, content in files.items():
        # only the shards whose postings changed (and the manifests) are rewritten: shards.py
        write_if_changed(static / name, content.encode("utf-8"))
    for stale in static.glob(SHARD_GLOB):  # shards of an index that had more of them
        if stale.name not in files:
            stale.unlink()
    stamp.write_text(key, encoding="utf-8")


def setup_search(app: Sphinx) -> None:
    # after incremental.py's build-finished handler (priority 500) has cleaned removed pages
    app.connect("build-finished", _write_search_files, priority=600)


__all__ = ["SCRIPTS", "search_documents", "search_stamp", "setup_search"]
