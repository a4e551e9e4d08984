"""The compact text encodings of the sharded search index, mirrored by kbgen-search.js (``unpack``).

* **varints**: a non-negative integer as base-64 characters (the URL-safe alphabet, so a packed
  string needs no escape in JSON or a script), 5 bits per character, least significant group
  first; a character from the upper half of the alphabet says another one follows. 0–31 take
  one character, up to 1,023 two, up to 32,767 three. Compact without server compression (the
  issue allows twice the gzip budget raw) and still repetitive enough for gzip.
* **front-coded terms**: a sorted term list as, per term, varint(characters shared with the
  previous term) varint(length of the rest) and the rest. Lengths count code points (JS walks
  ``Array.from`` of the string), so any term round-trips, non-BMP characters included.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
_VALUE = {ch: i for i, ch in enumerate(ALPHABET)}
_MORE = 32


def _varint(number: int) -> str:
    out = []
    while number >= _MORE:
        out.append(ALPHABET[_MORE + (number & 31)])
        number >>= 5
    out.append(ALPHABET[number])
    return "".join(out)


#: The varints of 0–32,767 (one to three characters), looked up: a build packs every posting of
#: the site (a million numbers at 5,000 articles) on every edit that changes the index.
_CODES = tuple(_varint(number) for number in range(1 << 15))


def pack(numbers: Iterable[int]) -> str:
    """The varints of ``numbers`` (each ≥ 0), concatenated."""
    codes, size = _CODES, len(_CODES)
    out = []
    for number in numbers:
        if 0 <= number < size:
            out.append(codes[number])
        elif number < 0:
            raise ValueError(f"cannot pack a negative number ({number})")
        else:
            out.append(_varint(number))
    return "".join(out)


class Reader:
    """Reads varints (``number``) and raw characters (``text``) from a packed string, in order."""

    def __init__(self, text: str) -> None:
        self._text = text
        self.at = 0

    def done(self) -> bool:
        return self.at >= len(self._text)

    def number(self) -> int:
        value, shift = 0, 0
        while True:
            try:
                digit = _VALUE[self._text[self.at]]
            except (IndexError, KeyError):
                # cut short (a deploy killed halfway) or not ours: callers report the file
                raise ValueError("packed numbers are truncated or corrupt") from None
            self.at += 1
            if digit < _MORE:
                return value | (digit << shift)
            value |= (digit - _MORE) << shift
            shift += 5

    def numbers(self, count: int) -> list[int]:
        return [self.number() for _ in range(count)]

    def text(self, length: int) -> str:
        piece = self._text[self.at:self.at + length]
        self.at += length
        return piece


def unpack(text: str) -> list[int]:
    """The numbers ``pack`` wrote."""
    reader, out = Reader(text), []
    while not reader.done():
        out.append(reader.number())
    return out


def front_code(terms: Sequence[str]) -> str:
    """``terms`` (in the order they are to come back) front-coded, see the module docstring."""
    out, previous = [], ""
    for term in terms:
        shared = 0
        for a, b in zip(previous, term, strict=False):
            if a != b:
                break
            shared += 1
        rest = term[shared:]
        out.append(pack((shared, len(rest))) + rest)
        previous = term
    return "".join(out)


def front_decode(text: str) -> list[str]:
    """The terms ``front_code`` wrote."""
    reader, terms, previous = Reader(text), [], ""
    while not reader.done():
        shared, length = reader.number(), reader.number()
        previous = previous[:shared] + reader.text(length)
        terms.append(previous)
    return terms
