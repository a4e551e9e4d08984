"""The three builders under comparison, each as a command line and the folders it writes.

Each build runs as a separate ``python`` process, exactly as an author or CI would run it,
so start-up and imports are part of the cost and nothing is shared between builds.
"""

from __future__ import annotations

import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path

from bench.paths import BENCH

#: MkDocs lives in its own environment so that its Jinja2/Markdown pins never touch Sphinx's.
TOOLS_VENV = BENCH / ".venv-tools"
TOOLS_PYTHON = TOOLS_VENV / "bin" / "python"


@dataclass
class Tool:
    name: str  # "kbgen", "sphinx", "mkdocs"
    tree: Path  # the Markdown this tool reads (edits are made here)
    work: Path  # everything the tool writes
    build_dir: Path  # where its HTML pages are written first
    index_globs: tuple[str, ...]  # its search index files, relative to build_dir
    env: dict[str, str] | None = field(default=None, kw_only=True)  # None: this process's environment

    def reset(self) -> None:
        """Remove every cache and output: the next build is a full one."""
        if self.work.exists():
            shutil.rmtree(self.work)
        self.work.mkdir(parents=True)

    def command(self, jobs: int = 1) -> list[str]:
        raise NotImplementedError

    def page(self, docname: str) -> Path:
        return self.build_dir / f"{docname}.html"


#: The data files of kbgen's search (kbgen.search.index: the manifests, then the shards and chunks,
#: kbgen.search.shards.SHARD_GLOB); its other kbgen-search*.js are copied scripts.
KBGEN_INDEX_FILES = ("kbgen-search-s.js", "kbgen-search-f.js", "kbgen-search-[sfdp]-*.js")


class Kbgen(Tool):
    def __init__(self, content: Path, work: Path, env: dict[str, str] | None = None):
        # pages are written into the persistent cache, then the whole site is published to out/
        super().__init__("kbgen", content, work, work / "cache" / "html",
                         tuple(f"**/{name}" for name in KBGEN_INDEX_FILES), env=env)

    def command(self, jobs: int = 1) -> list[str]:
        return [sys.executable, "-m", "kbgen", "build", "--source", str(self.tree), "--out", str(self.work / "out"),
                "--cache-dir", str(self.work / "cache"), "-j", str(jobs)]


class PlainSphinx(Tool):
    def __init__(self, src: Path, work: Path):
        super().__init__("sphinx", src, work, work / "html", ("searchindex.js",))

    def command(self, jobs: int = 1) -> list[str]:
        return [sys.executable, "-m", "sphinx", "-b", "html", "-q", "-j", str(jobs), "-d", str(self.work / "doctrees"),
                str(self.tree), str(self.build_dir)]


class MkDocs(Tool):
    def __init__(self, project: Path, work: Path):
        super().__init__("mkdocs", project / "docs", work, work / "site", ("search/search_index.json",))
        self.project = project

    def command(self, jobs: int = 1) -> list[str]:
        return [str(TOOLS_PYTHON), "-m", "mkdocs", "build", "-q", "-f", str(self.project / "mkdocs.yml"),
                "-d", str(self.build_dir)]

    @staticmethod
    def available() -> bool:
        return TOOLS_PYTHON.is_file()


def tools_venv_help() -> str:
    return (f"MkDocs, matplotlib and py-spy live in {TOOLS_VENV}; create it with:\n"
            f"  python -m venv {TOOLS_VENV} && {TOOLS_PYTHON} -m pip install mkdocs==1.6.1 matplotlib py-spy")
