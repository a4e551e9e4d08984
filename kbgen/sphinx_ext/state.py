"""The validated content model, handed to the Sphinx process.

The CLI validates the content before Sphinx starts and registers the resulting
:class:`~kbgen.model.Site` here; a Sphinx run started another way (sphinx-autobuild runs
``python -m sphinx`` on the generated conf directory) loads and validates it itself.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.errors import ConfigError

from kbgen.loading.walker import load_site
from kbgen.model import Site

_preloaded: dict[Path, Site] = {}


def preload(site: Site) -> None:
    _preloaded[site.root] = site


class Transient:
    """A value kept on the Sphinx environment for this process only: pickled, it is dropped.

    Sphinx pickles the whole environment after every build that read something (and each
    parallel reader sends its copy back pickled); the site model and indexes derived from it are
    rebuilt by every run, so carrying them would only make every load slower (MBs at 5,000 articles).
    """

    def __init__(self, value: Any = None):
        self.value = value

    def __reduce__(self) -> tuple[type[Transient], tuple[()]]:
        return Transient, ()


def site_of(env: BuildEnvironment) -> Site:
    site: Site = env.kbgen_site.value  # type: ignore[attr-defined]
    return site


def _attach_site(app: Sphinx) -> None:
    root = Path(app.config.kbgen_source).resolve()
    site = _preloaded.pop(root, None)
    if site is None:
        site, problems = load_site(root)
        if problems.errors:
            details = "\n".join(p.format() for p in problems.sorted())
            raise ConfigError(f"the content has errors:\n{details}")
    app.env.kbgen_site = Transient(site)  # type: ignore[attr-defined]


def setup_state(app: Sphinx) -> None:
    app.add_config_value("kbgen_source", "", "env", types=frozenset({str}))
    app.connect("builder-inited", _attach_site, priority=100)
