"""Maintainer tool: screenshots of the sample help center for docs/ and the README.

    kbgen build && python scripts/screenshots.py

Uses Debian's Chromium through Playwright, at phone (320 px), tablet (768 px) and desktop (1280 px)
width, and the dark theme at phone and desktop width.
"""

from __future__ import annotations

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

REPO = Path(__file__).resolve().parent.parent
SITE = REPO / "_build" / "html"
OUT = REPO / "docs" / "_static" / "screenshots"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--disable-dev-shm-usage"]
PAGES = {
    "home": "index.html",
    "set": "fiscal/index.html",
    "article": "fiscal/nota-fiscal-eletronica/como-cancelar-uma-nfs-e.html",
    "search": "search.html?q=cancelameto%20nfse",
    "handoff": "registrar-atendimento.html?conjunto=fiscal&modulo=nota-fiscal-eletronica"
               "&artigo=fiscal/nota-fiscal-eletronica/como-cancelar-uma-nfs-e",
}
WIDTHS = {"phone": (320, 640), "tablet": (768, 1024), "desktop": (1280, 900)}
#: the dark theme (prefers-color-scheme) at phone and desktop width, for the pages readers land on
DARK = {"home", "article"}


def main() -> None:
    if not (SITE / "index.html").is_file():
        sys.exit("build the sample first: kbgen build")
    OUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        for width_name, (width, height) in WIDTHS.items():
            page = browser.new_page(viewport={"width": width, "height": height})
            for name, path in PAGES.items():
                page.goto((SITE / path.split("?")[0]).as_uri() + ("?" + path.split("?")[1] if "?" in path else ""))
                page.wait_for_timeout(500)  # search results and the hand-off link are filled in by scripts
                page.screenshot(path=str(OUT / f"{name}-{width_name}.png"))
            page.close()
        for width_name in ("phone", "desktop"):
            width, height = WIDTHS[width_name]
            page = browser.new_page(viewport={"width": width, "height": height}, color_scheme="dark")
            for name in sorted(DARK):
                page.goto((SITE / PAGES[name]).as_uri())
                page.wait_for_timeout(300)
                page.screenshot(path=str(OUT / f"{name}-{width_name}-dark.png"))
            page.close()
        browser.close()
    print(f"screenshots in {OUT}")


if __name__ == "__main__":
    main()
