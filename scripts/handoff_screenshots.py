"""Maintainer tool: the hand-off page for each ticket system, for docs/handoff/.

    python scripts/handoff_screenshots.py

Builds a copy of the sample (content/) in a temporary folder, with Arrecadação switched to
osTicket (the sample itself has no osTicket set: Arrecadação hands off by e-mail, as the seeds'
service-order system takes orders), and photographs the hand-off form with a set, a module, the
article and a description filled in, in Debian's Chromium through Playwright. Nothing is fetched
from the ticket systems: the page is photographed before the reader follows the link.
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
DESCRIPTION = "Ao emitir, o sistema mostra \"Erro E178\".\nJá tentei sair e entrar de novo."
#: file name → (set, module, article docname): one set per system in the sample
SHOTS = {
    "zendesk": ("fiscal", "nota-fiscal-eletronica", "fiscal/nota-fiscal-eletronica/como-cancelar-uma-nfs-e"),
    "glpi": ("recursos-humanos", "folha-de-pagamento", ""),
    "osticket": ("arrecadacao", "iptu", "arrecadacao/iptu/como-emitir-a-segunda-via-do-boleto-do-iptu"),
    "email": ("suprimentos", "", ""),
    "url": ("prestacao-de-contas", "", ""),
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
        for name, (set_slug, module, article) in SHOTS.items():
            page.goto(address(site, set_slug, module, article))
            page.locator("#kb-handoff-subject").fill("Erro ao emitir")
            page.locator("#kb-handoff-description").fill(DESCRIPTION)
            page.wait_for_timeout(600)  # the suggestions beside the form
            page.locator(".kb-handoff-form").screenshot(path=str(OUT / f"{name}.png"))
            print(f"{OUT / name}.png: {(OUT / f'{name}.png').stat().st_size // 1024} KB")
        browser.close()


if __name__ == "__main__":
    main()
