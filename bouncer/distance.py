"""Bounded, leet-aware edit distance.

Levenshtein distance (insertions, deletions, substitutions) where two
characters are equal when they are leet-compatible (see bouncer.normalize),
computed by the furthest-reaching-diagonal method (Landau-Vishkin): only the
2k+1 diagonals of the band are explored, one error count at a time, and each
diagonal is followed along runs of equal characters in a tight loop. The cost
is at most O(len * k), never O(len^2), and about O(len) when the strings are
close; a 4,096-character input stays cheap. Common prefixes and suffixes are
trimmed first, which makes the usual case (a few characters changed at one
end) nearly free.
"""

from __future__ import annotations

from bouncer.normalize import LEET_KEY_LIMIT, char_keys, keys_compatible

__all__ = ["bounded_distance", "within_distance"]


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
    while start < limit and keys_compatible(x[start], y[start]):
        start += 1
    ex, ey = len(x), len(y)
    while ex > start and ey > start and keys_compatible(x[ex - 1], y[ey - 1]):
        ex -= 1
        ey -= 1
    x, y = x[start:ex], y[start:ey]
    n, m = len(x), len(y)
    if n == 0 or m == 0:
        d = max(n, m)
        return d if d <= k else None
    return _furthest_reaching(x, y, k)


def _furthest_reaching(x: list[int], y: list[int], k: int) -> int | None:
    """Landau-Vishkin: for each error count e and diagonal d = j - i, the furthest row reachable.

    Work is O(k^2) steps plus the slides along diagonals (each a tight loop over
    compatible characters), at most O(k * n) in all and usually about n.
    """
    n, m = len(x), len(y)
    target = m - n
    minus = -(n + 1)  # "unreachable"
    prev: dict[int, int] = {}
    for e in range(k + 1):
        cur: dict[int, int] = {}
        for d in range(-e, e + 1):
            if e == 0:
                i = 0
            else:
                i = max(
                    prev.get(d, minus) + 1,  # substitution
                    prev.get(d + 1, minus) + 1,  # deletion from x (comes from diagonal d + 1)
                    prev.get(d - 1, minus),  # insertion from y (comes from diagonal d - 1)
                )
            i = min(i, n, m - d)
            if i < max(0, -d):
                continue
            while i < n and i + d < m:
                xi, yj = x[i], y[i + d]
                # keys_compatible(xi, yj), inlined: this is the innermost loop.
                if not (xi == yj or ((xi | yj) < LEET_KEY_LIMIT and (xi & yj) != 0)):
                    break
                i += 1
            cur[d] = i
            if d == target and i >= n:
                return e
        prev = cur
    return None


def within_distance(a: str, b: str, k: int) -> bool:
    """True when the leet-aware edit distance of `a` and `b` is at most `k`."""
    return bounded_distance(a, b, k) is not None
