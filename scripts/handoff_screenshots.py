"""Maintainer tool: the hand-off page for each ticket system, for docs/handoff/.

    python scripts/handoff_screenshots.py

Builds a copy of the sample (content/) in a temporary folder, with Arrecadação switched to
osTicket (the sample itself has no osTicket set: Arrecadação hands off by e-mail, as the seeds'
service-order system takes orders), and photographs the hand-off form with a set (a module, an
article) and a subject and description fitting it filled in, in Debian's Chromium through
Playwright. Nothing is fetched from the ticket systems: the page is photographed before the
reader follows the link.
"""

from __future__ import annotations

import re
import shutil
import sys
import tempfile
from io import StringIO
from pathlib import Path
from urllib.parse import quote

from playwright.sync_api import sync_playwright

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from kbgen.commands.build import BuildOptions, build  # noqa: E402 (after the path above)
from kbgen.exitcodes import ExitStatus  # noqa: E402

OUT = REPO / "docs" / "_static" / "handoff"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--disable-dev-shm-usage"]
OSTICKET = "ticket:\n  system: osticket\n  url: https://os.sefin.example.gov.br/\n  topic_id: 12\n" \
           "  status_url: https://os.sefin.example.gov.br/view.php\n"
#: file name → (set, module, article docname, subject, description): one set per system in the sample
SHOTS = {
    "zendesk": ("fiscal", "nota-fiscal-eletronica", "fiscal/nota-fiscal-eletronica/como-cancelar-uma-nfs-e",
                "Não consigo cancelar a nota", "Ao cancelar, o sistema mostra \"Erro E178\".\nA nota é de ontem."),
    "glpi": ("recursos-humanos", "folha-de-pagamento", "", "Desconto do consignado na folha",
             "O desconto não aparece na folha de março.\nO contrato está ativo."),
    "osticket": ("arrecadacao", "iptu", "arrecadacao/iptu/como-emitir-a-segunda-via-do-boleto-do-iptu",
                 "Segunda via do IPTU vencido", "Preciso do boleto com a data de hoje.\nO site mostra o antigo."),
    "email": ("suprimentos", "", "", "Aditivo de prazo do contrato",
              "Preciso registrar um aditivo de prazo.\nO contrato é de 2025."),
    "url": ("prestacao-de-contas", "", "", "Envio da prestação de contas",
            "O envio falha no último passo.\nA mensagem é \"arquivo inválido\"."),
}


def osticket_sample(dest: Path) -> Path:
    root = Path(shutil.copytree(REPO / "content", dest, symlinks=True))
    set_file = root / "arrecadacao" / "_set.yml"
    text = set_file.read_text(encoding="utf-8")
    text, count = re.subn(r"^ticket:\n(?:  .*\n)+", OSTICKET, text, flags=re.MULTILINE)
    if count != 1:
        sys.exit(f"{set_file}: expected one ticket: block to replace")
    set_file.write_text(text, encoding="utf-8")
    return root


def build_site(work: Path) -> Path:
    out = work / "out"
    stream = StringIO()
    report = build(BuildOptions(source=osticket_sample(work / "content"), out=out, cache_dir=work / "cache",
                                clean=True, strict=True, jobs=1), stream)
    if report.status != ExitStatus.OK:
        sys.exit(stream.getvalue())
    return out


def address(site: Path, set_slug: str, module: str, article: str) -> str:
    query = f"conjunto={set_slug}" + (f"&modulo={module}" if module else "") + \
        (f"&artigo={quote(article, safe='')}" if article else "")
    return (site / "registrar-atendimento.html").as_uri() + "?" + query


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as playwright:
        site = build_site(Path(tmp))
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        page = browser.new_page(viewport={"width": 900, "height": 900})
        for name, (set_slug, module, article, subject, description) in SHOTS.items():
            page.goto(address(site, set_slug, module, article))
            page.locator("#kb-handoff-subject").fill(subject)
            page.locator("#kb-handoff-description").fill(description)
            page.wait_for_timeout(600)  # the suggestions beside the form
            page.locator(".kb-handoff-form").screenshot(path=str(OUT / f"{name}.png"))
            print(f"{OUT / name}.png: {(OUT / f'{name}.png').stat().st_size // 1024} KB")
        browser.close()


if __name__ == "__main__":
    main()
