"""Cutting long inputs into new pieces and copies of earlier text."""

from __future__ import annotations

import random
import string

from hypothesis import given, settings
from hypothesis import strategies as st

from bouncer.strength_parse import MIN_COPY, Segment, segments


def parse(text: str, piece: int = 32, slack: int = 10) -> list[Segment]:
    return list(segments(text, piece, slack))


def test_one_letter_run_is_a_letter_and_one_copy() -> None:
    """'aaaa...' is the first letter, then one overlapping copy of it."""
    assert parse("a" * 4096) == [Segment(0, 1, -1), Segment(1, 4096, 0)]


def test_repeated_unit_then_tail() -> None:
    """A repeated unit is paid for once; the copy stops where the text changes."""
    text = "monkey12" * 50 + "Zebra!"
    got = parse(text)
    assert got[0] == Segment(0, 8, -1)
    assert got[1] == Segment(8, 400, 0)
    assert not got[2].is_copy and got[-1].end == len(text)


def test_random_text_has_no_copies_and_bounded_pieces() -> None:
    """Random text is all new pieces of at most `piece` code points."""
    rng = random.Random(4)
    text = "".join(rng.choice(string.ascii_letters + string.digits) for _ in range(500))
    got = parse(text)
    assert not any(s.is_copy for s in got)
    assert max(s.end - s.start for s in got) <= 32


def test_cuts_prefer_separators() -> None:
    """A passphrase is cut after spaces, not inside words."""
    text = "correct horse battery staple " * 3 + "orange purple elephant"
    for seg in parse(text, piece=32)[:-1]:
        if not seg.is_copy:
            assert text[seg.end - 1] == " " or not text[seg.end].isalpha()


def test_distant_copy_points_at_its_source() -> None:
    """A stretch repeated far away is a copy whose source is its first occurrence."""
    rng = random.Random(5)
    chunk = "".join(rng.choice(string.ascii_letters) for _ in range(20))
    filler = "".join(rng.choice(string.digits) for _ in range(60))
    text = chunk + filler + chunk
    last = parse(text)[-1]
    assert last == Segment(80, 100, 0)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="ab1 Zé", max_size=300))
def test_segments_tile_the_text_and_copies_are_real(text: str) -> None:
    """Segments cover the text in order without gaps; every copy equals earlier text."""
    pos = 0
    for seg in parse(text, piece=16, slack=5):
        assert seg.start == pos and seg.end > seg.start
        if seg.is_copy:
            length = seg.end - seg.start
            assert length >= MIN_COPY and 0 <= seg.source < seg.start
            assert text[seg.source : seg.source + length] == text[seg.start : seg.end]
        else:
            assert seg.end - seg.start <= 16
        pos = seg.end
    assert pos == len(text)
