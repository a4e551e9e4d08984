"""The MyST syntax kbgen enables: one list for the build (Sphinx's ``myst_enable_extensions``) and
for what reads articles outside Sphinx (the linter's parser, :mod:`kbgen.loading.prose`), so both
see the same blocks."""

from __future__ import annotations

#: MyST syntax authors can rely on (documented in docs/authoring.md).
#: "alert": GitHub's (and DocFX's) ``> [!NOTE]`` as an admonition (kbgen.sphinx_ext.dialects).
MYST_EXTENSIONS = ["colon_fence", "deflist", "fieldlist", "tasklist", "strikethrough", "gfm_autolink", "alert"]
