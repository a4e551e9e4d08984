"""Running Sphinx for kbgen, and turning its warnings into problems with the author's paths.

Warnings are taken as Sphinx's log records, not as printed text: :class:`WarningCapture` is the
last filter of Sphinx's own warning handler, so a record reaches it exactly as Sphinx would print
it — after ``suppress_warnings`` and ``once``, with its location made ``path:line`` and its
``[type.subtype]`` tag appended — and only once: Sphinx takes that handler away while it holds
warnings back (``pending_warnings``) and hands the held records to it afterwards, and the records
of parallel (``-j``) workers are handed to it in the parent process.
"""

from __future__ import annotations

import ast
import errno
import io
import logging
import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING

from kbgen import heap
from kbgen.didyoumean import did_you_mean
from kbgen.errors import Problem, Severity
from kbgen.oserrors import find_os_error
from kbgen.sphinx_ext.staging import GENERATED
from kbgen.sphinx_ext.warning_lines import find_line

if TYPE_CHECKING:
    from sphinx.application import Sphinx

    from kbgen.model import Site

#: Warnings that are content errors even without --strict: the site would publish broken links.
ERROR_TYPES = ("myst.xref_missing", "myst.directive_unknown", "myst.role_unknown", "image.not_readable", "ref.",
               "toc.not_readable", "kbgen.image_remote", "kbgen.image_alt",
               "kbgen.error",  # kbgen's own error subtypes are all named error_*
               "myst.directive_option")  # an option MyST could not read is dropped from the page


def _unknown_option(match: re.Match[str]) -> str:
    """MyST's unknown option (which it drops) with the closest allowed option."""
    allowed = [str(name) for name in ast.literal_eval(match["a"])]
    listed = ", ".join(f":{name}:" for name in allowed) or "none"
    return (f"{{{match['d']}}} has no option :{match['o']}:{did_you_mean(match['o'], allowed, ':{}:')} "
            f"(its options: {listed})")


def _missing_target(match: re.Match[str]) -> str:
    """A link MyST could not resolve: ``#x`` (and a bare ``x``) may have meant a heading or target."""
    target = match["t"]
    if "." in target or "/" in target:
        return (f"broken link to {target!r}: no such article or file — check the name (links are relative "
                "to this article)")
    return (f"broken link to {target!r}: no heading or '({target})=' target of that name (nor an article or "
            "file) — check the name; headings are linked by their slug, as in #passo-a-passo")


#: Sphinx's wording → the author's: what is wrong and what to do.
_FRIENDLY: list[tuple[re.Pattern[str], str | Callable[[re.Match[str]], str]]] = [
    (re.compile(r"^'myst' cross-reference target not found: '(?P<t>.*)'$"),
     _missing_target),
    (re.compile(r"^Unknown source document '(?P<t>.*)'$"),
     "broken link to {t!r}: no such article — check the name (links are relative to this article)"),
    (re.compile(r"^local id not found in doc '(?P<d>.*)': '(?P<t>.*)'$"),
     "broken link to #{t} in {d!r}: that article has no heading or anchor with this id"),
    (re.compile(r"^image file not readable: (?P<t>.*)$"),
     "image {t!r} not found: put the file next to the article (e.g. img/) and check the name"),
    (re.compile(r"^'(?P<d>[\w:-]+)': Unknown option key: '(?P<o>[^']*)' \(allowed: (?P<a>\[.*\])\)$"),
     _unknown_option),
    # csv-table's :file: / :url: are file insertion (docs/security.md): refused unless trusted
    (re.compile(r'^File and URL access deactivated; ignoring "(?P<d>[\w-]+)" directive\.$'),
     "{{{d}}} cannot read a file here (:file: / :url:): write the rows in the directive's body, one CSV line "
     "each, or set 'allow_file_insertion: true' in kb.yml for trusted authors"),
    (re.compile(r"^File insertion disabled$"),
     "this directive cannot read files here: paste the text into the article, or set "
     "'allow_file_insertion: true' in kb.yml for trusted authors"),
    (re.compile(r'^(?:Directive "(?P<a>\w+)"|"(?P<b>\w+)" directive) disabled\.$'),
     "the {{{a}{b}}} directive cannot read files here: paste the text into the article, or set "
     "'allow_file_insertion: true' (file directives) / 'allow_raw_html: true' (raw) in kb.yml for trusted authors"),
    # (the path is already the author's: _problem maps the cache's source folder to the content folder)
    (re.compile(r'^Directive "(?P<d>\w+)": file not found: \'(?P<p>.*)\'$'),
     "{{{d}}}: {p} does not exist for articles — check the path (relative to this article, or /_includes/… from "
     "the content folder); articles can read the files of the set folders and of _includes/ (for shared fragments)"),
]
#: Messages that are errors whatever their level: the page would silently lose content.
_ALWAYS_ERRORS = re.compile(r"(?i)(directive.* disabled\.|^file insertion disabled|not found or reading it failed"
                            r"|:(?:parser|encoding): is refused"  # kbgen.sphinx_ext.includes
                            r"|^file and url access deactivated; ignoring .* directive\.)$")


def _friendly(message: str) -> str:
    for pattern, template in _FRIENDLY:
        match = pattern.match(message)
        if match is None:
            continue
        if isinstance(template, str):
            return template.format(**{k: v or "" for k, v in match.groupdict().items()})
        return template(match)
    return message


class SphinxFailed(Exception):
    """Sphinx stopped with an error; ``path`` is the author's file it was working on, when known,
    else ``"(build)"`` (never ``kb.yml`` for something that is not in it)."""

    def __init__(self, path: str, message: str, line: int = 0):
        super().__init__(message)
        self.path = path
        self.message = message
        self.line = line  # 1 or more in an author's file (found as for a warning without a line), else 0


@dataclass
class SphinxResult:
    problems: list[Problem] = field(default_factory=list)
    read: list[str] = field(default_factory=list)


class WarningCapture(logging.Filter):
    """Keeps the warning records Sphinx's warning handler would print, and prints none of them."""

    def __init__(self) -> None:
        super().__init__()
        self.records: list[logging.LogRecord] = []

    def filter(self, record: logging.LogRecord) -> bool:
        self.records.append(record)
        return False  # nothing to print: the records are reported as problems


def _install_capture(capture: WarningCapture) -> logging.Handler:
    """Last filter of Sphinx's warning handler (set up by ``Sphinx()``): Sphinx's filters first."""
    from sphinx.util.logging import NAMESPACE, WarningStreamHandler

    handlers = [h for h in logging.getLogger(NAMESPACE).handlers if isinstance(h, WarningStreamHandler)]
    if len(handlers) != 1:
        raise RuntimeError(f"expected Sphinx's one warning handler, found {len(handlers)}")
    handlers[0].addFilter(capture)
    return handlers[0]


@dataclass(frozen=True)
class _Warning:
    """One record, read the way kbgen has always read Sphinx's printed warning."""

    location: str  # "path:line", "path", or "" (the build as a whole)
    is_error: bool  # logged at ERROR or above
    message: str  # the first line, without the [type] tag of a one-line message
    more: tuple[str, ...]  # the further lines of a multi-line message (docutils), tag included
    kind: str  # "type.subtype", "type", or "sphinx" when untyped


def _read_record(record: logging.LogRecord) -> _Warning:
    # The message as printed, after the location: Sphinx appended the tag to ``msg``
    # (show_warning_types, which kbgen's configuration sets) before ``args`` fill it in.
    text = logging.LogRecord.getMessage(record)
    first, *more = text.splitlines() or [""]
    kind = "sphinx"
    tag = _tag(record)
    if tag and not more and first.endswith(tag):
        first, kind = first[: -len(tag)], tag[2:-1]
    # A multi-line message keeps its tag on its last line, in the text, and counts as untyped:
    # the problems kbgen has always reported for it (the lines are joined below).
    return _Warning(str(getattr(record, "location", None) or ""), record.levelno >= logging.ERROR, first,
                    tuple(more), kind)


def _tag(record: logging.LogRecord) -> str:
    """The `` [type.subtype]`` tag Sphinx's WarningLogRecordTranslator appends to the message."""
    kind = getattr(record, "type", None) or ""
    subtype = getattr(record, "subtype", None) or ""
    if not kind:
        return ""
    return f" [{kind}.{subtype}]" if subtype else f" [{kind}]"


def problems_from_records(records: list[logging.LogRecord], src: Path, root: Path,
                          body_lines: Mapping[str, int] | None = None) -> list[Problem]:
    """Sphinx's warning records → problems whose paths point into the content folder, also in
    their text, and with a line (1 or more) in an author's file; ``body_lines`` gives the first
    body line by staged path (relative to ``src``), where a line is searched when none is given."""
    return [_problem(_read_record(record), src, root, body_lines or {}) for record in records]


def _problem(warning: _Warning, src: Path, root: Path, body_lines: Mapping[str, int]) -> Problem:
    path, line = warning.location, 0
    head, _, tail = path.rpartition(":")
    if (tail.isdigit() or not tail) and head:  # "path:7", or "path:" (a node with no line)
        path, line = head, int(tail or 0)
    src_prefix = str(src) + "/"
    author_file: Path | None = None
    if path.startswith(src_prefix):
        staged = path[len(src_prefix):]
        author_file = root / staged
        path = str(author_file.relative_to(root.parent))
        if line <= 0:  # Sphinx gave none (or 0, or None): find it, an author cannot act on a whole file
            line = find_line(author_file, warning.message, body_lines.get(staged, 1))
    is_error = (warning.is_error or warning.kind.startswith(ERROR_TYPES)
                or bool(_ALWAYS_ERRORS.search(warning.message)))
    # paths Sphinx names in the text (the other instance of a label, an include's or download's
    # missing file) are its staged copies: name them as the author does, from the content folder
    text = warning.message.replace(src_prefix, f"{root.name}/")  # a file named in the message, as the author's
    message = " ".join([_friendly(text), *(part.strip() for part in warning.more if part.strip())])
    return Problem(path or "(build)", line, message, Severity.ERROR if is_error else Severity.WARNING, warning.kind)


def run_sphinx(site: Site, src: Path, out: Path, doctrees: Path, builder: str = "kbgen", jobs: int = 1,
               status: IO[str] | None = None, on_finished: Callable[[Sphinx], None] | None = None) -> SphinxResult:
    """Build ``src`` (prepared from ``site`` by :mod:`kbgen.sphinx_ext.staging`); the model reaches
    the extension as the ``kbgen_site`` configuration value, never re-read. ``on_finished`` is
    called with the application once a build has succeeded, after kbgen's own build-finished
    handlers (``kbgen export-search`` reads the article catalogue there)."""
    root = site.root
    from sphinx.application import ENV_PICKLE_FILENAME, Sphinx
    from sphinx.util.console import nocolor
    from sphinx.util.docutils import docutils_namespace, patch_docutils

    from kbgen.sphinx_ext.state import Transient  # with Sphinx: not at start-up (kbgen new, kbgen --help)

    nocolor()  # the status stream, and what Sphinx prints before the capture, as plain text

    early = io.StringIO()  # what Sphinx prints before the capture is in place: see _early_problems
    capture = WarningCapture()
    result = SphinxResult()
    from sphinx.errors import SphinxError

    finished = False

    def _finishing(_app: Sphinx, exception: Exception | None) -> None:
        nonlocal finished
        # from here on no document is being read or written (Sphinx also emits build-finished
        # with the exception that stopped it: then the current document is the one to blame)
        finished = finished or exception is None

    with patch_docutils(src), docutils_namespace():
        # Sphinx's own test: the pickle is there, so Sphinx unpickles the last build's environment
        with heap.loading_long_lived((doctrees / ENV_PICKLE_FILENAME).exists()):
            app = Sphinx(str(src), str(src), str(out), str(doctrees), builder, status=status, warning=early,
                         freshenv=False, parallel=jobs, confoverrides={"kbgen_site": Transient(site)})
        handler = _install_capture(capture)
        app.connect("env-before-read-docs", lambda _app, _env, docnames: result.read.extend(sorted(docnames)))
        app.connect("build-finished", _finishing, priority=0)
        if on_finished is not None:
            def _finished(_app: Sphinx, exception: Exception | None) -> None:
                if exception is None:
                    on_finished(_app)

            app.connect("build-finished", _finished, priority=900)
        try:
            app.build()
        except SphinxError as exc:
            if find_os_error(exc) is not None:
                raise  # a full disk or a refused write: the caller names the folder
            docname = "" if finished else _current_docname(app)
            path = _author_path(app, docname, src, root)
            line = find_line(root.parent / path, str(exc)) if path != "(build)" else 0
            raise SphinxFailed(path, str(exc), line) from exc
        finally:
            handler.removeFilter(capture)  # this build's records only
    _raise_write_failure(capture.records, out)
    body_lines = {str(a.path.relative_to(root)): a.body_line for a in site.articles.values()}
    result.problems = _early_problems(early.getvalue()) + problems_from_records(capture.records, src, root,
                                                                                body_lines)
    return result


def _early_problems(text: str) -> list[Problem]:
    """Warnings printed while ``Sphinx()`` loaded kbgen's configuration and extensions, before the
    capture could be installed: never about an author's file, so each is a build problem as printed."""
    return [Problem("(build)", 0, line.strip(), Severity.WARNING, "sphinx") for line in text.splitlines()
            if line.strip()]


#: Sphinx reports a failed write of a page, image, download or static file as a mere warning
#: (sphinx/builders/html/__init__.py): the site would be published without that file.
#: These warnings have no type: their wording is what names them.
_WRITE_FAILED = re.compile(r"(?i)^(?:error writing file|cannot copy (?:image|downloadable|static|extra) file"
                           r"|failed to copy a file|failed to write build info)")
#: A parallel worker's records come with their arguments already rendered into the text.
_WARNED_ERRNO = re.compile(r"\[Errno (\d+)\]|OSError\((\d+),")


def _raise_write_failure(records: list[logging.LogRecord], out: Path) -> None:
    """Turn the first write failure Sphinx only warned about into the OSError it was."""
    for record in records:
        if record.levelno != logging.WARNING or not _WRITE_FAILED.match(_read_record(record).message):
            continue
        number = _errno_of(record)
        raise OSError(number, os.strerror(number), str(out))


def _errno_of(record: logging.LogRecord) -> int:
    """The error number of the OSError the warning carries (its arguments, its exception), else
    the one its text shows (a parallel worker's record), else EIO."""
    args = record.args if isinstance(record.args, tuple) else ()
    carried = [*args, record.exc_info[1] if record.exc_info else None]
    for value in carried:
        found = find_os_error(value) if isinstance(value, BaseException) else None
        if found is not None and found.errno:
            return found.errno
    shown = _WARNED_ERRNO.search(logging.LogRecord.getMessage(record))
    return int(shown[1] or shown[2]) if shown else errno.EIO


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
