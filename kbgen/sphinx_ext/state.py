"""The validated content model, handed to the Sphinx process.

The CLI validates the content before Sphinx starts and registers the resulting
:class:`~kbgen.content.Site` here; a Sphinx run started another way (sphinx-autobuild runs
``python -m sphinx`` on the generated conf directory) loads and validates it itself.
"""

from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.errors import ConfigError

from kbgen.content import Site, load_site

_preloaded: dict[Path, Site] = {}


def preload(site: Site) -> None:
    _preloaded[site.root] = site


def site_of(env: BuildEnvironment) -> Site:
    site: Site = env.kbgen_site  # type: ignore[attr-defined]
    return site


def _attach_site(app: Sphinx) -> None:
    root = Path(app.config.kbgen_source).resolve()
    site = _preloaded.pop(root, None)
    if site is None:
        site, problems = load_site(root)
        if problems.errors:
            details = "\n".join(p.format() for p in problems.sorted())
            raise ConfigError(f"the content has errors:\n{details}")
    app.env.kbgen_site = site  # type: ignore[attr-defined]


def setup_state(app: Sphinx) -> None:
    app.add_config_value("kbgen_source", "", "env", types=frozenset({str}))
    app.connect("builder-inited", _attach_site, priority=100)
