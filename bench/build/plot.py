"""Draw CPU time per article of a full build against N (run by the tools venv's Python).

Standalone on purpose: it imports only matplotlib and the standard library, so it runs in
``bench/.venv-tools`` where matplotlib is, while kbgen's environment stays without it.
``python bench/build/plot.py RESULTS.json OUT.png``
"""

from __future__ import annotations

import json
import statistics
import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # no display on a build machine

import matplotlib.pyplot as plt

SERIES = (
    ("kbgen", "full", "kbgen", "#1a5e9a", "o-"),
    ("sphinx", "full", "plain Sphinx", "#c0392b", "s-"),
    ("mkdocs", "full", "MkDocs", "#7f8c8d", "^-"),
    ("kbgen", "full-j2", "kbgen -j 2", "#1a5e9a", "o:"),
    ("sphinx", "full-j2", "plain Sphinx -j 2", "#c0392b", "s:"),
)


def per_article(data: dict[str, object], tool: str, scenario: str) -> list[tuple[int, float]]:
    points = []
    sizes = data.get("sizes", {})
    assert isinstance(sizes, dict)
    for n_text, entry in sizes.items():
        runs = [r["cpu_s"] for r in entry["runs"]
                if r["tool"] == tool and r["scenario"] == scenario and r["returncode"] == 0]
        if runs:
            n = int(n_text)
            points.append((n, statistics.median(runs) * 1000 / n))
    return sorted(points)


def main(results: Path, out: Path) -> None:
    data = json.loads(results.read_text(encoding="utf-8"))
    fig, ax = plt.subplots(figsize=(7, 4.2), dpi=110)
    for tool, scenario, label, colour, style in SERIES:
        points = per_article(data, tool, scenario)
        if points:
            ax.plot([p[0] for p in points], [p[1] for p in points], style, color=colour, label=label)
    ax.set_xscale("log")
    sizes = sorted(int(n) for n in data.get("sizes", {}))
    ax.set_xticks(sizes, [f"{n:,}" for n in sizes])
    ax.minorticks_off()
    ax.set_xlabel("articles (N)")
    ax.set_ylabel("CPU ms per article, full build")
    ax.set_title("Cost per article: flat means linear")
    ax.set_ylim(bottom=0)
    ax.grid(True, which="both", alpha=0.3)
    ax.legend()
    fig.tight_layout()
    out.parent.mkdir(parents=True, exist_ok=True)
    # no Software/date metadata: the same results give the same bytes
    fig.savefig(out, metadata={"Software": None})


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
