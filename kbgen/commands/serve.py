"""``kbgen serve``: live preview on 127.0.0.1, rebuilt on every save, built on sphinx-autobuild.

sphinx-autobuild watches the author's content folder (not the cache's copy, which it is told
to ignore) and re-runs Sphinx on the generated ``conf.py``, which re-validates the content and
refreshes the copy Sphinx reads (:func:`kbgen.sphinx_ext.config.sphinx_config`) — no extra
process per save. Content errors stop that rebuild with their ``path:line: message`` lines and
the preview keeps serving the last good pages. The served folder is the cache's ``html/``;
``--out`` is never touched by a preview.
"""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from kbgen.commands.build import UsageError
from kbgen.content import load_site
from kbgen.exitcodes import ExitStatus
from kbgen.report import print_problems
from kbgen.staging import prepare_sources


@dataclass
class ServeOptions:
    source: Path = Path("content")
    cache_dir: Path = Path("_build/.cache")
    host: str = "127.0.0.1"
    port: int = 8000


def sync_sources(source: Path, src: Path) -> int:
    """Validate the content and make Sphinx's copy of it (and its conf.py) for the first build."""
    site, problems = load_site(source)
    print_problems(problems.sorted(), sys.stderr)
    if problems.errors:
        return ExitStatus.CONTENT_ERROR
    prepare_sources(site, src)
    return ExitStatus.OK


def autobuild_command(options: ServeOptions) -> list[str]:
    source = options.source.resolve()
    cache = (options.cache_dir / "serve").resolve()  # its own cache: a preview never disturbs a build's
    src, html, doctrees = cache / "src", cache / "html", cache / "doctrees"
    return [
        sys.executable, "-m", "sphinx_autobuild", str(src), str(html), "-b", "kbgen", "-d", str(doctrees), "-q",
        "--host", options.host, "--port", str(options.port), "--watch", str(source), "--ignore", str(cache),
    ]


def serve(options: ServeOptions) -> int:
    source = options.source.resolve()
    if not source.is_dir():
        raise UsageError(f"the content folder {options.source} does not exist; pass --source FOLDER")
    try:
        import sphinx_autobuild  # noqa: F401 - only checking that it is installed
    except ImportError:
        raise UsageError("kbgen serve needs sphinx-autobuild: pip install sphinx-autobuild") from None
    cache = (options.cache_dir / "serve").resolve()
    # the first build needs the copy too (autobuild runs pre-build before it, but the conf must exist)
    status = sync_sources(source, cache / "src")
    if status != ExitStatus.OK:
        print("kbgen: fix the errors above; the preview starts anyway and rebuilds when you save",
              file=sys.stderr)
        (cache / "src").mkdir(parents=True, exist_ok=True)
    print(f"kbgen: preview on http://{options.host}:{options.port}/ — Ctrl+C stops it", file=sys.stderr)
    return subprocess.call(autobuild_command(options))

