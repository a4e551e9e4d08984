"""The Sphinx configuration of a kbgen site, derived from ``kb.yml``."""

from __future__ import annotations

from typing import Any

from kbgen.colors import colour_on_dark, text_colour_on
from kbgen.model import Site
from kbgen.myst_syntax import MYST_EXTENSIONS


def sphinx_config(site: Site) -> dict[str, Any]:
    """Sphinx's configuration for ``site``: plain values, written into the generated ``conf.py``
    (:mod:`kbgen.sphinx_ext.staging`). The model itself reaches the extension as the
    ``kbgen_site`` value given to Sphinx by :func:`kbgen.sphinx_ext.sphinx_run.run_sphinx`."""
    root = site.root
    colour = site.config.color
    return {
        "html_theme_options": {"color": colour, "text_color": text_colour_on(colour),
                               "dark_color": colour_on_dark(colour),
                               "dark_text_color": text_colour_on(colour_on_dark(colour))},
        # no html_logo / html_static_path: Sphinx would copy the author's files into _static/ under
        # their own names, over the theme's scripts; kbgen.sphinx_ext.author_assets publishes them
        "project": site.config.title,
        "language": site.config.language,
        "extensions": ["myst_parser", "sphinx_design", "kbgen.sphinx_ext"],
        "kbgen_source": str(root),
        "root_doc": "index",
        "source_suffix": {".md": "markdown"},
        "exclude_patterns": ["_*", "**/_*", "conf.py", "**/img/**"],
        "html_theme": "kbgen",
        "html_title": site.config.title,
        "html_copy_source": False,
        "html_show_sourcelink": False,
        "html_use_index": False,
        "html_domain_indices": False,
        "html_show_sphinx": False,
        "html_last_updated_fmt": None,
        # Sphinx would wrap every sized image in a link to the bare file: kbgen links it to its
        # zoom view in the page instead (kbgen.sphinx_ext.image_views)
        "html_scaled_image_link": False,
        "myst_enable_extensions": MYST_EXTENSIONS,
        "myst_heading_anchors": 3,
        # the only external links allowed (kbgen.sphinx_ext.safety); anything else is an article link
        "myst_url_schemes": ["http", "https", "mailto", "tel"],
        "suppress_warnings": [],
        "show_warning_types": True,
    }
