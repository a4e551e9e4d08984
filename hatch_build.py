"""Hatchling build hook: bring the pinned front-end library in from npm, compile catalogues.

lunr.js is installed with ``npm ci --ignore-scripts`` from the committed package.json +
package-lock.json and copied into ``kbgen/_vendor/`` (git-ignored, declared as build artifacts so
wheels and sdists carry them). When the files are already there — an sdist being installed —
nothing runs, so installing an sdist needs no node.

lunr-languages stays in package.json for the tests only (they compare kbgen's stop words with
its ``lunr.pt.js``): the site never loads its scripts, so none is vendored. The data kbgen took
from it lives in ``kbgen/search/stopwords.py``, with its licence beside it.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

#: (file inside node_modules, name inside kbgen/_vendor)
VENDORED = [
    ("lunr/lunr.js", "lunr.js"),
    ("lunr/lunr.min.js", "lunr.min.js"),
    ("lunr/LICENSE", "LICENSE.lunr.txt"),
]


class FrontEndHook(BuildHookInterface):  # type: ignore[type-arg]
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        root = Path(self.root)
        vendor = root / "kbgen" / "_vendor"
        # The folder is the hook's own (git-ignored): files an older VENDORED list put there go,
        # so a checkout built before a library was dropped does not ship it.
        listed = {name for _, name in VENDORED}
        for stale in sorted(vendor.glob("*")) if vendor.is_dir() else []:
            if stale.is_file() and stale.name not in listed:
                stale.unlink()
        if not all((vendor / name).is_file() for name in listed):
            self._install(root)
            vendor.mkdir(parents=True, exist_ok=True)
            for source, name in VENDORED:
                shutil.copyfile(root / "node_modules" / source, vendor / name)
        self._compile_catalogues(root / "kbgen" / "locale")

    def _install(self, root: Path) -> None:
        npm = shutil.which("npm")
        if npm is None:
            raise RuntimeError(
                "kbgen's build needs npm to fetch lunr.js (package.json); install Node.js "
                "and npm (e.g. apt-get install nodejs npm), or install kbgen from an sdist, which carries them"
            )
        if not all((root / "node_modules" / source).is_file() for source, _ in VENDORED):
            done = subprocess.run([npm, "ci", "--ignore-scripts", "--no-audit", "--no-fund"], cwd=root,
                                  capture_output=True, text=True, check=False)
            if done.returncode != 0:
                raise RuntimeError(f"npm ci failed (exit {done.returncode}):\n{done.stdout}\n{done.stderr}")

    def _compile_catalogues(self, locale_dir: Path) -> None:
        if not locale_dir.is_dir():
            return
        from babel.messages.mofile import write_mo
        from babel.messages.pofile import read_po

        for po in sorted(locale_dir.glob("*/LC_MESSAGES/*.po")):
            mo = po.with_suffix(".mo")
            if mo.exists() and mo.stat().st_mtime_ns >= po.stat().st_mtime_ns:
                continue
            with po.open("rb") as fh:
                catalog = read_po(fh)
            with mo.open("wb") as fh:
                write_mo(fh, catalog)
