"""Colour contrast (WCAG 2.1): choose the header text colour and refuse unreadable brand colours.

The main colour is the header background (text on it) and the colour of links and buttons on
white; both uses need 4.5:1.
"""

from __future__ import annotations

WHITE = "#ffffff"
DARK = "#111111"
MIN_CONTRAST = 4.5


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4


def luminance(hex_colour: str) -> float:
    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)


def contrast(a: str, b: str) -> float:
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def text_colour_on(background: str) -> str:
    """White or near-black, whichever reads better on ``background``."""
    return WHITE if contrast(background, WHITE) >= contrast(background, DARK) else DARK


def darken(hex_colour: str, factor: float) -> str:
    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return "#{:02x}{:02x}{:02x}".format(*(int(c * factor) for c in (r, g, b)))


def brand_colour_problem(colour: str) -> str | None:
    """Why ``colour`` cannot be the main colour, with a darker shade that would work."""
    ratio = contrast(colour, WHITE)
    if ratio >= MIN_CONTRAST:
        return None
    factor = 1.0
    suggestion = colour
    while contrast(suggestion, WHITE) < MIN_CONTRAST and factor > 0:
        factor -= 0.02
        suggestion = darken(colour, factor)
    return (f"'color': {colour} has a contrast of {ratio:.2f}:1 on white; links and buttons need "
            f"{MIN_CONTRAST}:1 (WCAG 2.1 AA) — use a darker shade such as {suggestion!r}")
