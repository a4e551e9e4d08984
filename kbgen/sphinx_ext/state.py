"""The validated content model, handed to the Sphinx extension through Sphinx's configuration.

The command that runs Sphinx (:func:`kbgen.sphinx_ext.sphinx_run.run_sphinx`) validates the
content first and gives the resulting :class:`~kbgen.model.Site` as the ``kbgen_site``
configuration value, wrapped in :class:`Transient`; a Sphinx run started another way (``python -m
sphinx`` on the generated conf directory) has none, and the extension loads and validates the
content at ``kbgen_source`` itself.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.errors import ConfigError

from kbgen.loading.walker import load_site
from kbgen.model import Site


class Transient:
    """A value kept for this process only: pickled, it is dropped.

    Sphinx pickles the whole environment (its configuration included) after every build that read
    something, and each parallel reader sends its copy back pickled; the site model and indexes
    derived from it are rebuilt by every run, so carrying them would only make every load slower
    (MBs at 5,000 articles).
    """

    def __init__(self, value: Any = None):
        self.value = value

    def __reduce__(self) -> tuple[type[Transient], tuple[()]]:
        return Transient, ()


def site_of(env: BuildEnvironment) -> Site:
    site: Site = env.config.kbgen_site.value
    return site


def _attach_site(app: Sphinx) -> None:
    given = app.config.kbgen_site
    if isinstance(given, Transient) and given.value is not None:
        return
    site, problems = load_site(Path(app.config.kbgen_source).resolve())
    if problems.errors:
        details = "\n".join(p.format() for p in problems.sorted())
        raise ConfigError(f"the content has errors:\n{details}")
    app.config.kbgen_site = Transient(site)


def setup_state(app: Sphinx) -> None:
    app.add_config_value("kbgen_source", "", "env", types=frozenset({str}))
    # no rebuild: what a page shows of the model is compared page by page (kbgen.sphinx_ext.incremental)
    app.add_config_value("kbgen_site", Transient(), "", types=frozenset({Transient}))
    app.connect("builder-inited", _attach_site, priority=100)
