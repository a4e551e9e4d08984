"""The Sphinx read-and-resolve pass that reports the problems of every article's body.

``kbgen check`` runs it always, and ``kbgen build`` runs it when the content has errors that stop
it from publishing, so both report every problem in one run: Markdown, links, anchors, images —
also of the articles the loader refused (their stand-ins, :mod:`kbgen.loading.stand_ins`). It uses
Sphinx's ``dummy`` builder in its own folder of the cache (``check/``), which no build publishes from.
"""

from __future__ import annotations

from pathlib import Path

from kbgen import cachestate
from kbgen.errors import Problem, Severity
from kbgen.loading.stand_ins import with_stand_ins
from kbgen.model import Site
from kbgen.sphinx_ext.staging import prepare_sources


def read_everything(site: Site, cache: Path) -> list[Problem]:
    """Every problem Sphinx finds reading and resolving the site and its stand-ins."""
    from kbgen.sphinx_ext.sphinx_run import SphinxFailed, run_sphinx  # with Sphinx: not at start-up

    work = cache / "check"
    if cachestate.is_dirty(work):  # a check killed half-way: its Sphinx state is not to be trusted
        cachestate.reset_output_side(work)
    cachestate.mark_dirty(work)
    reading = with_stand_ins(site)
    prepare_sources(reading, work / "src")
    try:
        # the dummy builder's output folder (never written) is html/, the name reset_output_side knows
        result = run_sphinx(reading, work / "src", work / "html", work / "doctrees", builder="dummy")
    except SphinxFailed as exc:
        return [Problem(exc.path, exc.line, f"the check failed: {exc.message}", Severity.ERROR, "sphinx")]
    cachestate.clear_dirty(work)
    return result.problems
