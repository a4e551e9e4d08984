"""The folders every benchmark shares: its builds under ``bench/out/`` (git-ignored), its results
under ``bench/results/`` (committed, read by the report renderers)."""

from __future__ import annotations

from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
OUT = BENCH / "out"
RESULTS = BENCH / "results"
