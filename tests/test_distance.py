from __future__ import annotations

import time

from hypothesis import given
from hypothesis import strategies as st

from bouncer.distance import bounded_distance, within_distance
from bouncer.normalize import compatible


def _levenshtein(a: str, b: str) -> int:
    """Full-matrix Levenshtein with leet-compatible characters counting as equal (the oracle)."""
    row = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        prev, row[0] = row[:], i
        for j, cb in enumerate(b, 1):
            row[j] = min(prev[j - 1] + (not compatible(ca, cb)), prev[j] + 1, row[j - 1] + 1)
    return row[-1]


# Letters and symbols that stand for one or two of them: compatibility is not transitive here
# (7 is t or l, 1 is i or l), which is what the algorithm must still get right.
ALPHABET = "abilt17!x"


@given(st.text(ALPHABET, max_size=12), st.text(ALPHABET, max_size=12), st.integers(0, 6))
def test_matches_full_levenshtein(a: str, b: str, k: int) -> None:
    """The bounded distance equals the full-matrix distance when it is <= k, and is None otherwise."""
    d = _levenshtein(a, b)
    assert bounded_distance(a, b, k) == (d if d <= k else None)


def test_leet_characters_count_as_equal() -> None:
    """Leet-compatible characters cost nothing: p@ssw0rd is at distance 0 from password."""
    assert bounded_distance("p@ssw0rd", "password", 0) == 0
    assert bounded_distance("p@ssw0rd1", "password", 3) == 1


def test_length_difference_beyond_k_is_rejected_at_once() -> None:
    """Strings whose lengths differ by more than k are never within k."""
    assert not within_distance("a" * 10, "a" * 14, 3)


def _best_of(runs: int, fn: object, *args: object) -> float:
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        fn(*args)  # type: ignore[operator]
        best = min(best, time.perf_counter() - start)
    return best


def test_cost_grows_linearly_with_length() -> None:
    """A 4,096-character shifted pair (no common prefix or suffix) costs ~16x a 256-character one.

    Linear work gives ~16x; full quadratic work would give ~256x. The bound (64x)
    leaves room for a noisy shared machine without letting quadratic work pass.
    """
    short = _best_of(5, bounded_distance, "ab" * 128, "ba" * 128, 3)
    long = _best_of(3, bounded_distance, "ab" * 2048, "ba" * 2048, 3)
    assert bounded_distance("ab" * 2048, "ba" * 2048, 3) == 2
    assert long / short < 64
