"""Sphinx configuration of kbgen's own documentation (developer docs are English)."""

project = "kbgen"
language = "en"
extensions = ["myst_parser", "kbgen.docsgen"]
myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 3
root_doc = "index"
exclude_patterns = ["_build"]
html_theme = "alabaster"
html_static_path = ["_static"]
html_copy_source = False
