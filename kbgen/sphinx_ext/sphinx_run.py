"""Running Sphinx for kbgen, and turning its warnings into problems with the author's paths."""

from __future__ import annotations

import errno
import io
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING

from kbgen.errors import Problem, Severity
from kbgen.oserrors import find_os_error
from kbgen.sphinx_ext.staging import GENERATED

if TYPE_CHECKING:
    from sphinx.application import Sphinx

    from kbgen.model import Site

#: Warnings that are content errors even without --strict: the site would publish broken links.
ERROR_TYPES = ("myst.xref_missing", "myst.directive_unknown", "myst.role_unknown", "image.not_readable", "ref.",
               "toc.not_readable", "kbgen.image_remote", "kbgen.image_alt",
               "kbgen.error")  # kbgen's own error subtypes are all named error_*

_LINE = re.compile(r"^(?:(?P<loc>.*?): )?(?P<level>WARNING|ERROR|CRITICAL|SEVERE): (?P<msg>.*?)"
                   r"(?: \[(?P<type>[\w.-]+)\])?$")


#: Sphinx's wording → the author's: what is wrong and what to do.
_FRIENDLY = [
    (re.compile(r"^'myst' cross-reference target not found: '(?P<t>.*)'$"),
     "broken link to {t!r}: no such article or file — check the name (links are relative to this article)"),
    (re.compile(r"^Unknown source document '(?P<t>.*)'$"),
     "broken link to {t!r}: no such article — check the name (links are relative to this article)"),
    (re.compile(r"^local id not found in doc '(?P<d>.*)': '(?P<t>.*)'$"),
     "broken link to #{t} in {d!r}: that article has no heading or anchor with this id"),
    (re.compile(r"^image file not readable: (?P<t>.*)$"),
     "image {t!r} not found: put the file next to the article (e.g. img/) and check the name"),
    (re.compile(r"^File insertion disabled$"),
     "this directive cannot read files here: paste the text into the article, or set "
     "'allow_file_insertion: true' in kb.yml for trusted authors"),
    (re.compile(r'^(?:Directive "(?P<a>\w+)"|"(?P<b>\w+)" directive) disabled\.$'),
     "the {{{a}{b}}} directive cannot read files here: paste the text into the article, or set "
     "'allow_file_insertion: true' (file directives) / 'allow_raw_html: true' (raw) in kb.yml for trusted authors"),
]
#: Messages that are errors whatever their level: the page would silently lose content.
_ALWAYS_ERRORS = re.compile(r"(?i)(directive.* disabled\.|^file insertion disabled|not found or reading it failed)$")


def _friendly(message: str) -> str:
    for pattern, template in _FRIENDLY:
        match = pattern.match(message)
        if match:
            return template.format(**{k: v or "" for k, v in match.groupdict().items()})
    return message


class SphinxFailed(Exception):
    """Sphinx stopped with an error; ``path`` is the author's file it was working on, when known,
    else ``"(build)"`` (never ``kb.yml`` for something that is not in it)."""

    def __init__(self, path: str, message: str):
        super().__init__(message)
        self.path = path
        self.message = message


@dataclass
class SphinxResult:
    problems: list[Problem] = field(default_factory=list)
    read: list[str] = field(default_factory=list)


def parse_warnings(text: str, src: Path, root: Path) -> list[Problem]:
    """Sphinx's warning stream → problems whose paths point into the content folder."""
    problems: list[Problem] = []
    src_prefix = str(src) + "/"
    display_base = root.parent
    for raw in text.splitlines():
        match = _LINE.match(raw)
        if not match:
            if problems and raw.strip():  # continuation of a multi-line message
                last = problems[-1]
                problems[-1] = Problem(last.path, last.line, f"{last.message} {raw.strip()}", last.severity,
                                       last.code)
            continue
        loc = match["loc"] or ""
        path, line = loc, 0
        head, _, tail = loc.rpartition(":")
        if tail.isdigit() and head:
            path, line = head, int(tail)
        if path.startswith(src_prefix):
            path = str((root / path[len(src_prefix):]).relative_to(display_base))
        kind = match["type"] or "sphinx"
        is_error = (match["level"] != "WARNING" or kind.startswith(ERROR_TYPES)
                    or bool(_ALWAYS_ERRORS.search(match["msg"])))
        problems.append(Problem(path or "(build)", line, _friendly(match["msg"]),
                                Severity.ERROR if is_error else Severity.WARNING, kind))
    return problems


def run_sphinx(site: Site, src: Path, out: Path, doctrees: Path, builder: str = "kbgen", jobs: int = 1,
               status: IO[str] | None = None) -> SphinxResult:
    """Build ``src`` (prepared from ``site`` by :mod:`kbgen.sphinx_ext.staging`); the model reaches
    the extension as the ``kbgen_site`` configuration value, never re-read."""
    root = site.root
    from sphinx.application import Sphinx
    from sphinx.util.console import nocolor
    from sphinx.util.docutils import docutils_namespace, patch_docutils

    from kbgen.sphinx_ext.state import Transient  # with Sphinx: not at start-up (kbgen new, kbgen --help)

    nocolor()  # warnings are parsed, not shown as they are

    warnings = io.StringIO()
    result = SphinxResult()
    from sphinx.errors import SphinxError

    finished = False

    def _finishing(_app: Sphinx, exception: Exception | None) -> None:
        nonlocal finished
        # from here on no document is being read or written (Sphinx also emits build-finished
        # with the exception that stopped it: then the current document is the one to blame)
        finished = finished or exception is None

    with patch_docutils(src), docutils_namespace():
        app = Sphinx(str(src), str(src), str(out), str(doctrees), builder, status=status, warning=warnings,
                     freshenv=False, parallel=jobs, confoverrides={"kbgen_site": Transient(site)})
        app.connect("env-before-read-docs", lambda _app, _env, docnames: result.read.extend(sorted(docnames)))
        app.connect("build-finished", _finishing, priority=0)
        try:
            app.build()
        except SphinxError as exc:
            if find_os_error(exc) is not None:
                raise  # a full disk or a refused write: the caller names the folder
            docname = "" if finished else _current_docname(app)
            raise SphinxFailed(_author_path(app, docname, src, root), str(exc)) from exc
    _raise_write_failure(warnings.getvalue(), out)
    result.problems = parse_warnings(warnings.getvalue(), src, root)
    return result


#: Sphinx reports a failed write of a page, image, download or static file as a mere warning
#: (sphinx/builders/html/__init__.py): the site would be published without that file.
_WRITE_FAILED = re.compile(r"(?im)^.*?WARNING: (?:error writing file|cannot copy (?:image|downloadable|static|extra) "
                           r"file|failed to copy a file|failed to write build info).*$")
_WARNED_ERRNO = re.compile(r"\[Errno (\d+)\]|OSError\((\d+),")


def _raise_write_failure(text: str, out: Path) -> None:
    """Turn the first write failure Sphinx only warned about into the OSError it was."""
    for line in _WRITE_FAILED.finditer(text):
        found = _WARNED_ERRNO.search(line[0])
        number = int(found[1] or found[2]) if found else errno.EIO
        raise OSError(number, os.strerror(number), str(out))


def _current_docname(app: Sphinx) -> str:
    """The document Sphinx was reading or writing when it failed ('' between documents)."""
    reading = getattr(getattr(app.env, "current_document", None), "docname", "") or ""
    return reading or str(getattr(app.builder, "current_docname", "") or "")


def _author_path(app: Sphinx, docname: str, src: Path, root: Path) -> str:
    if not docname or docname not in app.env.found_docs:
        return "(build)"
    try:
        relative = Path(app.env.doc2path(docname)).relative_to(src)
    except ValueError:
        return "(build)"
    if str(relative) in GENERATED:
        return "(build)"  # a generated source (the home page's index.md): not the author's file
    return str((root / relative).relative_to(root.parent))
