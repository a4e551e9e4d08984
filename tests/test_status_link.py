"""The header's "Meus atendimentos" follows the page's set (issue 22, item 5): the set's own ticket
system's list where its tickets are, hidden on a set that has none, the site's elsewhere."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from .conftest import build_clean

SITE_LIST = "https://suporte.example.gov.br/hc/pt-br/requests"


def _header_status(page: Path) -> str | None:
    header = page.read_text(encoding="utf-8").split("</header>")[0]
    found = re.findall(r'<a href="([^"]*)">Meus atendimentos</a>', header)
    assert len(found) <= 1
    return found[0] if found else None


@pytest.mark.parametrize(("page", "expected"), [
    ("index.html", SITE_LIST),  # no set: the site's
    ("perguntas-frequentes.html", SITE_LIST),
    ("fiscal/index.html", SITE_LIST),  # a Zendesk set on a Zendesk site: the site's list
    ("fiscal/nota-fiscal-eletronica/como-cancelar-uma-nfs-e.html", SITE_LIST),
    # osTicket set: its own status lookup, on its index, modules and articles
    ("arrecadacao/index.html", "https://os.sefin.example.gov.br/view.php"),
    ("arrecadacao/iptu/index.html", "https://os.sefin.example.gov.br/view.php"),
    ("arrecadacao/iptu/como-emitir-a-segunda-via-do-boleto-do-iptu.html", "https://os.sefin.example.gov.br/view.php"),
    ("prestacao-de-contas/index.html", "https://formularios.example.gov.br/prestacao-de-contas/meus-pedidos"),
    ("recursos-humanos/folha-de-pagamento/index.html", "https://glpi.example.gov.br/Helpdesk"),  # GLPI
])
def test_meus_atendimentos_follows_the_pages_set(sample_site: Path, page: str, expected: str | None) -> None:
    assert _header_status(sample_site / page) == expected


def test_a_set_without_a_list_has_no_link_rather_than_the_sites(site: Path, tmp_path: Path) -> None:
    """A set by e-mail on a Zendesk site: its tickets are not in Zendesk's list."""
    kb = site / "kb.yml"
    kb.write_text(kb.read_text(encoding="utf-8") + (
        "ticket:\n  system: zendesk\n  url: https://suporte.example.gov.br/\n  ticket_form_id: 1\n"
        f"  status_url: {SITE_LIST}\n"), encoding="utf-8")
    rh = site / "rh/_set.yml"
    rh.write_text(rh.read_text(encoding="utf-8") + "ticket:\n  system: email\n", encoding="utf-8")
    out = build_clean(site, tmp_path)
    assert _header_status(out / "index.html") == SITE_LIST
    assert _header_status(out / "fiscal/index.html") == SITE_LIST
    assert _header_status(out / "rh/index.html") is None
    assert _header_status(out / "rh/folha-de-pagamento/etica-no-servico-publico.html") is None
    # with its own status page, the e-mail set links it
    rh.write_text(rh.read_text(encoding="utf-8") + "  status_url: https://rh.example.gov.br/protocolos\n",
                  encoding="utf-8")
    out = build_clean(site, tmp_path)  # incremental: the set's pages follow its file
    assert _header_status(out / "rh/index.html") == "https://rh.example.gov.br/protocolos"
    assert _header_status(out / "rh/folha-de-pagamento/etica-no-servico-publico.html") == (
        "https://rh.example.gov.br/protocolos")
    assert _header_status(out / "fiscal/index.html") == SITE_LIST
