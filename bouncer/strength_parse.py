"""Cutting a long password into new pieces and copies of earlier text, for the zxcvbn adapter.

zxcvbn's cost grows with the square of the length, so `bouncer.strength` scores
long inputs piece by piece. This module decides the pieces, greedily from the
left, in the manner of LZ77 compression:

- a *copy* is a run of at least MIN_COPY code points that already occurs earlier
  (the source may overlap the copy, so "aaaa..." is one character and one copy);
  it is charged as a repeat, not scored again;
- a *new* piece is everything else, at most `piece` code points long, cut where
  a word is least likely to be split (after a space or symbol, between letters
  and digits, at a camelCase edge), and cut early where a copy begins.

Pure string work, linear-ish in the length: each copy is found with O(log n)
`str.find` calls. Nothing here imports zxcvbn.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import NamedTuple

__all__ = ["Segment", "segments", "MIN_COPY"]

# Shorter repeats are left to zxcvbn inside a piece (it finds "abab" itself); a copy of
# 8 or more code points is cheaper for an attacker to guess than the text it repeats.
MIN_COPY = 8


class Segment(NamedTuple):
    """A span [start, end) of the password: new text, or a copy of text at `source`."""

    start: int
    end: int
    source: int  # -1 for new text; else where the copied text starts (< start)

    @property
    def is_copy(self) -> bool:
        return self.source >= 0


def _cut_rank(text: str, cut: int) -> int:
    """How natural a cut before text[cut] is: 0 after a separator, 1 at a word edge, 2 inside."""
    before, after = text[cut - 1], text[cut]
    if not before.isalnum():
        return 0
    if before.isalpha() != after.isalpha() or (before.islower() and after.isupper()):
        return 1  # letters to digits, digits to letters, or camelCase
    return 2


def _natural_end(text: str, start: int, piece: int, slack: int) -> int:
    """End of a new piece from `start`: pieces come out even, nudged to a natural cut."""
    remaining = len(text) - start
    if remaining <= piece:
        return len(text)
    count = -(-remaining // piece)
    target = start + -(-remaining // count)
    cuts = range(max(start + 1, target - slack), start + piece + 1)
    return min(cuts, key=lambda cut: (_cut_rank(text, cut), abs(cut - target)))


def _occurs_before(text: str, start: int, length: int) -> int:
    """Where text[start:start+length] also begins before `start` (overlap allowed), or -1."""
    return text.find(text[start : start + length], 0, start + length - 1)


def _copy_length(text: str, start: int) -> int:
    """Length of the longest run from `start` that occurs earlier; 0 if under MIN_COPY."""
    if start == 0 or start + MIN_COPY > len(text) or _occurs_before(text, start, MIN_COPY) < 0:
        return 0
    limit = len(text) - start
    good = MIN_COPY
    while good < limit and _occurs_before(text, start, min(2 * good, limit)) >= 0:
        good = min(2 * good, limit)
    if good == limit:
        return good
    bad = min(2 * good, limit)  # good occurs earlier, bad does not
    while bad - good > 1:
        mid = (good + bad) // 2
        if _occurs_before(text, start, mid) >= 0:
            good = mid
        else:
            bad = mid
    return good


def segments(text: str, piece: int, slack: int) -> Iterator[Segment]:
    """Segments covering `text` from the left; consume only as many as needed."""
    start = 0
    while start < len(text):
        length = _copy_length(text, start)
        if length:
            yield Segment(start, start + length, _occurs_before(text, start, length))
            start += length
            continue
        end = _natural_end(text, start, piece, slack)
        for cut in range(start + 1, end):
            if cut + MIN_COPY <= len(text) and _occurs_before(text, cut, MIN_COPY) >= 0:
                end = cut  # a copy begins here: the new piece stops before it
                break
        yield Segment(start, end, -1)
        start = end
