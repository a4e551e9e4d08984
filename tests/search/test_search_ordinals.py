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
from kbgen.search.plan import ordinal_forms
from kbgen.search.siteindex import load_site_index
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


@pytest.mark.parametrize(("query", "written", "answer"), [
    ("2 via do boleto", "2ª via do boleto", "tributos/iptu/boleto"),  # the article says "segunda via"
    ("2 via iptu", "2ª via iptu", "tributos/iptu/boleto"),
    ("13 salario", "13º salario", "pessoal/folha/decimo"),  # the article says "13º"
    ("1 de janeiro", "1º de janeiro", "geral/agenda/feriados"),
])
def test_a_bare_number_in_a_keyword_query_may_be_an_ordinal(
        node: NodeBridge, site: tuple[Path, BuiltSite], query: str, written: str, answer: str) -> None:
    """Phone keyboards hide "ª" and "º": readers type "2 via" for "2ª via" (plan.ordinal_forms).
    The number then counts as much as the ordinal written with its indicator: it is the same word."""
    results = both(node, site, query)
    assert answering(results)[:1] == [answer]
    assert results[0]["quality"] == pytest.approx(both(node, site, written)[0]["quality"])


def test_numbers_in_a_longer_text_are_not_read_as_ordinals(node: NodeBridge, site: tuple[Path, BuiltSite]) -> None:
    """A pasted message's numbers are codes and amounts: "registro 10 campo 3" is not "décimo terceiro"."""
    text = "registro 10 campo 3 rejeitado no arquivo da folha"
    assert "pessoal/folha/decimo" not in answering(both(node, site, text))
    folder, _built = site
    index = load_site_index(folder)
    assert ordinal_forms(index, "2", words=3) == ["2o", "2a"]  # "segunda via" holds both: stems merge genders
    assert ordinal_forms(index, "2", words=7) == []
    assert ordinal_forms(index, "03", words=2) == ordinal_forms(index, "100", words=2) == []


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
