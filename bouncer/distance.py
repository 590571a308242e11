"""Bounded, leet-aware edit distance.

Levenshtein distance (insertions, deletions, substitutions) where two
characters are equal when they are leet-compatible (see bouncer.normalize),
computed only inside a diagonal band of width 2k+1: the cost is
O(len * k), never O(len^2), so a 4,096-character input stays cheap.
Common prefixes and suffixes are trimmed first, which makes the usual case
(a few characters changed at one end) nearly free.
"""

from __future__ import annotations

from bouncer.normalize import char_keys, keys_compatible

__all__ = ["bounded_distance", "within_distance"]


def _eq(x: int, y: int) -> bool:
    return keys_compatible(x, y)


def bounded_distance(a: str, b: str, k: int) -> int | None:
    """Return the leet-aware edit distance of `a` and `b` if it is at most `k`, else None.

    Args:
        a: first string (already folded by the caller).
        b: second string.
        k: the largest distance of interest (>= 0).

    Returns:
        The distance (0..k), or None when it exceeds `k`.
    """
    if abs(len(a) - len(b)) > k:
        return None
    x, y = char_keys(a), char_keys(b)
    # Trim the common prefix and suffix: they never change the distance.
    start = 0
    limit = min(len(x), len(y))
    while start < limit and _eq(x[start], y[start]):
        start += 1
    ex, ey = len(x), len(y)
    while ex > start and ey > start and _eq(x[ex - 1], y[ey - 1]):
        ex -= 1
        ey -= 1
    x, y = x[start:ex], y[start:ey]
    n, m = len(x), len(y)
    if n == 0 or m == 0:
        d = max(n, m)
        return d if d <= k else None
    big = k + 1
    width = 2 * k + 1
    # Band storage: row i keeps D[i][j] for j = i - k + t, t in 0..2k; cells outside
    # the band (or the matrix) hold `big`, which stands for "more than k".
    prev = [(t - k) if 0 <= t - k <= m else big for t in range(width)]
    for i in range(1, n + 1):
        cur = [big] * width
        xi = x[i - 1]
        row_min = big
        base = i - k
        for t in range(width):
            j = base + t
            if j < 0 or j > m:
                continue
            if j == 0:
                best = i if i <= k else big
            else:
                best = prev[t] + (0 if _eq(xi, y[j - 1]) else 1)
                if t + 1 < width and prev[t + 1] + 1 < best:
                    best = prev[t + 1] + 1
                if t > 0 and cur[t - 1] + 1 < best:
                    best = cur[t - 1] + 1
                if best > big:
                    best = big
            cur[t] = best
            if best < row_min:
                row_min = best
        if row_min > k:
            return None  # every path through this row already costs more than k
        prev = cur
    d = prev[m - (n - k)]
    return d if d <= k else None


def within_distance(a: str, b: str, k: int) -> bool:
    """True when the leet-aware edit distance of `a` and `b` is at most `k`."""
    return bounded_distance(a, b, k) is not None
