"""Charts as inline SVG: readable without JavaScript, nothing downloaded, printable.

Each chart also has its numbers in text (a <title> per bar, a table beside it), so a screen
reader and a reader of the printout get the figures, not only the shapes.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

_WIDTH = 640
_HEIGHT = 120
_BAR_HEIGHT = 18


def columns(values: Sequence[int], labels: Sequence[str], title: str) -> str:
    """One column per value (per day or week), on a scale of the largest; labels name the first and last."""
    top = max(values, default=0) or 1
    step = _WIDTH / max(len(values), 1)
    bars = []
    for i, (value, label) in enumerate(zip(values, labels, strict=True)):
        height = round(value / top * (_HEIGHT - 30), 1)  # below the "max" label
        bars.append(f'<rect x="{i * step:.1f}" y="{_HEIGHT - 16 - height}" width="{max(step - 1, 0.5):.1f}" '
                    f'height="{height}" class="bar"><title>{escape(label)}: {value:,}</title></rect>')
    ends = ""
    if labels:
        ends = (f'<text x="0" y="{_HEIGHT - 2}" class="axis">{escape(labels[0])}</text>'
                f'<text x="{_WIDTH}" y="{_HEIGHT - 2}" class="axis" text-anchor="end">{escape(labels[-1])}</text>')
    return (f'<svg viewBox="0 0 {_WIDTH} {_HEIGHT}" role="img" aria-label="{escape(title)}" class="chart">'
            f'<title>{escape(title)}</title>'
            f'<text x="{_WIDTH}" y="10" class="axis" text-anchor="end">max {top:,}</text>{"".join(bars)}{ends}</svg>')


def bar(share: float, width: int = 120) -> str:
    """A horizontal bar for a share from 0 to 1 (the helpful share, in the votes table)."""
    filled = round(max(0.0, min(share, 1.0)) * width, 1)
    return (f'<svg viewBox="0 0 {width} 12" width="{width}" height="12" aria-hidden="true" class="share">'
            f'<rect width="{width}" height="12" class="track"/><rect width="{filled}" height="12" class="bar"/></svg>')


def rows(values: Sequence[tuple[str, int]], title: str) -> str:
    """Horizontal bars, one per (label, value), largest first as given."""
    top = max((v for _, v in values), default=0) or 1
    height = _BAR_HEIGHT * len(values) + 4
    label_width = 260
    parts = []
    for i, (label, value) in enumerate(values):
        y = i * _BAR_HEIGHT
        length = round(value / top * (_WIDTH - label_width - 60), 1)
        short = label if len(label) <= 40 else label[:39] + "…"
        parts.append(f'<text x="{label_width - 6}" y="{y + 13}" text-anchor="end" class="label">{escape(short)}</text>'
                     f'<rect x="{label_width}" y="{y + 2}" width="{length}" height="{_BAR_HEIGHT - 5}" class="bar">'
                     f'<title>{escape(label)}: {value:,}</title></rect>'
                     f'<text x="{label_width + length + 4}" y="{y + 13}" class="axis">{value:,}</text>')
    return (f'<svg viewBox="0 0 {_WIDTH} {height}" role="img" aria-label="{escape(title)}" class="chart">'
            f'<title>{escape(title)}</title>{"".join(parts)}</svg>')
