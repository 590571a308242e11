from __future__ import annotations

from bouncer.normalize import fold, make_forms
from bouncer.wordindex import WordIndex


def _f(text: str):  # type: ignore[no-untyped-def]
    return make_forms(fold(text))


def test_exact_match_is_folded() -> None:
    """Exact membership compares the NFKC + casefold form."""
    index = WordIndex(["Password", "i love you"])
    assert index.contains_exact("password") and index.contains_exact("i love you")
    assert index.contains_exact("iloveyou")


def test_short_entries_are_dropped() -> None:
    """Entries shorter than min_length are not indexed."""
    index = WordIndex(["abc", "abcd"], min_length=4)
    assert len(index) == 1 and not index.contains_exact("abc")


def test_entries_with_leet_spellings_match_plain_passwords() -> None:
    """A list entry written in leet matches the plain spelling too (verification is symmetric)."""
    assert WordIndex(["p@ssw0rd"]).match_whole(_f("Password!"))


def test_edit_distance_one() -> None:
    """Within-one matching accepts one substitution, insertion or deletion (Entra's abcdef examples)."""
    index = WordIndex(["abcdef"])
    for text in ("abcdeg", "abcdefg", "abcde", "abcdef", "@bcdeg12"):
        assert index.match_whole_within_one(_f(text))
    for text in ("abcxyz", "bacdfe", "abc"):
        assert not index.match_whole_within_one(_f(text))


def test_entra_token_points() -> None:
    """Entra's documented examples: C0ntos0Blank12 scores 4, ContoS0Bl@nkf9! scores 5."""
    index = WordIndex(["contoso", "blank"])
    assert index.token_points(_f("C0ntos0Blank12"), 5) == (4, 2)
    assert index.token_points(_f("ContoS0Bl@nkf9!"), 5) == (5, 2)


def test_token_search_takes_the_longest_word() -> None:
    """At each position the longest entry wins (greedy, left to right)."""
    index = WordIndex(["pass", "password"])
    assert index.token_points(_f("password"), 5) == (1, 1)


class _CountingIndex(WordIndex):
    lookups = 0

    def match_slice(self, text: str, skel: str) -> bool:
        type(self).lookups += 1
        return super().match_slice(text, skel)


def test_token_scan_work_is_bounded_by_min_points() -> None:
    """Scoring a 4,096-character input does at most min_points x (distinct lengths) lookups."""
    index = _CountingIndex([f"word{'x' * n}" for n in range(20)])
    _CountingIndex.lookups = 0
    index.token_points(_f("q" * 4096), 5)
    assert _CountingIndex.lookups <= 5 * len(index.lengths)


def test_whole_match_work_is_bounded_by_the_list() -> None:
    """Whole matching of 4,096 characters tries no slice when its letters span past the longest word."""
    index = _CountingIndex(["password", "summer"])
    _CountingIndex.lookups = 0
    assert not index.match_whole(_f("a" + "!" * 4094 + "b"))
    assert _CountingIndex.lookups == 0
    # Few letters inside many symbols: slices are bounded by lengths x longest word.
    assert not index.match_whole(_f("!" * 2048 + "x" + "!" * 2047))
    assert _CountingIndex.lookups <= sum(index.lengths)


def test_edit_distance_work_is_bounded_without_letters() -> None:
    """A 4,096-character input without letters is not expanded into deletion variants."""
    index = _CountingIndex(["password"])
    assert not index.match_whole_within_one(_f("1!|7" * 1024))
    assert index.match_whole_within_one(_f("p@55w0rd!"))
