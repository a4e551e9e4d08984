"""Which of kbgen's admonitions each other tool's admonition kind is.

GitHub and DocFX write ``[!NOTE]``; MkDocs (Python-Markdown's admonition, MkDocs Material's types)
``!!! info``; Docusaurus ``:::tip``. kbgen.sphinx_ext.dialects names the MyST form in its warnings,
and kbgen.importers.markdown writes it, from this one table.
"""

from __future__ import annotations

#: kbgen's admonitions (docs/security.md) for the other tools' kinds; a kind not listed is a note.
OTHER_TOOLS_KINDS = {
    "note": "note", "tip": "tip", "warning": "warning", "danger": "danger", "caution": "caution",
    "important": "important", "hint": "hint", "attention": "attention", "error": "error", "seealso": "seealso",
    # MkDocs Material (its admonition types) and Docusaurus (note, tip, info, warning, danger)
    "info": "note", "abstract": "note", "summary": "note", "tldr": "note", "todo": "note", "example": "note",
    "quote": "note", "cite": "note", "success": "tip", "check": "tip", "done": "tip", "question": "hint",
    "help": "hint", "faq": "hint", "failure": "error", "fail": "error", "missing": "error", "bug": "error",
}
