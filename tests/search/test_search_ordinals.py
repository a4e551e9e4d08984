"""Portuguese ordinals, written out and as numerals (kbgen/search/ordinals.py): built into every site's
synonyms, so "2ª via" finds "segunda via" and "décimo terceiro" finds "13º" without an author's
``_synonyms.yml``, on both engines."""

from __future__ import annotations

from pathlib import Path

import pytest
from searchhelpers import BuiltSite
from test_search_confidence import _site_of, answering, both, doc

from kbgen.search import cache, ordinals
from kbgen.search.ordinals import ORDINAL_SYNONYMS, with_language_synonyms
from kbgen.search.synonyms import SynonymExpander
from tests.node_bridge import NodeBridge

DOCS = [
    doc("pessoal/folha/decimo", "Como calcular o adiantamento do 13º salário",
        "O adiantamento é pago na folha de julho."),
    doc("pessoal/folha/ferias", "Como lançar as férias", "Informe o período aquisitivo."),
    doc("tributos/iptu/boleto", "Como emitir a segunda via do boleto do IPTU", "Informe a inscrição do imóvel."),
    doc("tributos/iptu/parcelar", "Como parcelar o IPTU", "Escolha o número de parcelas."),
    doc("tributos/itbi/guia", "Como emitir a guia de ITBI", "A guia vence em trinta dias."),
    doc("geral/agenda/feriados", "Feriados municipais", "O expediente de 1º de janeiro é suspenso."),
]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, BuiltSite]:
    return _site_of(tmp_path_factory.mktemp("ordinals"), DOCS)


def test_every_ordinal_to_99_in_both_genders() -> None:
    assert len(ORDINAL_SYNONYMS) == 2 * ordinals.LARGEST
    assert ORDINAL_SYNONYMS["1º"] == ["primeiro"] and ORDINAL_SYNONYMS["2ª"] == ["segunda"]
    assert ORDINAL_SYNONYMS["13º"] == ["décimo terceiro"] and ORDINAL_SYNONYMS["13ª"] == ["décima terceira"]
    assert ORDINAL_SYNONYMS["20º"] == ["vigésimo"] and ORDINAL_SYNONYMS["99ª"] == ["nonagésima nona"]


@pytest.mark.parametrize(("query", "answer"), [
    ("decimo terceiro salario", "pessoal/folha/decimo"),  # the words, for the numeral the author wrote
    ("13o salário", "pessoal/folha/decimo"),  # the letter for the indicator
    ("2ª via do boleto", "tributos/iptu/boleto"),  # the numeral, for the words
    ("2a via iptu", "tributos/iptu/boleto"),
    ("primeiro de janeiro", "geral/agenda/feriados"),
    ("13° salário", "pessoal/folha/decimo"),  # a degree sign for the indicator (a phone's 0 key)
    ("2° via do boleto", "tributos/iptu/boleto"),  # read as "2º": "segunda" shares the stem of "segundo"
])
def test_an_ordinal_finds_the_other_way_of_writing_it(
        node: NodeBridge, site: tuple[Path, BuiltSite], query: str, answer: str) -> None:
    assert answering(both(node, site, query))[:1] == [answer]


def test_the_sites_own_entry_replaces_the_built_in_one() -> None:
    merged = with_language_synonyms({"2ª": ["segunda-feira"], "NFS-e": ["nota fiscal de serviço eletrônica"]})
    assert merged["2ª"] == ["segunda-feira"] and merged["13º"] == ["décimo terceiro"] and "NFS-e" in merged
    assert ("2ª", "segunda-feira") in SynonymExpander(merged).groups
    # validating one author entry (kbgen.loading.walker) reads that entry alone
    assert SynonymExpander({"NFS-e": ["nfse"]}, language=False).groups == (("NFS-e", "nfse"),)


def test_changing_the_built_in_groups_invalidates_the_analysis_and_the_search_stamp(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The built-in groups are code: ordinals.py is in the analysis code's fingerprint, which keys
    the analysis cache and the stamp that lets a no-op build keep its search files."""
    before = cache._code_fingerprint()
    source = Path(ordinals.__file__).read_bytes()
    real = Path.read_bytes
    monkeypatch.setattr(Path, "read_bytes", lambda self: source.replace(b"primeiro", "primeirão".encode())
                        if self == Path(ordinals.__file__) else real(self))
    assert cache._code_fingerprint() != before
