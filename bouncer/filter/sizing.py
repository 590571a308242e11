"""Sizing a blocked Bloom filter honestly: the block-load penalty is included.

Every key's probes land in one 4 KiB block chosen by its hash, so the number of
keys in a block is Poisson(lambda = n / blocks), not exactly n / blocks. A block
that drew more keys is fuller and answers "maybe" more often. The real
false-positive rate is therefore the Poisson mixture

    FP = sum_j Pois(j; lambda) * (1 - (1 - 1/B)^(k*j))^k,   B = 32,768 bits,

and the sizer picks the (blocks, k) with the fewest bits whose FP meets the target.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from bouncer.filter.format import BLOCK_BITS

__all__ = ["Sizing", "blocked_fp", "size_for", "classic_optimum_bits", "poisson_interval"]

# Probes are 15-bit positions from two 30-bit double-hashing streams; more than this
# is never optimal below FP = 1e-15 and keeps the single-lookup loop short.
MAX_PROBES = 48
# Poisson tails beyond this many standard deviations weigh less than 1e-30.
TAIL_SIGMAS = 12


@dataclass(frozen=True)
class Sizing:
    blocks: int
    probes: int
    fp: float  # the model's false-positive rate for these parameters

    @property
    def bits(self) -> int:
        return self.blocks * BLOCK_BITS


def classic_optimum_bits(p: float) -> float:
    """Bits per entry of an ideal (unblocked) Bloom filter: log2(1/p) / ln 2 = 1.44 log2(1/p)."""
    return math.log2(1.0 / p) / math.log(2.0)


def blocked_fp(n: int, blocks: int, probes: int) -> float:
    """False-positive rate of a blocked Bloom filter holding n keys (Poisson mixture over block loads)."""
    if n <= 0:
        return 0.0
    lam = n / blocks
    lo = max(0, int(lam - TAIL_SIGMAS * math.sqrt(lam) - 10))
    hi = int(lam + TAIL_SIGMAS * math.sqrt(lam) + 10)
    j = np.arange(lo, hi + 1, dtype=np.float64)
    log_pois = j * math.log(lam) - lam - np.array([math.lgamma(x + 1.0) for x in j])
    fill = -np.expm1(probes * j * math.log1p(-1.0 / BLOCK_BITS))  # P(one bit set) in a block of load j
    with np.errstate(divide="ignore"):
        log_fp = probes * np.log(fill)
    return float(np.exp(log_pois + log_fp).sum())


def _min_blocks(n: int, probes: int, target: float) -> int:
    lo, hi = 1, max(1, math.ceil(n * 2 * classic_optimum_bits(target) / BLOCK_BITS) + 1)
    while blocked_fp(n, hi, probes) > target:
        hi *= 2
    while lo < hi:
        mid = (lo + hi) // 2
        if blocked_fp(n, mid, probes) <= target:
            hi = mid
        else:
            lo = mid + 1
    return lo


def size_for(n: int, target: float) -> Sizing:
    """The smallest (blocks, probes) whose modelled false-positive rate is at most `target`.

    Raises:
        ValueError: target not in (0, 0.5).
    """
    if not 0.0 < target < 0.5:
        raise ValueError("the target false-positive rate must be between 0 and 0.5")
    if n <= 0:
        return Sizing(1, 1, 0.0)
    ideal = round(math.log2(1.0 / target))
    best: Sizing | None = None
    for k in range(max(1, ideal - 4), min(MAX_PROBES, ideal + 5) + 1):
        blocks = _min_blocks(n, k, target)
        if best is None or blocks < best.blocks:
            best = Sizing(blocks, k, blocked_fp(n, blocks, k))
    assert best is not None
    return best


def poisson_interval(lam: float, confidence: float = 0.99) -> tuple[int, int]:
    """Central interval [lo, hi] holding a Poisson(lam) count with at least `confidence`."""
    tail = (1.0 - confidence) / 2.0
    top = int(lam + 20 * math.sqrt(lam) + 20)
    pmf = [
        math.exp(j * math.log(lam) - lam - math.lgamma(j + 1.0)) if lam > 0 else float(j == 0)
        for j in range(top + 1)
    ]
    lo, acc = 0, 0.0
    while acc + pmf[lo] <= tail:
        acc += pmf[lo]
        lo += 1
    hi, acc = top, 0.0
    while acc + pmf[hi] <= tail:
        acc += pmf[hi]
        hi -= 1
    return lo, hi
