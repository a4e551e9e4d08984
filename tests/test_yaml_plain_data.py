"""Issue 18 (10): every YAML feature beyond plain data is refused at ``path:line``, in every file kind.

PyYAML's constructors raise ``KeyError`` / ``IndexError`` / ``AttributeError`` on explicit tags with
hostile values (``faq: !!bool maybe``, ``order: !!int ""``, ``updated: !!timestamp x``); kbgen
refuses tags, anchors, aliases, merge keys, directives, complex keys, duplicate keys and extra
documents before building any value. Hypothesis fuzzes each file kind through ``kbgen check``.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kbgen.commands.check import CheckOptions, check
from kbgen.exitcodes import ExitStatus
from kbgen.yamlio import YamlError, load_yaml

from .conftest import MINIMAL

SYNONYMS = "NFS-e: [nota fiscal de serviço eletrônica]\nISS: imposto sobre serviços\n"
#: every YAML file kind kbgen reads, relative to the content folder
KINDS = ["kb.yml", "_synonyms.yml", "fiscal/_set.yml", "fiscal/escrita-fiscal/_module.yml",
         "fiscal/escrita-fiscal/como-declarar-sem-movimento.md"]


@pytest.mark.parametrize(("text", "line", "words"), [
    ("faq: !!bool maybe\n", 1, "'!!bool'"),
    ('title: x\norder: !!int ""\n', 2, "'!!int'"),
    ("updated: !!timestamp x\n", 1, "'!!timestamp'"),
    ("x: !!float abc\n", 1, "'!!float'"),
    ("x: !!binary aGk=\n", 1, "'!!binary'"),
    ("x: !!python/object/apply:os.system ['id']\n", 1, "'!!python/object/apply:os.system'"),
    ("x: !foo bar\n", 1, "'!foo'"),
    ("x: ! 12\n", 1, "'!'"),
    ("x: !<tag:yaml.org,2002:int> z\n", 1, "'!!int'"),
    ("x: !!str 3\n", 1, "'!!str'"),  # even a harmless tag: one rule, no list of good tags to keep
    ("a: 1\nx: !!set {a: null}\n", 2, "'!!set'"),
    ("x: !!omap [a: 1]\n", 1, "'!!omap'"),
    ("x: !!map {a: 1}\n", 1, "'!!map'"),
    ("x:\n  - 1\n  - !!seq\n    - 2\n", 3, "'!!seq'"),
    ("!!map\ntitle: x\n", 1, "'!!map'"),
    ("a: &x 1\n", 1, "anchors and aliases (&name / *name) are not supported (here &x)"),
    ("a: [1]\nb: *x\n", 2, "(here *x)"),
    ("base: {a: 1}\nc:\n  <<: {b: 2}\n", 3, "merge keys"),
    ("? [a, b]\n: 1\n", 1, "plain text"),
    ("? {a: 1}\n: 1\n", 1, "plain text"),
    ("title: a\ntitle: b\n", 2, "appears twice"),
    ("title: a\n---\ntitle: b\n", 2, "second YAML document"),
    ("title: a\n---\n", 2, "second YAML document"),
    ("%YAML 1.1\n---\ntitle: a\n", 1, "directives"),
    ("\n%TAG !e! tag:example.com,2000:\n---\ntitle: !e!x a\n", 2, "directives"),
])
def test_beyond_plain_data_is_refused_at_its_line(text: str, line: int, words: str) -> None:
    with pytest.raises(YamlError) as caught:
        load_yaml(text)
    assert caught.value.line == line
    assert words in caught.value.message


@pytest.mark.parametrize(("text", "value"), [
    ("---\ntitle: a\n...\n", {"title": "a"}),  # an explicit start and end of the one document
    ("1: a\ntrue: b\nnull: c\n2024-01-01: d\n", {"1": "a", "true": "b", "null": "c", "2024-01-01": "d"}),
    ("title: '!!bool maybe'\nx: \"&a *b\"\n", {"title": "!!bool maybe", "x": "&a *b"}),
    ("order: 3\nfaq: true\nupdated: 2024-01-31\n", {"order": 3, "faq": True, "updated": dt.date(2024, 1, 31)}),
])
def test_plain_data_still_loads(text: str, value: object) -> None:
    assert load_yaml(text).value == value


# -- through kbgen check, every file kind ---------------------------------------------------------

@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("yaml-pristine") / "content"
    shutil.copytree(MINIMAL, root)
    (root / "_synonyms.yml").write_text(SYNONYMS, encoding="utf-8")
    return root


@contextmanager
def _fresh_copy(pristine: Path) -> Iterator[Path]:
    """A new copy per Hypothesis example (a function-scoped fixture would be shared by all of them)."""
    work = Path(tempfile.mkdtemp(prefix="kbgen-yaml-"))
    try:
        shutil.copytree(pristine, work / "content")
        yield work / "content"
    finally:
        shutil.rmtree(work)


def _check(content: Path) -> tuple[ExitStatus, str]:
    out = io.StringIO()
    status, _problems = check(CheckOptions(source=content, cache_dir=content.parent / "cache"), out)
    return status, out.getvalue()


def _lines_about(output: str, name: str) -> list[int]:
    pattern = re.compile(rf"^content/{re.escape(name)}:(\d+): ", re.M)
    return [int(m) for m in pattern.findall(output)]


_TAGS = st.one_of(
    st.sampled_from(["!!bool", "!!int", "!!float", "!!timestamp", "!!str", "!!null", "!!binary", "!!set",
                     "!!omap", "!!pairs", "!!map", "!!seq", "!!merge", "!!python/object:os.system",
                     "!!python/name:os.system", "!", "!<tag:yaml.org,2002:int>", "!<!>"]),
    st.from_regex(r"\A!!?[a-z][a-z0-9/:._-]{0,12}\Z"),
)
_TAGGED_VALUES = st.sampled_from(["maybe", '""', "x", "aGk=", "0x_", "2024-13-45", "[1, 2]", "{a: 1}",
                                  "[a: 1]", "'texto'", "", "-1e999", "~"])


@settings(max_examples=60, deadline=None)
@given(kind=st.sampled_from(KINDS), tag=_TAGS, value=_TAGGED_VALUES, data=st.data())
def test_explicit_tags_in_any_file_kind_are_refused_at_their_line(
        pristine: Path, kind: str, tag: str, value: str, data: st.DataObject) -> None:
    path = pristine / kind
    lines = path.read_text(encoding="utf-8").splitlines()
    first, last = (1, lines.index("---", 1) - 1) if kind.endswith(".md") else (0, len(lines) - 1)
    index = data.draw(st.integers(first, last), label="line")
    key, _sep, old = lines[index].partition(": ")
    lines[index] = f"{key}: {tag} {value or old}"
    with _fresh_copy(pristine) as content:
        (content / kind).write_text("\n".join(lines) + "\n", encoding="utf-8")
        status, output = _check(content)
    assert "Traceback" not in output
    assert status == ExitStatus.CONTENT_ERROR, output
    assert index + 1 in _lines_about(output, kind), output


_YAMLISH = st.lists(st.sampled_from([
    "title", "order", "faq", "x", "a", ":", ": ", " ", "  ", "\n", "\n  ", "- ", "!", "!!", "!!bool", "!!int ",
    "!foo ", "&a ", "*a", "<<", "? ", "%YAML 1.1\n", "%TAG ! x\n", "---\n", "...\n", "[", "]", "{", "}", ",",
    "'", '"', "#", "|", ">", "\t", "1", "0x_", "2024-01-01", "\\", "é", "\u202e", "\x85", "\x1b", "~", "@", "`",
]), max_size=40).map("".join)


@settings(max_examples=80, deadline=None)
@given(kind=st.sampled_from(KINDS), text=_YAMLISH)
def test_yaml_like_text_in_any_file_kind_never_raises(pristine: Path, kind: str, text: str) -> None:
    written = f"---\n{text}\n---\n\nTexto.\n" if kind.endswith(".md") else text
    with _fresh_copy(pristine) as content:
        (content / kind).write_text(written, encoding="utf-8")
        status, output = _check(content)
    assert "Traceback" not in output
    assert status in (ExitStatus.OK, ExitStatus.CONTENT_ERROR)
    file_lines = max(1, written.count("\n") + (not written.endswith("\n")))
    for line in _lines_about(output, kind):
        assert 1 <= line <= file_lines + 1, output


_YAML_ESCAPE = {"\x85": "\\N", "\u2028": "\\L", "\u2029": "\\P"}


@pytest.mark.parametrize("char", list(_YAML_ESCAPE))
def test_hidden_line_separators_are_refused_at_the_editors_line(char: str) -> None:
    with pytest.raises(YamlError) as caught:
        load_yaml(f"description: x\ntitle: Como{char}emitir\n")
    assert caught.value.line == 2 and f"U+{ord(char):04X}" in caught.value.message
    escaped = 'title: "Como' + _YAML_ESCAPE[char] + 'emitir"\n'
    assert load_yaml(escaped).value == {"title": f"Como{char}emitir"}  # YAML's own escape: a legal title


@pytest.mark.parametrize("ending", ["\n", "\r\n", "\r"])
def test_front_matter_lines_are_the_editors_lines(ending: str) -> None:
    from kbgen.frontmatter import split_front_matter

    text = ending.join(["---", "title: a", "tags: [x]", "---", "", "Corpo \x0c com \u2028 separador", ""])
    split = split_front_matter(text)
    assert split.front.value == {"title": "a", "tags": ["x"]} and split.body_line == 5
    assert split.body.split("\n")[1] == "Corpo \x0c com \u2028 separador"
    with pytest.raises(YamlError) as caught:  # a "---" after a hidden separator does not close the front matter
        split_front_matter(ending.join(["---", "title: a\x85---", "---", "x"]))
    assert caught.value.line == 2
