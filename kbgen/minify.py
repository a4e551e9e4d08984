"""kbgen's own scripts and stylesheets as a site ships them: minified, with their notices kept.

The repository keeps them readable (comments say why, for the next maintainer); a reader's browser
needs none of that. Every page loads the theme's CSS and scripts and the results page the search
engine, so their comments and indentation were about half of what a server that compresses
nothing sends before the first results (issue 25: at most twice the gzip budget uncompressed).

rJSmin and rCSSmin (PyPI ``rjsmin``/``rcssmin``, Apache-2.0, C speedups with a pure-Python
fallback) only drop comments and whitespace, following ``jsmin.c``'s rules for where a line break
still matters (automatic semicolon insertion) and keeping strings, template literals and regular
expressions as they are: no renaming, so a minified script behaves as its source and a stack
trace still names the source's functions. Comments that open with ``/*!`` (licence notices) are
kept, as is the convention.

``KBGEN_READABLE_ASSETS=1`` in the environment of a build ships the sources as they are, to debug
a script in the browser; :func:`readable` says whether it is set.
"""

from __future__ import annotations

import os

import rcssmin
import rjsmin

READABLE_VARIABLE = "KBGEN_READABLE_ASSETS"
SUFFIXES = (".js", ".css")
"""The kinds of file minified (by the end of their name)."""


def readable() -> bool:
    """Whether this build ships the sources unminified (``KBGEN_READABLE_ASSETS=1``)."""
    return os.environ.get(READABLE_VARIABLE, "") == "1"


def minifiable(name: str) -> bool:
    """Whether a file named ``name`` is one this module minifies."""
    return name.endswith(SUFFIXES)


def notice_comment(notice: str) -> str:
    """``notice`` as a comment every minifier keeps (``/*! … */``); ``*/`` cannot end it early."""
    return "/*! " + notice.replace("*/", "* /") + " */\n"


def minify(name: str, text: str) -> str:
    """``text`` of the file named ``name`` (``.js`` or ``.css``) without comments (but ``/*!``
    ones) and without the whitespace nothing needs. Raises ValueError for another kind of file."""
    if name.endswith(".js"):
        out: str = rjsmin.jsmin(text, keep_bang_comments=True)
    elif name.endswith(".css"):
        out = rcssmin.cssmin(text, keep_bang_comments=True)
    else:
        raise ValueError(f"{name}: only {', '.join(SUFFIXES)} files are minified")
    return out if out.endswith("\n") else out + "\n"


def shipped(name: str, text: str, notice: str = "") -> str:
    """What a site publishes of ``text`` (the file ``name``): minified, unless :func:`readable`;
    ``notice`` (an attribution its licence asks for) first, as a kept comment, either way."""
    head = notice_comment(notice) if notice else ""
    return head + (text if readable() else minify(name, text))
