"""An index of words for normalised matching: exact, whole-password, tokens, edit distance 1.

Words are folded and compacted (bouncer.normalize) and indexed by skeleton;
every skeleton hit is verified character by character, so the index is as
precise as comparing each leet spelling, with one dictionary lookup per
candidate slice. Lookups only ever try lengths present in the index, so the
work per password is bounded by the index's distinct lengths and longest
word, not by the password's length (a 4,096-character input costs no more
than a short one once its letters span more than the longest word).
"""

from __future__ import annotations

from collections.abc import Iterable

from bouncer.distance import within_distance
from bouncer.normalize import Forms, compact, compatible, fold, skeleton

__all__ = ["WordIndex"]


class WordIndex:
    """Immutable after construction; safe to share between threads.

    Args:
        words: the entries (any case; folded and compacted here).
        min_length: entries shorter than this (after compacting) are dropped.
    """

    def __init__(self, words: Iterable[str], min_length: int = 1) -> None:
        exact: set[str] = set()
        by_skeleton: dict[str, list[str]] = {}
        for raw in words:
            folded = fold(raw.strip())
            word = compact(folded)
            if len(word) < min_length:
                continue
            exact.add(folded)
            exact.add(word)
            bucket = by_skeleton.setdefault(skeleton(word), [])
            if word not in bucket:
                bucket.append(word)
        self.exact: frozenset[str] = frozenset(exact)
        self._by_skeleton: dict[str, tuple[str, ...]] = {k: tuple(v) for k, v in by_skeleton.items()}
        # Longest first, so token search takes the longest word at each position.
        self.lengths: tuple[int, ...] = tuple(sorted({len(k) for k in self._by_skeleton}, reverse=True))
        self._deletions: dict[str, tuple[str, ...]] | None = None

    def __len__(self) -> int:
        return sum(len(v) for v in self._by_skeleton.values())

    def __repr__(self) -> str:
        return f"WordIndex({len(self)} words)"

    def words(self) -> list[str]:
        """Every entry (folded and compacted)."""
        return [w for words in self._by_skeleton.values() for w in words]

    # -- exact and single-slice matching -------------------------------------------------

    def contains_exact(self, folded: str) -> bool:
        """True when the folded password is an entry as written."""
        return folded in self.exact

    def match_slice(self, text: str, skel: str) -> bool:
        """True when `text` (with skeleton `skel`) is a leet spelling of an entry."""
        words = self._by_skeleton.get(skel)
        return words is not None and any(compatible(text, w) for w in words)

    # -- whole-password matching after stripping -----------------------------------------

    def _cores(self, f: Forms, lengths: Iterable[int], min_length: int) -> Iterable[tuple[int, int]]:
        """(start, end) of every slice that keeps all letters and drops only non-letters."""
        n = len(f.compact)
        if not f.has_letters:
            if n >= min_length and n in set(lengths):
                yield 0, n  # no letters: compared only as a whole
            return
        span = f.end - f.first
        for m in lengths:
            if m < min_length or m < span or m > n:
                continue
            for s in range(max(0, f.end - m), min(f.first, n - m) + 1):
                yield s, s + m

    def match_whole(self, f: Forms, min_length: int = 1) -> bool:
        """True when the password, minus some leading/trailing non-letters, is an entry (leet-aware)."""
        for s, e in self._cores(f, self.lengths, min_length):
            if self.match_slice(f.compact[s:e], f.skeleton[s:e]):
                return True
        return False

    # -- edit distance 1 -----------------------------------------------------------------

    def _deletion_index(self) -> dict[str, tuple[str, ...]]:
        # Built on first use only (it is ~len(word) times larger than the index).
        if self._deletions is None:
            table: dict[str, set[str]] = {}
            for skel, words in self._by_skeleton.items():
                for variant in {skel} | {skel[:i] + skel[i + 1 :] for i in range(len(skel))}:
                    table.setdefault(variant, set()).update(words)
            self._deletions = {k: tuple(v) for k, v in table.items()}
        return self._deletions

    def prepare_edit_distance(self) -> None:
        """Build the deletion index now (at policy load) rather than during the first check."""
        self._deletion_index()

    def match_whole_within_one(self, f: Forms, min_length: int = 1) -> bool:
        """Like match_whole, but an entry within one leet-aware edit also matches."""
        table = self._deletion_index()
        lengths = {m + d for m in self.lengths for d in (-1, 0, 1) if m + d >= 1}
        for s, e in self._cores(f, sorted(lengths, reverse=True), min_length):
            text, skel = f.compact[s:e], f.skeleton[s:e]
            variants = {skel} | {skel[:i] + skel[i + 1 :] for i in range(len(skel))}
            for variant in variants:
                for word in table.get(variant, ()):
                    if within_distance(text, word, 1):
                        return True
        return False

    # -- Entra-style token points --------------------------------------------------------

    def token_points(self, f: Forms, min_points: int) -> tuple[int, int]:
        """Score the compact password: each entry found is 1 point, each other character 1 point.

        Greedy, left to right, longest entry first at each position. Scoring
        stops as soon as `min_points` is reached (the password passes), so the
        work is at most `min_points` steps of one lookup per indexed length.

        Returns:
            (points, tokens found); points is capped at `min_points`.
        """
        text, skel = f.compact, f.skeleton
        n = len(text)
        i = points = tokens = 0
        while i < n and points < min_points:
            step = 1
            for m in self.lengths:
                if m <= n - i and self.match_slice(text[i : i + m], skel[i : i + m]):
                    step = m
                    tokens += 1
                    break
            points += 1
            i += step
        return points, tokens
