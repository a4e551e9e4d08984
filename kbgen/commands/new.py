"""``kbgen new SET/MODULE "Título"``: start an article (and its module) without overwriting anything.

It writes only inside the content folder, only new files (``open(…, "x")``: even a dangling
symlink or a file created at the same moment is never replaced), only into real folders of that
content folder (a set or module folder that is a symlink leading out of it, a file or a dangling
link is refused), and only a title the article schema accepts, written so that kbgen's own YAML
loader reads back exactly that title. When writing fails halfway, what this run created is removed.

The one existing file it changes is a set's ``_set.yml``, when the set's ticket system needs
something of a new module (a Zendesk module tag: ``kbgen.commands.new_module_ticket``) — one line
added, written last and atomically, so that ``kbgen check`` passes right after ``kbgen new``.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from pathlib import Path

import yaml

from kbgen import urls
from kbgen.commands.new_module_ticket import add_module_tag, needed_module_field
from kbgen.commands.usage import UsageError
from kbgen.frontmatter import split_front_matter
from kbgen.text import slugify
from kbgen.validation import Invalid, short_text
from kbgen.yamlio import YamlError

ARTICLE_TEMPLATE = """---
{front}---

Escreva aqui a resposta, em passos curtos.

## Passo a passo

1. Acesse **Menu > Opção**.
"""


def _yaml_mapping(values: dict[str, str], style: str | None = None) -> str:
    # one line per key whatever its length (no folding), quoted and escaped where YAML needs it
    return yaml.safe_dump(values, allow_unicode=True, sort_keys=False, width=float("inf"), default_style=style)


def _reads_back(text: str) -> object:
    try:
        return split_front_matter(text).front.value.get("title")
    except YamlError:
        return None


def article_text(title: str) -> str:
    """The new article's Markdown; raises UsageError unless its front matter reads back as ``title``.

    PyYAML picks the plain or single-quoted style where it can, which reads best; but it writes
    U+0085, U+2028 and U+2029 raw in single quotes, where they read back as a folded space. Then
    every value is double-quoted, where YAML escapes them (\\N, \\L, \\P).
    """
    for style in (None, '"'):
        line = _yaml_mapping({"title": title}, style).removeprefix('"title": ')  # the key plain, as authors write it
        text = ARTICLE_TEMPLATE.format(front=("title: " if style else "") + line + "description:\n")
        if _reads_back(text) == title:
            return text
    raise UsageError("kbgen cannot write this title as YAML so that it reads back the same; "  # pragma: no cover
                     "change the title")


def _folder(path: Path, root: Path, what: str) -> bool:
    """True when ``path`` is a folder inside ``root``; False when it does not exist; UsageError otherwise."""
    if path.is_symlink():
        target = path.resolve()
        if not path.exists():
            raise UsageError(f"{path} is a symlink to {os.readlink(path)}, which does not exist: remove it or "
                             f"choose another {what}")
        try:
            target.relative_to(root)
        except ValueError:
            raise UsageError(f"{path} is a symlink leading outside the content folder ({target}); kbgen new "
                             f"writes only inside {root}") from None
    if path.is_dir():
        return True
    if os.path.lexists(path):
        raise UsageError(f"{path} is a file, not a {what} folder: rename it or choose another {what}")
    return False


def _create_new(path: Path, text: str) -> None:
    try:
        with open(path, "x", encoding="utf-8") as fh:  # "x": fails instead of overwriting, even in a race
            fh.write(text)
    except FileExistsError:
        raise UsageError(f"{path} already exists; kbgen never overwrites a file — choose another title") from None
    except BaseException:
        path.unlink(missing_ok=True)  # ours: created by the open above, then the write failed
        raise


def _module_name(name: str) -> tuple[str, str | None]:
    """The module's slug and title from SET/MODULE's second part: a slug ("alvara"), or the module's
    name as readers see it ("Alvará de funcionamento" → alvara-de-funcionamento, its title kept)."""
    if urls.slug_problem(name) is None or name.startswith("_"):
        return name, None
    try:
        title = short_text(name)
    except Invalid as exc:
        raise UsageError(f"the module's name: {exc}") from None
    if not slugify(title):
        raise UsageError(f"the module's name {title!r} has no letters or digits to make a folder name from")
    return slugify(title), title


def _module_yml(module_slug: str, title: str | None) -> str:
    if title is not None:
        return _yaml_mapping({"title": title})
    # only the folder name is known: its accents are not; say so where the author will look
    return ("# kbgen new: a title made from the folder name; write it as readers see it, accents included\n"
            + _yaml_mapping({"title": module_slug.replace("-", " ").capitalize()}))


def _replace(path: Path, text: str) -> None:
    """Write an existing file of the author's atomically: the old text or the new, never half of it."""
    handle, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".kbgen-new")
    temporary = Path(name)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as fh:  # newline="": the file's own ends
            fh.write(text)
        shutil.copymode(path, temporary)
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def new_article(source: Path, target: str, title: str) -> Path:
    """Create ``<source>/<set>/<module>/<slug>.md``; return its path."""
    parts = target.strip("/").split("/")
    if len(parts) != 2:
        raise UsageError(f"expected SET/MODULE, such as fiscal/nota-fiscal-eletronica; found {target!r}")
    set_slug, (module_slug, module_title) = parts[0], _module_name(parts[1])
    for name in (set_slug, module_slug):
        problem = urls.slug_problem(name)
        if problem:
            raise UsageError(problem)
    try:
        title = short_text(title)  # exactly what an article's front matter accepts
    except Invalid as exc:
        raise UsageError(f"the title: {exc}") from None
    slug = slugify(title)
    if not slug:
        raise UsageError("the title has no letters or digits to make a file name from")
    problem = urls.slug_problem(slug)
    if problem:
        raise UsageError(f"the title gives the file name {slug!r}: {problem}")
    if not source.is_dir():
        raise UsageError(f"the content folder {source} does not exist; pass --source FOLDER")
    root = source.resolve()
    set_dir = source / set_slug
    if not _folder(set_dir, root, "set") or not (set_dir / "_set.yml").is_file():
        raise UsageError(f"the set {set_slug!r} does not exist: create {set_dir / '_set.yml'} with 'title:' and "
                         "'email:' first")
    module_dir = set_dir / module_slug
    article = module_dir / f"{slug}.md"
    text = article_text(title)
    module_file = module_dir / "_module.yml"
    set_file = set_dir / "_set.yml"
    set_edit = None  # a new module of a set whose ticket system needs its tag (Zendesk module_tags)
    if not os.path.lexists(module_file):
        field = needed_module_field(source, set_dir, module_slug)
        if field:
            set_edit = add_module_tag(set_file, module_slug, field)  # refused here, before any write
    created: list[Path] = []
    try:
        if not _folder(module_dir, root, "module"):
            module_dir.mkdir()
            created.append(module_dir)
        if os.path.lexists(article):
            raise UsageError(f"{article} already exists; kbgen never overwrites a file — choose another title")
        if not os.path.lexists(module_file):
            _create_new(module_file, _module_yml(module_slug, module_title))
            created.append(module_file)
        _create_new(article, text)
        created.append(article)
        if set_edit is not None:
            original, edited = set_edit
            if set_file.read_bytes() != original.encode("utf-8"):
                raise UsageError(f"{set_file} changed while kbgen new ran; nothing was created — run it again")
            _replace(set_file, edited)  # last: what fails before leaves the set's file as it was
    except OSError as exc:
        _remove(created)
        where = exc.filename or module_dir
        raise UsageError(f"cannot write {where}: {exc.strerror or exc}; nothing was created") from None
    except BaseException:
        _remove(created)
        raise
    return article


def _remove(created: list[Path]) -> None:
    """Undo this run's files and folders (newest first); what was there before is never touched."""
    for path in reversed(created):
        with contextlib.suppress(OSError):  # best effort: the error being reported matters more
            path.rmdir() if path.is_dir() and not path.is_symlink() else path.unlink()
