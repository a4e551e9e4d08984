"""Bad input never crashes: hypothesis throws wrong shapes, encodings and bytes at every file kind.

Every run either succeeds or ends with exit status 1 and ``path:line: message`` lines naming the
problem — never a traceback, never an exception out of kbgen.
"""

from __future__ import annotations

import io
import re
import shutil
import tempfile
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kbgen.commands.build import BuildOptions, build
from kbgen.commands.check import CheckOptions, check
from kbgen.exitcodes import ExitStatus
from kbgen.loading.walker import load_site

from .conftest import MINIMAL

FILES = ["kb.yml", "fiscal/_set.yml", "fiscal/escrita-fiscal/_module.yml", "_synonyms.yml",
         "fiscal/escrita-fiscal/como-declarar-sem-movimento.md"]
_PROBLEM_LINE = re.compile(r"^content/[^:\s]+(?::\d+)?: .+")

scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=30),
                    st.dates())
values = st.recursive(scalars, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                      st.dictionaries(st.text(max_size=10), inner, max_size=4)),
                      max_leaves=12)
keys = st.sampled_from(["title", "description", "email", "language", "base_url", "color", "order", "faq", "tags",
                        "aliases", "updated", "review_by", "phone", "hours", "icon", "logo", "x", "NFS-e"])
mappings = st.dictionaries(keys, values, max_size=6)
nasty_text = st.text(alphabet=st.characters(codec="utf-8"), max_size=200)
raw_bytes = st.one_of(
    st.binary(max_size=300),
    nasty_text.map(lambda t: ("\ufeff" + t.replace("\n", "\r\n")).encode()),
    st.just(b"title: \xff\xfe\n"),
    st.just(b"a: &x [1]\nb: *x\n"),
    st.just(b"title: !!python/object/apply:os.system ['id']\n"),
    st.just(b"title: [" * 300),
    st.just(b""),
    st.just(b"\x00\x01\x02"),
)


def _file_bytes(name: str, data: Any) -> bytes:
    if isinstance(data, bytes):
        return data
    text = yaml.safe_dump(data, allow_unicode=True)
    return (f"---\n{text}---\n\nTexto.\n" if name.endswith(".md") else text).encode()


def _site_with(name: str, content: bytes) -> Path:
    root = Path(tempfile.mkdtemp(prefix="kbgen-fuzz-"))
    shutil.copytree(MINIMAL, root / "content")
    target = root / "content" / name
    target.write_bytes(content)
    return root


def _assert_reported(output: str) -> None:
    assert "Traceback" not in output
    lines = [line for line in output.splitlines() if line and not line.startswith("kbgen:")]
    assert lines, output
    assert all(_PROBLEM_LINE.match(line) for line in lines), output


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(name=st.sampled_from(FILES), data=st.one_of(mappings, values, raw_bytes))
def test_load_site_never_raises(name: str, data: Any) -> None:
    root = _site_with(name, _file_bytes(name, data))
    try:
        _site, problems = load_site(root / "content")
        for problem in problems.items:
            assert problem.path.startswith("content/") and problem.line >= 0 and problem.message
    finally:
        shutil.rmtree(root)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(name=st.sampled_from(FILES), data=st.one_of(mappings, raw_bytes))
def test_build_and_check_fail_cleanly(name: str, data: Any) -> None:
    root = _site_with(name, _file_bytes(name, data))
    try:
        out = io.StringIO()
        report = build(BuildOptions(source=root / "content", out=root / "out", cache_dir=root / "cache"), out)
        checked = io.StringIO()
        status, _problems = check(CheckOptions(source=root / "content", cache_dir=root / "cache"), checked)
        assert report.status in (ExitStatus.OK, ExitStatus.CONTENT_ERROR)
        assert (report.status == ExitStatus.CONTENT_ERROR) == (status == ExitStatus.CONTENT_ERROR)
        if report.status == ExitStatus.CONTENT_ERROR:
            _assert_reported(out.getvalue())
            assert not (root / "out").exists()
    finally:
        shutil.rmtree(root)


@settings(max_examples=40, deadline=None)
@given(body=nasty_text)
def test_any_article_body_builds_or_reports(body: str) -> None:
    root = _site_with(FILES[-1], f"---\ntitle: Teste\n---\n\n{body}\n".encode())
    try:
        out = io.StringIO()
        report = build(BuildOptions(source=root / "content", out=root / "out", cache_dir=root / "cache"), out)
        if report.status != ExitStatus.OK:
            assert report.status == ExitStatus.CONTENT_ERROR
            _assert_reported(out.getvalue())
    finally:
        shutil.rmtree(root)
