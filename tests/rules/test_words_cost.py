"""Cost of the word rules on 4,096-character inputs (context, banned, common, previous).

Timings on this shared machine are noisy, so every figure is a ratio to the
same policy on a 256-character input of the same shape, best of several runs.
Linear work gives about 16x; quadratic work (a DP over the full matrix, or a
regex scanned from every position to the end) would give about 256x. The bound
of 64x lets noise through and quadratic work not.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest

from bouncer import Bouncer
from bouncer.policy import parse_policy

POLICY = parse_policy(
    {
        "name": "words-cost",
        "max_input": 4096,
        "rules": [
            {"type": "context_words"},
            {"type": "context_words", "match": "whole"},
            {"type": "banned_words", "files": ["banned-words.txt"], "tokens": True, "edit_distance": 1},
            {"type": "common_passwords"},
            {"type": "previous_password", "max_edit_distance": 8},
        ],
    }
)

# Each shape builds a password of length n and a matching previous password that keeps
# the edit-distance band busy to the end (shifted by one character).
SHAPES: dict[str, Callable[[int], tuple[str, str]]] = {
    "letters": lambda n: ("ab" * (n // 2), "ba" * (n // 2)),
    "leet": lambda n: ("1!|7" * (n // 4), "!|71" * (n // 4)),
    "one-letter-in-symbols": lambda n: ("!" * (n // 2) + "x" + "!" * (n // 2 - 1), "!" * n),
    "near-word": lambda n: ("passwor" * (n // 7) + "x" * (n % 7), "asswor" * (n // 6) + "p" * (n % 6)),
}
CONTEXT = {"username": "abab", "email": "bab@aba.com", "display_name": "Ab Ba", "words": ["1!|7"]}


def _best(bouncer: Bouncer, password: str, previous: str, runs: int) -> float:
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        bouncer.check(password, {**CONTEXT, "previous_password": previous})
        best = min(best, time.perf_counter() - start)
    return best


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_4096_characters_cost_linear_work(shape: str) -> None:
    """A 4,096-character input costs at most 64x a 256-character one of the same shape."""
    bouncer = Bouncer(POLICY)
    short = _best(bouncer, *SHAPES[shape](256), runs=7)
    long = _best(bouncer, *SHAPES[shape](4096), runs=3)
    assert long / short < 64, f"{shape}: {long / short:.1f}x"
