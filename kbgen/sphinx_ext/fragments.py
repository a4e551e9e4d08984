"""Shared fragments: ``{include}`` of a file in ``content/_includes/`` works without kb.yml's switch.

``allow_file_insertion: true`` lets articles read any file of the content (docs/security.md); a
fragment of ``_includes/`` needs no such trust: it is the content's own Markdown, and its text passes
every rule of the article that includes it. So for that one directive, and only once its path has
been checked (before anything reads the file), the include runs with file insertion on.

MyST never calls an include class's ``run()``: it hands every ``Include`` subclass to its
``MockIncludeDirective`` (myst_parser/mdit_to_docutils/base.py, ``run_directive``), which refuses
when ``document.settings.file_insertion_enabled`` is off and otherwise reads and renders the file
(myst_parser/mocking.py, ``MockIncludeDirective.run``). :class:`FragmentInclude` takes its place
(once per process, as kbgen.sphinx_ext.include_locations does for MyST's warnings) and, for kbgen's
checked include only (``kbgen_checked``, kbgen.sphinx_ext.includes):

* refuses, at the directive's line, a path that is not a regular file inside ``_includes/``: ``../``
  escapes, docutils' ``<standard>`` files, a symbolic link anywhere on the way, a pipe or device, a
  file over :data:`~kbgen.sphinx_ext.staging.FRAGMENT_BYTES` — each checked with ``lstat`` on the
  author's file (for the message) and on the staged copy (what is read);
* lets MyST's run see ``file_insertion_enabled`` on through a view of the document given to this
  directive alone: the fragment's own text is rendered into the real document, where file insertion
  stays off, so a ``{literalinclude}``, ``{raw}`` or ``{csv-table}`` ``:file:`` inside a fragment is
  refused as in an article, and an ``{include}`` inside it is checked again here;
* refuses a fragment that includes itself, directly or through others, and chains deeper than
  :data:`MAX_DEPTH` (docutils' own include has such a guard, MyST's has none: it recursed until
  Python stopped it).

With ``allow_file_insertion: true`` the location rule is the trusted one (anywhere in the content,
kbgen.sphinx_ext.safety), but a pipe, a device, an oversized file and a loop are still refused.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path, PurePosixPath
from typing import Any

from myst_parser.mdit_to_docutils import base
from myst_parser.mocking import MockIncludeDirective

from kbgen.sphinx_ext.staging import FRAGMENT_BYTES, INCLUDES
from kbgen.sphinx_ext.state import site_of

MAX_DEPTH = 8  # a fragment including a fragment … eight deep is a structure, not a help article


class _Refused(Exception):
    """The path is not a fragment the article may read; the message says why and what to do."""


class _Trusting:
    """The document as one checked include sees it: file insertion on, everything else the document's."""

    class _Settings:
        file_insertion_enabled = True

        def __init__(self, settings: Any) -> None:
            self._settings = settings

        def __getattr__(self, name: str) -> Any:
            return getattr(self._settings, name)

    def __init__(self, document: Any) -> None:
        self._document = document
        self.settings = self._Settings(document.settings)

    def __getitem__(self, key: str) -> Any:
        return self._document[key]

    def __getattr__(self, name: str) -> Any:
        return getattr(self._document, name)


def _lexical(env: Any, argument: str) -> str:
    """The file MyST will read (``env.relfn2path``), without following any symbolic link."""
    argument = "".join(part.strip() for part in argument.splitlines())
    if argument.startswith(("/", "\\")):
        return os.path.normpath(os.path.join(env.srcdir, argument.lstrip("/\\")))
    folder = os.path.dirname(str(env.doc2path(env.docname, base=False)))
    return os.path.normpath(os.path.join(env.srcdir, folder, argument))


def _walk_problem(top: Path, relative: PurePosixPath, shown: str, trusted_size: bool = False) -> str | None:
    """Why ``top/relative`` is not a fragment (``lstat`` only: nothing is opened), None when it is;
    ``"missing"`` when a part of it does not exist."""
    current = top
    for part in ("", *relative.parts):
        current = current / part if part else current
        try:
            mode = os.lstat(current)
        except FileNotFoundError:
            return "missing"
        except OSError as exc:
            return f"{shown} cannot be read ({exc.strerror})"
        if stat.S_ISLNK(mode.st_mode):
            return (f"{shown} is (or lies behind) a symbolic link: kbgen does not follow links in _includes/ — "
                    "put the file itself there")
    if not stat.S_ISREG(mode.st_mode):
        return f"{shown} is not a regular file (a folder, pipe or device): a fragment is a Markdown or text file"
    if mode.st_size > FRAGMENT_BYTES and not trusted_size:
        return (f"{shown} is {mode.st_size:,} bytes; a fragment may have at most {FRAGMENT_BYTES:,} — split it "
                "or paste the text into the articles")
    return None


def fragment_problem(env: Any, argument: str) -> str | None:
    """Why the ``{include}`` of ``argument`` may not read its file without the trusted switch."""
    shown = argument.strip()
    stripped = "".join(part.strip() for part in argument.splitlines())
    if stripped.startswith("<") and stripped.endswith(">"):
        raise _Refused(f"{{include}} {shown}: docutils' standard files are not content; articles include "
                       f"shared fragments from content/{INCLUDES}/ (write /{INCLUDES}/name.md)")
    target = Path(_lexical(env, argument))
    staged_top = Path(env.srcdir) / INCLUDES
    try:
        relative = PurePosixPath(target.relative_to(staged_top).as_posix())
    except ValueError:
        raise _Refused(f"{{include}} {shown}: articles include shared fragments from content/{INCLUDES}/ only "
                       f"(write /{INCLUDES}/name.md, relative to the content folder); reading other files needs "
                       "'allow_file_insertion: true' in kb.yml, for trusted authors") from None
    author_top = Path(site_of(env).root) / INCLUDES
    shown_path = f"content/{INCLUDES}/{relative}" if str(relative) != "." else f"content/{INCLUDES}"
    for top in (author_top, staged_top):  # the author's file for the message, the staged copy read
        problem = _walk_problem(top, relative, shown_path)
        if problem == "missing":
            return None  # MyST says the file does not exist (kbgen.sphinx_ext.sphinx_run words it)
        if problem:
            raise _Refused(f"{{include}}: {problem}")
    return None


def _trusted_problem(path: str) -> str | None:
    """With the switch on: the file may be anywhere in the content, but never a pipe, device or huge."""
    try:
        mode = os.stat(path)
    except OSError:
        return None  # MyST reports it
    if not stat.S_ISREG(mode.st_mode):
        return f"{{include}}: {path} is not a regular file (a folder, pipe or device)"
    if mode.st_size > FRAGMENT_BYTES:
        return f"{{include}}: {path} is {mode.st_size:,} bytes; an included file may have at most {FRAGMENT_BYTES:,}"
    return None


class FragmentInclude(MockIncludeDirective):
    """MyST's include, checking kbgen's includes before anything reads their file (module docstring)."""

    def run(self) -> list[Any]:
        from docutils.parsers.rst import DirectiveError

        env = self.renderer.sphinx_env
        if env is None or not getattr(self.klass, "kbgen_checked", False):
            return super().run()  # type: ignore[no-any-return]
        trusted = bool(self.document.settings.file_insertion_enabled)
        try:
            if not trusted:
                fragment_problem(env, self.arguments[0])
            _, path = env.relfn2path(self.arguments[0])
            problem = _trusted_problem(path)
            if problem:
                raise _Refused(problem)
        except _Refused as refused:
            raise DirectiveError(4, str(refused)) from None
        literal = "literal" in self.options or "code" in self.options
        chain: list[str] = self.renderer.__dict__.setdefault("_kb_fragments", [])
        if not literal and path in chain:
            names = " → ".join(_shown(env, p) for p in [*chain[chain.index(path):], path])
            raise DirectiveError(4, f"{{include}}: the fragment includes itself ({names}): remove the loop")
        if not literal and len(chain) >= MAX_DEPTH:
            raise DirectiveError(4, f"{{include}}: fragments include each other more than {MAX_DEPTH} deep: "
                                    "include the innermost ones from the article instead")
        if not trusted:
            self.document = _Trusting(self.document)  # this directive's view only (module docstring)
        chain.append(path)
        try:
            return super().run()  # type: ignore[no-any-return]
        finally:
            chain.pop()


def _shown(env: Any, path: str) -> str:
    """A staged path as the author names it: from the content folder."""
    try:
        return "content/" + Path(path).relative_to(Path(env.srcdir).resolve()).as_posix()
    except ValueError:
        return path


def setup_fragments() -> None:
    """Put :class:`FragmentInclude` where MyST's renderer looks its include up, once per process."""
    base.MockIncludeDirective = FragmentInclude  # type: ignore[attr-defined,misc]
