"""Fixtures of the search tests (helpers live in searchhelpers.py)."""

from __future__ import annotations

import pytest
from searchhelpers import CONTENT, FIXTURE_CONTENT, BuiltSite, markdown_documents

from kbgen.search.index import SearchDocument, build_indexes, sorted_documents


@pytest.fixture(scope="session")
def fixture_docs() -> list[SearchDocument]:
    """The committed fixture articles (always there; the query tests rely on their wording)."""
    docs: list[SearchDocument] = markdown_documents(FIXTURE_CONTENT)
    assert len(docs) >= 10
    return docs


@pytest.fixture(scope="session")
def sample_docs(fixture_docs: list[SearchDocument]) -> list[SearchDocument]:
    """The repository's sample content when it has articles, else the fixture articles."""
    docs: list[SearchDocument] = markdown_documents(CONTENT) if CONTENT.is_dir() else []
    return docs or fixture_docs


FIXTURE_SYNONYMS = {"NFS-e": ["nota fiscal de serviço eletrônica"], "ISS": ["ISSQN"], "boleto": ["guia de pagamento"]}


@pytest.fixture(scope="session")
def built(fixture_docs: list[SearchDocument], tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    out = tmp_path_factory.mktemp("search")
    files = {}
    for name, content in build_indexes(fixture_docs, FIXTURE_SYNONYMS, whole=True).items():
        (out / name).write_text(content, encoding="utf-8")
        files[name] = str(out / name)
    return BuiltSite(sorted_documents(fixture_docs), files)
