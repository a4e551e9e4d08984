"""Which roles and directives authors may use: every one registered in kbgen's build, decided here.

docutils, Sphinx (and its domains), MyST and sphinx-design register about 330 roles and
directives. Each is either allowed — its values reach the page escaped, and
tests/test_markup_policy.py uses it with hostile values — or disabled: using it is an error
at its line. A role or directive that appears later (a new version of a package) is disabled
until it is added here: :func:`registered` lists what a running build has, and the same test
fails when that list and :data:`POLICY` differ, or when docs/security.md's table is stale.

The policy is enforced where names are looked up: Sphinx parses each document inside its
``sphinx_domains`` dispatcher and emits ``source-read`` there; kbgen stacks its own dispatcher
on top for the parse of that document (Sphinx's ``__exit__`` restores docutils' own). The
decision is made on the object a name resolves to, so a domain's short name (``function`` for
``py:function``) or a translated docutils name gets the same answer as its canonical name.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from types import ModuleType
from typing import Any

from docutils import nodes
from docutils.parsers.rst import Directive, directives, roles
from docutils.utils import Reporter
from sphinx.application import Sphinx
from sphinx.util import logging
from sphinx.util.docutils import CustomReSTDispatcher

from kbgen.didyoumean import did_you_mean
from kbgen.sphinx_ext.icon_policy import FA_ROLES, ICON_ROLES, icon_problem
from kbgen.sphinx_ext.includes import checked_include
from kbgen.sphinx_ext.locations import included_location

logger = logging.getLogger(__name__)

ALLOWED = "allowed"
DISABLED = "disabled"


@dataclass(frozen=True)
class Rule:
    kind: str  # "directive" or "role"
    decision: str
    why: str
    names: tuple[str, ...]


def _names(text: str) -> tuple[str, ...]:
    return tuple(sorted(text.split()))


_BADGES = " ".join(
    f"bdg{kind}{colour}{line}" for kind in ("", "-link", "-ref")
    for colour in ("", "-primary", "-secondary", "-success", "-danger", "-warning", "-info", "-light", "-dark",
                   "-muted", "-black", "-white")
    for line in ("", "-line") if colour or not line
)

RULES: tuple[Rule, ...] = (
    # --- directives ---------------------------------------------------------------------------
    Rule("directive", ALLOWED, "admonitions: text and classes, escaped", _names(
        "admonition attention caution danger error hint important note seealso tip warning")),
    Rule("directive", ALLOWED, "images: the file must be an allow-listed image (kbgen.assets); sizes become "
         "attributes or classes, never style=\"\"", _names("image figure figure-md")),
    Rule("directive", ALLOWED, "tables: cells are Markdown; :widths: become classes; csv-table's :file:/:url: "
         "follow allow_file_insertion", _names("table list-table csv-table")),
    Rule("directive", ALLOWED, "code: highlighted as text, escaped", _names(
        "code code-block sourcecode parsed-literal highlight")),
    Rule("directive", ALLOWED, "text blocks: escaped; :class: is normalised to an identifier", _names(
        "container compound epigraph highlights pull-quote line-block rubric sidebar topic centered hlist "
        "class rst-class cssclass")),
    Rule("directive", ALLOWED, "substitution text (in {eval-rst}): plain text", _names("replace unicode date")),
    Rule("directive", ALLOWED, "version notes: text, escaped", _names(
        "versionadded versionchanged deprecated versionremoved version-added version-changed "
        "version-deprecated version-removed")),
    Rule("directive", ALLOWED, "glossary: terms for {term} links", _names("std:glossary")),
    Rule("directive", ALLOWED, "sphinx-design layout: classes normalised, links checked like any link, images "
         "like any image", _names(
             "grid grid-item grid-item-card card card-carousel card-header card-footer dropdown tab-set "
             "tab-item tab-set-code button-link button-ref div article-info aside accordion step steps")),
    Rule("directive", ALLOWED, "only when kb.yml trusts the authors (allow_raw_html / allow_file_insertion), "
         "except {include} of a shared fragment in content/_includes/ (checked before it is read); "
         "otherwise an error", _names("raw include literalinclude")),
    Rule("directive", DISABLED, "changes the page's <head> or title, or the parser itself (meta tags can "
         "redirect; role defines new roles, e.g. from raw)", _names(
             "meta title role default-role default-domain header footer")),
    Rule("directive", DISABLED, "math needs MathJax from another host (a script the CSP blocks)", _names("math")),
    Rule("directive", DISABLED, "navigation and indexes are kbgen's own (toctree would break the site's tree)",
         _names("toctree contents sectnum index target-notes only tabularcolumns acks")),
    Rule("directive", DISABLED, "authorship notes are not shown on a help center", _names(
        "sectionauthor moduleauthor codeauthor")),
    Rule("directive", DISABLED, "programming-language and reST documentation (Sphinx domains): not help-center "
         "content", _names(
             "describe object py:attribute py:class py:classmethod py:currentmodule py:data py:decorator "
             "py:decoratormethod py:exception py:function py:method py:module py:property py:staticmethod py:type "
             "c:alias c:enum c:enumerator c:function c:macro c:member c:namespace c:namespace-pop "
             "c:namespace-push c:struct c:type c:union c:var cpp:alias cpp:class cpp:concept cpp:enum "
             "cpp:enum-class cpp:enum-struct cpp:enumerator cpp:function cpp:member cpp:namespace "
             "cpp:namespace-pop cpp:namespace-push cpp:struct cpp:type cpp:union cpp:var js:attribute js:class "
             "js:data js:function js:method js:module rst:directive rst:directive:option rst:role std:cmdoption "
             "std:confval std:envvar std:option std:productionlist std:program")),
    Rule("directive", DISABLED, "test and self-documentation directives", _names(
        "restructuredtext-test-directive _all-octicon")),
    # --- roles --------------------------------------------------------------------------------
    Rule("role", ALLOWED, "inline text: escaped", _names(
        "emphasis strong literal code subscript superscript abbr abbreviation acronym kbd guilabel "
        "menuselection file samp command dfn mailheader makevar mimetype newsgroup program regexp "
        "title-reference")),
    Rule("role", ALLOWED, "links inside the site (checked like Markdown links)", _names(
        "std:ref std:doc std:term std:numref any download")),
    Rule("role", ALLOWED, "icons: name looked up in sphinx-design's set; size must be <number>px|em|rem and "
         "classes identifiers (checked by kbgen, the SVG is written raw)", _names(
             "octicon material-regular material-outlined material-round material-sharp material-twotone")),
    Rule("role", ALLOWED, "Font Awesome classes on an empty <span> (escaped; no font is loaded)", _names(
        "fa fas fab far fa-solid fa-brands fa-regular")),
    Rule("role", ALLOWED, "badges: text escaped; -link badges are links checked like any link", _names(_BADGES)),
    Rule("role", ALLOWED, "MyST substitution reference (its values come from kbgen, never front matter)",
         _names("sub-ref")),
    Rule("role", ALLOWED, "only when kb.yml has allow_raw_html: true; otherwise an error", _names("raw")),
    Rule("role", DISABLED, "math needs MathJax from another host (a script the CSP blocks)", _names(
        "math eq math:numref")),
    Rule("role", DISABLED, "index entries and external references to programming resources", _names(
        "index pep rfc cve cwe manpage std:keyword std:token std:option std:envvar std:confval")),
    Rule("role", DISABLED, "docutils' internal names: not meant to be written", _names(
        "anonymous-reference citation-reference footnote-reference named-reference pep-reference "
        "rfc-reference substitution-reference target uri-reference restructuredtext-unimplemented-role")),
    Rule("role", DISABLED, "programming-language documentation (Sphinx domains)", _names(
        "py:attr py:class py:const py:data py:deco py:exc py:func py:meth py:mod py:obj py:type "
        "c:data c:enum c:enumerator c:expr c:func c:macro c:member c:struct c:texpr c:type c:union c:var "
        "cpp:any cpp:class cpp:concept cpp:enum cpp:enumerator cpp:expr cpp:func cpp:member cpp:struct "
        "cpp:texpr cpp:type cpp:union cpp:var js:attr js:class js:data js:func js:meth js:mod rst:dir rst:role")),
)


def policy(kind: str) -> dict[str, str]:
    """Name → decision for ``kind`` ("directive" or "role")."""
    return {name: rule.decision for rule in RULES if rule.kind == kind for name in rule.names}


def allowed_names(kind: str) -> list[str]:
    """The names an author may write for ``kind``, as written (``std:glossary`` is ``glossary``)."""
    return sorted({name.removeprefix("std:") for name, decision in policy(kind).items() if decision == ALLOWED})


def registered(app: Sphinx) -> dict[str, set[str]]:
    """Every role and directive name a running build resolves: docutils' registries and every domain's."""
    found = {"directive": set(directives._directive_registry) | set(directives._directives),  # type: ignore[attr-defined]
             "role": set(roles._role_registry) | set(roles._roles)}  # type: ignore[attr-defined]
    for domain_name, domain in app.env.domains.items():
        found["directive"] |= {f"{domain_name}:{name}" for name in domain.directives}
        found["role"] |= {f"{domain_name}:{name}" for name in domain.roles}
    return found


def markdown_table() -> str:
    """The table of docs/security.md (a test keeps the file equal to it)."""
    lines = ["| kind | names | decision | why |", "|---|---|---|---|"]
    for rule in RULES:
        names = ", ".join(f"`{name}`" for name in rule.names)
        lines.append(f"| {rule.kind} | {names} | {rule.decision} | {rule.why} |")
    return "\n".join(lines) + "\n"


# --- enforcement ------------------------------------------------------------------------------

def _any_value(value: str | None) -> str:
    return value or ""


class _Disabled(Directive):  # type: ignore[misc]
    """Stands in for a disabled directive once the error is reported: outputs nothing."""

    has_content = True
    optional_arguments = 100
    final_argument_whitespace = True

    class _AnyOption(dict[str, Callable[[str | None], Any]]):
        def __contains__(self, key: object) -> bool:
            return True

        def __getitem__(self, key: str) -> Callable[[str | None], Any]:
            return _any_value

        def get(self, key: str, default: Any = None) -> Callable[[str | None], Any]:  # type: ignore[override]
            return _any_value

    option_spec = _AnyOption()

    def run(self) -> list[nodes.Node]:
        return []


def _disabled_role(name: str, rawtext: str, text: str, lineno: int, inliner: Any,
                   options: dict[str, Any] | None = None, content: list[str] | None = None
                   ) -> tuple[list[nodes.Node], list[nodes.system_message]]:
    return [], []


def _checked_icon_role(role_name: str, role: Any, dispatcher: PolicyDispatcher) -> Any:
    def run(name: str, rawtext: str, text: str, lineno: int, inliner: Any,
            options: dict[str, Any] | None = None, content: list[str] | None = None
            ) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        problem = icon_problem(role_name, text)
        if problem:
            dispatcher.error(lineno, "{%s}`%s`: %s", role_name, text[:60], problem)
            return [], []
        return role(name, rawtext, text, lineno, inliner, options or {}, content or [])  # type: ignore[no-any-return]

    return run


class PolicyDispatcher(CustomReSTDispatcher):
    """Answers every role and directive lookup of one document with the policy's decision."""

    def __init__(self, known: dict[str, dict[int, list[str]]], env: Any):
        super().__init__()
        self.known = known  # kind -> id(resolved object) -> its registered names
        self.env = env

    def decide(self, kind: str, typed: str, found: object) -> tuple[str, str]:
        """(name shown, decision): by the name as typed, else by every registered name of the object."""
        decided = policy(kind)
        typed = typed.lower()
        if typed in decided:
            return typed, decided[typed]
        names = self.known[kind].get(id(found), [])
        if names and all(decided.get(n) == ALLOWED for n in names):
            return names[0], ALLOWED
        return (names[0] if names else typed), DISABLED

    def directive(self, directive_name: str, language_module: ModuleType, document: nodes.document
                  ) -> tuple[type[Directive] | None, list[nodes.system_message]]:
        found, messages = super().directive(directive_name, language_module, document)
        if found is None:  # reported here, with a suggestion, instead of docutils' "Unknown directive type"
            self.error(int(getattr(document, "current_line", None) or 0),
                       "there is no {%s} directive%s (docs/security.md lists the ones articles may use)",
                       directive_name, did_you_mean(directive_name, allowed_names("directive"), "{{{}}}"))
            return _Disabled, messages
        name, decision = self.decide("directive", directive_name, found)
        if decision == DISABLED:
            self.error(int(getattr(document, "current_line", None) or 0),
                       "the {%s} directive is not available in kbgen articles (see docs/security.md)", name,
                       source=document.get("source"))
            return _Disabled, messages
        return checked_include(found), messages  # an include's :parser: and :encoding: are checked

    def role(self, role_name: str, language_module: ModuleType, lineno: int, reporter: Reporter
             ) -> tuple[Any, list[nodes.system_message]]:
        found, messages = super().role(role_name, language_module, lineno, reporter)
        if found is None:  # reported here, with a suggestion, instead of 'Unknown interpreted text role'
            self.error(lineno, "there is no {%s} role%s (docs/security.md lists the ones articles may use)",
                       role_name, did_you_mean(role_name, allowed_names("role"), "{{{}}}"))
            return _disabled_role, messages
        name, decision = self.decide("role", role_name, found)
        if decision == DISABLED:
            self.error(lineno, "the {%s} role is not available in kbgen articles (see docs/security.md)", name,
                       source=getattr(reporter, "source", None))
            return _disabled_role, messages
        if name in ICON_ROLES or name in FA_ROLES:
            return _checked_icon_role(name, found, self), messages
        return found, messages

    def error(self, line: int, message: str, *args: object, source: str | None = None) -> None:
        """At the article's line, or at the included file's (``source``, while an {include} is parsed)."""
        docname = self.env.docname
        location = included_location(docname, source, str(self.env.doc2path(docname)), line)
        logger.warning(message, *args, location=location, type="kbgen", subtype="error_markup")


def resolve_all(app: Sphinx) -> dict[str, dict[int, list[str]]]:
    """id(object) → its registered names, for every role and directive of the build."""
    from docutils.frontend import get_default_settings
    from docutils.parsers.rst import Parser
    from docutils.parsers.rst.languages import en
    from docutils.utils import new_document

    document = new_document("<policy>", get_default_settings(Parser))
    document.reporter = Reporter("<policy>", Reporter.SEVERE_LEVEL + 1, Reporter.SEVERE_LEVEL + 1)
    result: dict[str, dict[int, list[str]]] = {"directive": {}, "role": {}}
    for kind, names in registered(app).items():
        for name in sorted(names):
            found = _resolve(app, kind, name, en, document)
            if found is not None:
                result[kind].setdefault(id(found), []).append(name)
    return result


def _resolve(app: Sphinx, kind: str, name: str, language: ModuleType, document: nodes.document) -> Any:
    if ":" in name:
        domain_name, _, local = name.partition(":")
        domain = app.env.domains[domain_name]
        return domain.directive(local) if kind == "directive" else domain.role(local)
    if kind == "directive":
        return directives.directive(name, language, document)[0]
    return roles.role(name, language, 0, document.reporter)[0]


class _Installer:
    """Stacks the policy's dispatcher for each document; what names resolve to is found once a build."""

    def __init__(self) -> None:
        self.known: dict[str, dict[int, list[str]]] | None = None

    def __call__(self, app: Sphinx, docname: str, source: list[str]) -> None:
        if self.known is None:
            self.known = resolve_all(app)
        # inside Sphinx's sphinx_domains() for this document: its __exit__ restores docutils' lookups
        PolicyDispatcher(self.known, app.env).enable()


def setup_markup_policy(app: Sphinx) -> None:
    app.connect("source-read", _Installer(), priority=100)
