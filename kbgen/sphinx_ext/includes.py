"""``{include}``: the options that would take included text past kbgen's rules are refused.

Included text is parsed into the article, so every rule applies to it as to the article's own
text: roles and directives are looked up through the policy's dispatcher, and the doctree checks
(raw HTML, link schemes, published files) see its nodes — reported at the included file's line
(``locations.location_of``). Shared fragments live in ``content/_includes/``, which
``kbgen.sphinx_ext.staging`` copies next to the set folders.

Two options of docutils' ``include`` would escape that:

* ``:parser:`` — docutils parses the file with that parser in a new document made from the
  parser's *default* settings (``Include.custom_parse`` in docutils/parsers/rst/directives/misc.py),
  where ``file_insertion_enabled`` and ``raw_enabled`` are on again; MyST's own include ignores it
  (myst_parser/mocking.py, ``MockIncludeDirective.run``), a silent loss of what the author asked;
* ``:encoding:`` other than UTF-8 — UTF-7 spells ``<script>`` as ``+ADw-script+AD4-``: markup a
  reviewer cannot see. Content is UTF-8 everywhere else in kbgen.

Both are errors at the directive's line; ``:literal:`` and ``:code:`` are fine (escaped text).
"""

from __future__ import annotations

import codecs
from typing import Any

from docutils.parsers.rst import Directive, directives
from docutils.parsers.rst.directives.misc import Include

UTF8 = ("utf-8", "utf-8-sig")


def _no_parser(value: Any) -> str:
    raise ValueError("kbgen reads an included file as Markdown (or as text with :literal: or :code:): "
                     ":parser: is refused")


def _utf8_only(value: Any) -> str:
    name = str(directives.encoding(value))
    if codecs.lookup(name).name not in UTF8:
        raise ValueError("included files are read as UTF-8, like every file of the content (save it as "
                         "UTF-8): :encoding: is refused")
    return name


_CHECKED: dict[type[Directive], type[Directive]] = {}


def checked_include(directive: type[Directive]) -> type[Directive]:
    """``directive`` (docutils', Sphinx's or MyST's ``include``) with :parser: and :encoding: checked.

    A subclass, so MyST still recognises it as an include (``issubclass(…, Include)``); its own
    option table, so MyST's additions to it (``relative-images`` …) stay on it."""
    if not isinstance(directive, type) or not issubclass(directive, Include):
        return directive
    if directive not in _CHECKED:  # one subclass per include class (MyST's additions stay on it)
        spec = {**(directive.option_spec or {}), "parser": _no_parser, "encoding": _utf8_only}
        _CHECKED[directive] = type(directive.__name__, (directive,), {
            "option_spec": spec, "__module__": __name__, "__doc__": checked_include.__doc__,
            "kbgen_checked": True})  # kbgen.sphinx_ext.fragments checks its path before MyST reads it
    return _CHECKED[directive]
