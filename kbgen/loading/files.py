"""Reading an author's files: never through a symlink leading out of the content folder, never a
file too large to be an article, always validated against its schema with the line of each problem."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from kbgen.assets import IMAGE_TYPES, content_problem
from kbgen.errors import OUTSIDE_SYMLINK, ProblemList
from kbgen.frontmatter import decode_source
from kbgen.set_icons import icon_path, set_icon
from kbgen.validation import Schema, image_path, site_path, validate
from kbgen.yamlio import Located, YamlError, load_yaml

MAX_FILE_BYTES = 20_000_000  # a help article is a few KB; 20 MB is a mistake (or an attack), not an article


def read_yaml_file(path: Path, schema: Schema, problems: ProblemList,
                    keep: list[Located] | None = None) -> dict[str, Any] | None:
    """The file's validated values; ``keep`` receives its line map, for checks made later."""
    try:
        located = load_yaml(decode_source(read_bytes(path, problems.root)))
    except YamlError as exc:
        problems.error(path, exc.line, exc.message, exc.code or "yaml")
        return None
    except OSError as exc:
        problems.error(path, 0, f"cannot read the file: {exc.strerror}", "io")
        return None
    if keep is not None:
        keep.append(located)
    return validated(path, located, schema, problems)


def validated(path: Path, located: Located, schema: Schema, problems: ProblemList) -> dict[str, Any] | None:
    values, field_problems = validate(schema, located.value)
    for fp in field_problems:
        line = located.line_of(fp.key)
        problems.error(path, line, fp.message, "schema")
    failed = bool(field_problems)
    for f in schema.fields:
        # paths to files (logo, icon) are relative to the content folder and must exist there
        relative = _file_value(f.convert, values.get(f.name))
        if relative:
            target = problems.root / relative
            line = located.lines.get(f.name, located.line)
            if not target.is_file() or outside(target, problems.root):
                problems.error(path, line, f"{f.name!r}: no file {relative} in the content folder", "missing")
                failed = True
            elif f.convert is not site_path and (problem := content_problem(target, IMAGE_TYPES)):
                # published on the site's origin (kbgen.assets): its content must be a passive image
                problems.error(path, line, f"{f.name!r}: {relative}: {problem}", "asset")
                failed = True
    return None if failed else values


def _file_value(convert: Any, value: Any) -> str | None:
    """The content-relative file a field's value names: a path field's value, a set icon's path (not
    its named icons), else None."""
    if not value:
        return None
    if convert in (site_path, image_path):
        return str(value)
    return icon_path(value) if convert is set_icon else None


def read_bytes(path: Path, root: Path) -> bytes:
    """An author's file, refused when it is (or lies behind) a symlink leading out of ``root``:
    its text would otherwise be echoed in problem messages and published."""
    if outside(path, root):
        raise YamlError(0, OUTSIDE_SYMLINK, "path")
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise YamlError(1, f"the file is {size} bytes; the limit is {MAX_FILE_BYTES} — split it")
    return path.read_bytes()


def outside(path: Path, root: Path) -> bool:
    """True for a symlink (or a file behind one) that leads out of the content folder."""
    try:
        path.resolve().relative_to(root.resolve())
    except ValueError:
        return True
    return False


def entries(folder: Path, root: Path, problems: ProblemList) -> list[Path]:
    """A folder's entries sorted by name, without hidden files and symlinks leading outside."""
    result = []
    for entry in sorted(folder.iterdir(), key=lambda p: p.name):
        if entry.name.startswith("."):
            continue
        if entry.is_symlink() and outside(entry, root):
            problems.error(entry, 0, OUTSIDE_SYMLINK, "path")
            continue
        result.append(entry)
    return result
