"""Fixtures every test module reuses: site copies, a builder that fails on any warning,
the kbgen CLI in a subprocess, an incremental-rewrite probe, headless Chromium and Node."""

from __future__ import annotations

import hashlib
import io
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from kbgen.commands.build import BuildOptions, BuildReport, build
from kbgen.exitcodes import ExitStatus

from .node_bridge import NodeBridge, NodeError

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
MINIMAL = FIXTURES / "minimal"
SAMPLE = REPO / "content"

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
]


def copy_site(source: Path, dest: Path) -> Path:
    shutil.copytree(source, dest, symlinks=True)
    return dest


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """A writable copy of the minimal fixture (2 sets, 3 modules, 6 articles)."""
    return copy_site(MINIMAL, tmp_path / "content")


def run_build(source: Path, workdir: Path, *, strict: bool = False, jobs: int = 1, clean: bool = False,
              out: Path | None = None) -> tuple[BuildReport, str]:
    stream = io.StringIO()
    options = BuildOptions(source=source, out=out or workdir / "out", cache_dir=workdir / "cache", clean=clean,
                           strict=strict, jobs=jobs)
    report = build(options, stream)
    return report, stream.getvalue()


def build_clean(source: Path, workdir: Path, jobs: int = 1) -> Path:
    """The builder every test uses: fails on any warning or error, returns the output folder."""
    report, output = run_build(source, workdir, strict=True, jobs=jobs)
    assert report.status == ExitStatus.OK, output
    assert not report.problems, output
    return workdir / "out"


def build_copies(contents: dict[str, Path], factory: pytest.TempPathFactory, prefix: str) -> dict[str, Path]:
    """Each content folder copied (a build must not write beside an importer's output) and built
    clean; the output folder by the same key."""
    sites = {}
    for name, content in contents.items():
        work = factory.mktemp(f"{prefix}-{name}-build")
        sites[name] = build_clean(shutil.copytree(content, work / "content"), work)
    return sites


def tree_fingerprint(folder: Path) -> str:
    """One hash of a folder's names and bytes: equal exactly when nothing in it changed."""
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        digest.update(str(path.relative_to(folder)).encode())
        if path.is_file():
            digest.update(path.read_bytes())
    return digest.hexdigest()


def kbgen(*args: str, cwd: Path, env: dict[str, str] | None = None,
          timeout: float = 300) -> subprocess.CompletedProcess[str]:
    full_env = {**os.environ, **(env or {})}
    return subprocess.run([sys.executable, "-m", "kbgen", *args], cwd=cwd, env=full_env, capture_output=True,
                          text=True, timeout=timeout, check=False)


@pytest.fixture(scope="session")
def minimal_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The minimal fixture built once, read-only for page tests."""
    work = tmp_path_factory.mktemp("minimal-build")
    return build_clean(copy_site(MINIMAL, work / "content"), work)


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample help center (content/) built once."""
    work = tmp_path_factory.mktemp("sample-build")
    return build_clean(SAMPLE, work)


#: osTicket for the whole site, help topic 12 for Fiscal: the sample has no osTicket set (its
#: Arrecadação hands off by e-mail, as the seeds' service-order system takes orders)
OSTICKET_SITE = ("ticket:\n  system: osticket\n  url: https://os.example.gov.br/suporte/\n  topic_id: 1\n"
                 "  status_url: https://os.example.gov.br/suporte/view.php\n")
OSTICKET_FISCAL = "ticket:\n  topic_id: 12\n"


def osticket_copy(dest: Path) -> Path:
    """A copy of the minimal fixture that hands off to osTicket (the copy box's system)."""
    root = copy_site(MINIMAL, dest)
    for name, text in (("kb.yml", OSTICKET_SITE), ("fiscal/_set.yml", OSTICKET_FISCAL)):
        with (root / name).open("a", encoding="utf-8") as f:
            f.write(text)
    return root


@pytest.fixture(scope="session")
def osticket_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The minimal fixture with osTicket as its ticket system, built once."""
    work = tmp_path_factory.mktemp("osticket-build")
    return build_clean(osticket_copy(work / "content"), work)


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    from importlib.metadata import version

    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium package (apt-get install chromium)")
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        print(f"\nChromium {instance.version}, Playwright {version('playwright')}", file=sys.stderr)
        yield instance
        instance.close()


@pytest.fixture(scope="session")
def node() -> Iterator[NodeBridge]:
    """kbgen's JavaScript under Node, one process for the session (tests/node_bridge.py); required in
    CI, skipped elsewhere when node is missing."""
    try:
        bridge = NodeBridge()
    except NodeError as error:
        if os.environ.get("CI"):
            pytest.fail(str(error))
        pytest.skip(str(error))
    yield bridge
    bridge.close()
