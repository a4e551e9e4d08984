"""Large inputs (issue 9): a 5 MB article, 10,000 articles in one module, a 100-level nested list.

    python -m bench.build.large_inputs [--articles 10000]

Each case is built in its own `kbgen build` process; CPU seconds and peak memory (ru_maxrss of
the child) go to bench/results/large-inputs.json. The nested list is expected to fail with a
clear error (Markdown would silently drop the levels below the 9th); the others must build.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from bench import paths

MINIMAL = paths.REPO / "tests" / "fixtures" / "minimal"  # read as data: the smallest valid help center
RESULTS = paths.RESULTS / "large-inputs.json"
WORDS = ["nota", "fiscal", "serviço", "eletrônica", "cancelamento", "prazo", "contribuinte", "declaração", "imposto",
         "município", "sistema", "guia", "recolhimento", "competência", "tomador", "prestador"]


def _paragraphs(rng: random.Random, size: int) -> str:
    out, total = [], 0
    while total < size:
        paragraph = " ".join(rng.choice(WORDS) for _ in range(120)) + "."
        out.append(paragraph)
        total += len(paragraph) + 2
    return "\n\n".join(out)


def big_article(root: Path) -> None:
    body = _paragraphs(random.Random(1), 5_000_000)
    (root / "fiscal/escrita-fiscal/artigo-de-5-mb.md").write_text(
        f"---\ntitle: Artigo de 5 MB\ndescription: Um artigo enorme.\n---\n\n## Seção\n\n{body}\n", encoding="utf-8")


def many_articles(root: Path, count: int) -> None:
    module = root / "rh" / "folha-de-pagamento"
    rng = random.Random(2)
    for i in range(count):
        (module / f"artigo-{i:05d}.md").write_text(
            f"---\ntitle: Artigo {i:05d} sobre a folha\ndescription: Resumo {i}.\n---\n\n## Passos\n\n"
            f"{_paragraphs(rng, 1500)}\n", encoding="utf-8")


def nested_list(root: Path) -> None:
    items = "\n".join("  " * i + f"- nível {i}" for i in range(100))
    (root / "fiscal/escrita-fiscal/lista-aninhada.md").write_text(
        f"---\ntitle: Lista aninhada\ndescription: Cem níveis.\n---\n\n{items}\n", encoding="utf-8")


def run_case(name: str, prepare: Callable[..., None], *args: object) -> dict[str, object]:
    work = Path(tempfile.mkdtemp(prefix=f"kbgen-large-{name}-"))
    try:
        content = work / "content"
        shutil.copytree(MINIMAL, content)
        prepare(content, *args)
        process = subprocess.Popen([sys.executable, "-m", "kbgen", "build", "--source", str(content), "--out",
                                    str(work / "out"), "--cache-dir", str(work / "cache")],
                                   stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        _pid, status, usage = os.wait4(process.pid, 0)
        stderr = process.stderr.read() if process.stderr else ""
        return {"case": name, "exit": os.waitstatus_to_exitcode(status),
                "cpu_s": round(usage.ru_utime + usage.ru_stime, 1), "peak_mb": round(usage.ru_maxrss / 1024),
                "message": stderr.strip().splitlines()[0] if stderr.strip() else ""}
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    args = parser.parse_args()
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    results = [run_case("5 MB article", big_article), run_case("100-level nested list", nested_list),
               run_case(f"{args.articles} articles in one module", many_articles, args.articles)]
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    for r in results:
        print(f"{r['case']}: exit {r['exit']}, {r['cpu_s']} s CPU, {r['peak_mb']} MB  {str(r['message'])[:100]}")


if __name__ == "__main__":
    main()
