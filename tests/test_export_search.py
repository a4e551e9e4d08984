"""kbgen export-search: the documents the build indexes, as Meilisearch / OpenSearch ingest them.

One build of the minimal fixture (with a synonyms file) and one export per module; the error
cases run the CLI in a subprocess, as an author would.
"""

from __future__ import annotations

import io
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from kbgen.commands.exportsearch import ExportOptions, export_search
from kbgen.exitcodes import ExitStatus
from kbgen.search.export import FIELD_BOOSTS, document_id
from kbgen.search.index import WHOLE_FILES, SearchDocument, build_indexes
from kbgen.search.ordinals import ORDINAL_SYNONYMS

from .conftest import MINIMAL, build_clean, copy_site, kbgen

SYNONYMS = {"NFS-e": ["nota fiscal de serviço eletrônica", "nota de serviço"], "eSocial": ["e-social"]}
SYNONYMS_YML = "NFS-e: [nota fiscal de serviço eletrônica, nota de serviço]\neSocial: [e-social]\n"


@dataclass
class Exported:
    work: Path
    content: Path
    site: Path
    documents: Path
    settings: Path

    def records(self) -> list[dict[str, Any]]:
        return [json.loads(line) for line in self.documents.read_text(encoding="utf-8").splitlines()]


def run_export(content: Path, work: Path, name: str, **kwargs: Any) -> tuple[ExitStatus, str]:
    stream = io.StringIO()
    options = ExportOptions(content, output=work / name, cache_dir=work / "cache", **kwargs)
    return export_search(options, stream=stream), stream.getvalue()


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Exported:
    work = tmp_path_factory.mktemp("export")
    content = copy_site(MINIMAL, work / "content")
    (content / "_synonyms.yml").write_text(SYNONYMS_YML, encoding="utf-8")
    site = build_clean(content, work)
    status, output = run_export(content, work, "docs.jsonl")  # the build's cache, as a CI job would
    assert status == ExitStatus.OK, output
    return Exported(work, content, site, work / "docs.jsonl", work / "docs.settings.json")


def test_every_line_is_one_document(exported: Exported) -> None:
    text = exported.documents.read_text(encoding="utf-8")
    assert text.endswith("\n") and "\n\n" not in text
    records = exported.records()
    assert len(records) == 6  # the minimal fixture's articles
    for record in records:
        assert list(record) == ["id", "url", "title", "set", "module", "tags", "description", "headings", "body",
                                "synonyms", "context"]
    ids = [record["id"] for record in records]
    assert len(set(ids)) == len(ids)
    assert all(record["id"] == document_id(record["url"]) for record in records)
    assert [record["url"] for record in records] == sorted(record["url"] for record in records)


def test_ids_are_what_both_engines_accept() -> None:
    # Meilisearch: a-z A-Z 0-9 - _ only; OpenSearch: 512 bytes at most
    for url in ("fiscal/nota/como-emitir.html", "a/b-c.html", "a-b/c.html", "ç/" + "x" * 900 + ".html"):
        ident = document_id(url)
        assert ident.replace("-", "").replace("_", "").isascii() and ident.replace("-", "").replace("_", "").isalnum()
        assert len(ident.encode()) <= 511
        assert document_id(url) == ident  # stable
    assert document_id("a/b-c.html") != document_id("a-b/c.html")


def test_exported_documents_are_what_the_index_is_built_from(exported: Exported) -> None:
    """Rebuilt from the exported fields, the index equals the built site's, byte for byte."""
    documents = [SearchDocument(url=r["url"], title=r["title"], set_title=r["set"], module_title=r["module"],
                                tags=tuple(r["tags"]), description=r["description"],
                                headings=tuple(r["headings"]), body=r["body"])
                 for r in exported.records()]
    files = build_indexes(documents, SYNONYMS)
    assert files
    for name, content in files.items():
        assert (exported.site / "_static" / name).read_text(encoding="utf-8") == content, name
    # and the site holds no other index file (the whole-index files are no longer shipped)
    shipped = {p.name for p in (exported.site / "_static").glob("kbgen-search-*.js") if p.name[13:14] in "sfdp"
               and p.name[14:15] in ("-", ".")}
    assert shipped == set(files) and not set(WHOLE_FILES) & {p.name for p in (exported.site / "_static").iterdir()}


def test_analysis_fields(exported: Exported) -> None:
    by_url = {record["url"]: record for record in exported.records()}
    emit = by_url["fiscal/nota-fiscal-eletronica/como-emitir-uma-nfs-e.html"]
    assert emit["title"] == "Como emitir uma NFS-e?"
    assert emit["context"] == [emit["set"], emit["module"]]
    # it says "NFS-e" and "nota fiscal de serviço eletrônica": only the form it lacks is added
    assert emit["synonyms"] == ["nota de serviço"]
    ethics = by_url["rh/folha-de-pagamento/etica-no-servico-publico.html"]
    assert ethics["synonyms"] == []


def test_settings(exported: Exported) -> None:
    settings = json.loads(exported.settings.read_text(encoding="utf-8"))
    assert settings["documents"] == 6 and settings["primaryKey"] == "id"
    assert settings["fieldBoosts"] == FIELD_BOOSTS and FIELD_BOOSTS["title"] > FIELD_BOOSTS["body"]
    groups = [["NFS-e", "nota fiscal de serviço eletrônica", "nota de serviço"], ["eSocial", "e-social"]]
    # the site's groups, and the language's own (Portuguese ordinals, kbgen.search.ordinals): the
    # engine that ingests the export finds "2ª via" by "segunda via" as kbgen does
    ordinal_groups = [[key, *forms] for key, forms in ORDINAL_SYNONYMS.items()]
    assert [g for g in settings["synonymGroups"] if g not in ordinal_groups] == groups
    assert len(settings["synonymGroups"]) == len(groups) + len(ORDINAL_SYNONYMS)
    assert ["13º", "décimo terceiro"] in settings["synonymGroups"]
    meili = settings["meilisearch"]["settings"]
    assert meili["searchableAttributes"][0] == "title" and meili["searchableAttributes"][-1] == "body"
    assert set(meili["searchableAttributes"]) == set(FIELD_BOOSTS)
    assert meili["synonyms"]["NFS-e"] == ["nota fiscal de serviço eletrônica", "nota de serviço"]
    assert meili["synonyms"]["nota de serviço"] == ["NFS-e", "nota fiscal de serviço eletrônica"]
    assert meili["synonyms"]["e-social"] == ["eSocial"]
    opensearch = settings["opensearch"]
    analysis = opensearch["index"]["settings"]["analysis"]
    solr_lines = analysis["filter"]["kbgen_synonyms"]["synonyms"]
    assert solr_lines == [", ".join(g) for g in settings["synonymGroups"]]
    assert "NFS-e, nota fiscal de serviço eletrônica, nota de serviço" in solr_lines
    assert "kbgen_synonyms" in analysis["analyzer"]["kbgen_search"]["filter"]
    assert "kbgen_synonyms" not in analysis["analyzer"]["kbgen_index"]["filter"]  # synonym_graph: search side only
    fields = opensearch["query"]["query"]["multi_match"]["fields"]
    assert fields == [f"{name}^{boost}" for name, boost in FIELD_BOOSTS.items()]


def test_output_is_stable_and_bulk_format(exported: Exported) -> None:
    first = exported.documents.read_bytes(), exported.settings.read_bytes()
    status, output = run_export(exported.content, exported.work, "docs.jsonl")
    assert status == ExitStatus.OK, output
    assert (exported.documents.read_bytes(), exported.settings.read_bytes()) == first
    status, output = run_export(exported.content, exported.work, "bulk.ndjson", output_format="opensearch-bulk")
    assert status == ExitStatus.OK, output
    lines = [json.loads(line) for line in (exported.work / "bulk.ndjson").read_text(encoding="utf-8").splitlines()]
    actions, sources = lines[0::2], lines[1::2]
    assert sources == exported.records()
    assert actions == [{"index": {"_id": record["id"]}} for record in sources]
    assert (exported.work / "bulk.settings.json").read_bytes() == first[1]


def test_stdout_and_errors(exported: Exported, tmp_path: Path) -> None:
    cache = ["--cache-dir", str(exported.work / "cache")]
    result = kbgen("export-search", str(exported.content), *cache, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout == exported.documents.read_text(encoding="utf-8")
    assert not list(tmp_path.iterdir())  # no settings file without -o or --settings

    result = kbgen("export-search", "nowhere", *cache, cwd=tmp_path)
    assert result.returncode == 2 and "content folder nowhere does not exist" in result.stderr
    assert "Traceback" not in result.stderr

    foreign = tmp_path / "notes.jsonl"
    foreign.write_text("my notes\n", encoding="utf-8")
    result = kbgen("export-search", str(exported.content), "-o", str(foreign), *cache, cwd=tmp_path)
    assert result.returncode == 2 and "not written by kbgen export-search" in result.stderr
    assert foreign.read_text(encoding="utf-8") == "my notes\n"


def test_content_errors_export_nothing(exported: Exported, tmp_path: Path) -> None:
    broken = copy_site(exported.content, tmp_path / "content")
    article = broken / "fiscal" / "escrita-fiscal" / "como-declarar-sem-movimento.md"
    article.write_text(article.read_text(encoding="utf-8").replace("title:", "titel:", 1), encoding="utf-8")
    result = kbgen("export-search", str(broken), "-o", "docs.jsonl", "--cache-dir", str(tmp_path / "cache"),
                   cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    assert "content/fiscal/escrita-fiscal/como-declarar-sem-movimento.md:" in result.stderr
    assert "nothing was exported" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "docs.jsonl").exists() and not (tmp_path / "docs.settings.json").exists()
