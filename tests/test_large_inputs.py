"""Large inputs build (the 5 MB and 10,000-article figures are measured by bench/build/large_inputs.py)."""

from __future__ import annotations

import random
from pathlib import Path

from kbgen.exitcodes import ExitStatus

from .conftest import build_clean, run_build

MODULE = "fiscal/escrita-fiscal"


def test_list_nested_too_deep_is_an_error_not_a_silent_loss(site: Path, tmp_path: Path) -> None:
    nested = "\n".join("  " * i + f"- nível {i}" for i in range(100))
    (site / MODULE / "aninhado.md").write_text(f"---\ntitle: Aninhado\n---\n\n{nested}\n", encoding="utf-8")
    report, output = run_build(site, tmp_path)
    assert report.status == ExitStatus.CONTENT_ERROR
    # line 5 is level 0: level 9 (the first Markdown would drop) is line 14
    assert f"content/{MODULE}/aninhado.md:14: this list is nested deeper than 9 levels" in output, output


def test_nine_levels_and_a_big_article(site: Path, tmp_path: Path) -> None:
    nested = "\n".join("  " * i + f"- nível {i}" for i in range(9))
    (site / MODULE / "aninhado.md").write_text(f"---\ntitle: Aninhado\n---\n\n{nested}\n", encoding="utf-8")
    rng = random.Random(7)
    words = ["nota", "fiscal", "serviço", "cancelamento", "prazo", "contribuinte", "declaração", "imposto", "município"]
    paragraphs = [" ".join(rng.choice(words) for _ in range(100)) + "." for _ in range(1500)]  # ~1 MB
    (site / MODULE / "grande.md").write_text("---\ntitle: Grande\n---\n\n## Seção\n\n" + "\n\n".join(paragraphs),
                                             encoding="utf-8")
    out = build_clean(site, tmp_path)
    assert "nível 8" in (out / MODULE / "aninhado.html").read_text(encoding="utf-8")
    assert (out / MODULE / "grande.html").stat().st_size > 900_000


def test_file_over_the_limit_is_refused(site: Path) -> None:
    from kbgen.loading.files import MAX_FILE_BYTES
    from kbgen.loading.walker import load_site

    path = site / MODULE / "enorme.md"
    path.write_bytes(b"---\ntitle: Enorme\n---\n" + b"a" * (MAX_FILE_BYTES + 1))
    _site, problems = load_site(site)
    assert any("enorme.md:1: the file is" in p.format() and "split it" in p.message for p in problems.errors)
