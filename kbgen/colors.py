"""Colour contrast (WCAG 2.1): choose the header text colour and refuse unreadable brand colours.

The main colour is the header background (text on it) and the colour of links and buttons on
white; both uses need 4.5:1. On a dark page (the theme's ``prefers-color-scheme: dark``) links and
buttons take a lighter shade of it, chosen here at build time, while the header keeps the colour.
"""

from __future__ import annotations

import colorsys

WHITE = "#ffffff"
DARK = "#111111"
MIN_CONTRAST = 4.5
#: The dark theme's lightest background (--kb-surface in kbgen.css, dark section): a link colour
#: that reads on it reads on the darker page (--kb-bg) too.
DARK_SURFACE = "#161b22"
#: What links and buttons aim for on it: AA (4.5:1) with a margin, as bright as dark themes'
#: links usually are (GitHub's dark link blue is about 6:1 on its page).
DARK_CONTRAST = 6.0


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


def with_lightness(hex_colour: str, lightness: float) -> str:
    """``hex_colour`` with its HLS lightness set to ``lightness`` (0–1): same hue and saturation."""
    r, g, b = (int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5))
    hue, _, saturation = colorsys.rgb_to_hls(r, g, b)
    return "#{:02x}{:02x}{:02x}".format(*(round(c * 255) for c in colorsys.hls_to_rgb(hue, lightness, saturation)))


def colour_on_dark(colour: str, background: str = DARK_SURFACE) -> str:
    """The shade of ``colour`` for links and buttons on the dark theme: ``colour`` itself when it
    reads on ``background`` (DARK_CONTRAST), else the least lighter shade of the same hue that does.
    (Lightness, not a mix with white: a mix greys the colour out.)"""
    if contrast(colour, background) >= DARK_CONTRAST:
        return colour
    r, g, b = (int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5))
    start = colorsys.rgb_to_hls(r, g, b)[1]
    steps = 100
    for step in range(1, steps + 1):
        shade = with_lightness(colour, start + (1 - start) * step / steps)
        if contrast(shade, background) >= DARK_CONTRAST:
            return shade
    return WHITE
