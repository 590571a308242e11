"""Sizing: the blocked filter meets its target within 5 % of the classic Bloom optimum."""

from __future__ import annotations

import math

import pytest

from bouncer.filter.format import BLOCK_BITS
from bouncer.filter.sizing import blocked_fp, classic_optimum_bits, poisson_interval, size_for


@pytest.mark.parametrize("p", [1e-3, 1e-4, 1e-5, 1e-6, 1e-9])
def test_bits_per_entry_within_5_percent_of_optimum(p: float) -> None:
    """For 10 M entries, bits per entry <= 1.05 x 1.44 log2(1/p) and the modelled FP <= p."""
    s = size_for(10_000_000, p)
    assert s.fp <= p
    assert s.bits / 10_000_000 <= 1.05 * classic_optimum_bits(p)


def test_blocking_penalty_is_counted() -> None:
    """The Poisson mixture is worse than the classic formula at the same bits (the penalty is real)."""
    n, blocks, k = 1_000_000, 1_000_000 * 29 // BLOCK_BITS, 20
    classic = (1 - math.exp(-k * n / (blocks * BLOCK_BITS))) ** k
    assert blocked_fp(n, blocks, k) > classic


def test_one_block_matches_classic() -> None:
    """With one block there is no load variance: the mixture equals the classic Bloom formula."""
    n, k = 1_000, 10
    classic = (1 - (1 - 1 / BLOCK_BITS) ** (k * n)) ** k
    # A Poisson load around n is not exactly n, so compare against a fixed-load neighbourhood.
    assert blocked_fp(n, 1, k) == pytest.approx(classic, rel=0.2)


def test_empty_and_bad_targets() -> None:
    """An empty tier gets one block; a target outside (0, 0.5) is refused."""
    assert size_for(0, 1e-6).blocks == 1
    with pytest.raises(ValueError):
        size_for(10, 0.0)


def test_poisson_interval_brackets_mean() -> None:
    """The 99 % interval of Poisson(100) is about 100 +- 2.6 sigma."""
    lo, hi = poisson_interval(100.0)
    assert 72 <= lo <= 78 and 124 <= hi <= 130
