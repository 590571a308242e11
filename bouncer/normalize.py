"""Normalisation for matching passwords against words: leet, skeletons and stripping.

Used only for matching (never for counting length or classes). The algorithm,
applied in the same way to passwords and to every word list entry:

1. **Fold**: NFKC, accents removed, then casefold (`Candidate.folded` for the
   password; `bouncer.candidate.fold_text`).
2. **Compact**: remove whitespace, so `pass word` and `password` compare equal.
3. **Leet options**: each character stands for a set of letters. A letter a-z
   stands for itself; the symbols in `LEET` stand for one letter, or for two
   (`1 ! |` for i or l, `7` for t or l, `6` for g or b). Any other character
   stands only for itself.
4. **Skeleton**: one string per form, the same length as the compact form,
   where every character with leet options becomes the representative of its
   letter class. Classes are the letters joined by a shared symbol (`1` joins i
   and l, `7` joins t and l, so i, l, t form one class; `6` joins g and b).
   A skeleton is therefore a single bounded form (no expansion into variants):
   `P@ssw0rd` and `password` both give `password`; `b1ll` and `6ill` give `biii`.
5. **Verification**: equal skeletons are necessary, not sufficient (`tilt` and
   `lilt` share a skeleton). A hit is confirmed character by character:
   two characters are *compatible* when they are equal or their leet option
   sets intersect (`7` is compatible with t and l, not with i).
6. **Stripping** (whole-password matching): a password matches word `w` when
   removing some prefix and some suffix made only of non-letters (characters
   that are not `str.isalpha()`: digits, symbols; any amount, including none)
   leaves a string compatible with `w`.
   Nothing is lost: `@ctive2024!` matches `active` because the `@` may be kept
   while `2024!` is removed; `jdoe2024!` matches `jdoe`; `P@ssw0rd2024`
   matches `password`. Only slices that contain every letter of the password
   are candidates, and only lengths present in the word list are tried, so the
   work is bounded by the list's distinct lengths times its longest word,
   whatever the password's length. A password with no letters is compared
   only as a whole (so a long digit string is not "stripped" down to `1234`).

The derived forms of a password are computed once per check and shared
between rules through `Candidate.derived(FORMS_KEY, ...)`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from string import ascii_lowercase

from bouncer.candidate import Candidate, fold_text

__all__ = [
    "LEET",
    "FORMS_KEY",
    "Forms",
    "fold",
    "compact",
    "skeleton",
    "leet_options",
    "compatible",
    "char_keys",
    "keys_compatible",
    "LEET_KEY_LIMIT",
    "leet_pattern",
    "word_tokens",
    "forms",
    "make_forms",
]

# Symbols that stand for letters. Multi-letter entries are ambiguous symbols:
# `1` is as often an l as an i, `7` a t or an l, `6` a g or a b.
LEET: dict[str, str] = {
    "1": "il", "!": "il", "|": "il",
    "7": "tl",
    "6": "gb",
    "@": "a", "4": "a",
    "3": "e",
    "0": "o",
    "$": "s", "5": "s",
    "+": "t",
    "8": "b",
    "9": "g",
    "2": "z",
    "(": "c", "<": "c",
    "%": "x",
}  # fmt: skip

FORMS_KEY = "normalize.forms"

_OPTIONS: dict[str, frozenset[str]] = {c: frozenset(c) for c in ascii_lowercase}
_OPTIONS.update({sym: frozenset(letters) for sym, letters in LEET.items()})


def _letter_classes() -> dict[str, str]:
    """Map each letter to its class representative (union of letters sharing a symbol)."""
    parent = {c: c for c in ascii_lowercase}

    def find(c: str) -> str:
        while parent[c] != c:
            c = parent[c]
        return c

    for letters in LEET.values():
        roots = sorted(find(c) for c in letters)
        for r in roots[1:]:
            parent[r] = roots[0]
    return {c: find(c) for c in ascii_lowercase}


_CLASS_OF = _letter_classes()
_SKELETON_TABLE = str.maketrans({ch: _CLASS_OF[min(opts)] for ch, opts in _OPTIONS.items()})
# Integer keys for fast compatibility tests inside loops (edit distance): a
# leet-domain character is the bitmask of its letters (< 2**26); any other
# character is its code point shifted above that range, so it only equals itself.
LEET_KEY_LIMIT = 1 << 26
_MASKS: dict[str, int] = {ch: sum(1 << (ord(c) - ord("a")) for c in opts) for ch, opts in _OPTIONS.items()}
_TOKEN_SPLIT = re.compile(r"[\W_\d]+")


def fold(text: str) -> str:
    """NFKC, accents removed, casefold: the form words and passwords are compared in."""
    return fold_text(text)


def compact(folded: str) -> str:
    """Remove whitespace from an already folded string."""
    if not any(ch.isspace() for ch in folded):
        return folded
    return "".join(ch for ch in folded if not ch.isspace())


def skeleton(text: str) -> str:
    """Map each character to its letter-class representative (same length as `text`)."""
    return text.translate(_SKELETON_TABLE)


def leet_options(ch: str) -> frozenset[str]:
    """The letters `ch` can stand for (empty when it stands only for itself)."""
    return _OPTIONS.get(ch, frozenset())


def _chars_compatible(a: str, b: str) -> bool:
    if a == b:
        return True
    oa, ob = _OPTIONS.get(a), _OPTIONS.get(b)
    return oa is not None and ob is not None and not oa.isdisjoint(ob)


def compatible(text: str, word: str) -> bool:
    """True when `text` can be read as `word` (same length, each pair of characters compatible)."""
    return len(text) == len(word) and all(_chars_compatible(a, b) for a, b in zip(text, word, strict=True))


def char_keys(text: str) -> list[int]:
    """Integer keys for `keys_compatible` (used where a per-character test must be cheap)."""
    return [_MASKS.get(ch, ord(ch) + LEET_KEY_LIMIT) for ch in text]


def keys_compatible(x: int, y: int) -> bool:
    """Compatibility of two characters given as `char_keys` values."""
    return x == y or ((x | y) < LEET_KEY_LIMIT and (x & y) != 0)


def _pattern_piece(ch: str) -> str:
    opts = _OPTIONS.get(ch)
    if opts is None:
        return re.escape(ch)
    members = sorted(c for c, o in _OPTIONS.items() if c == ch or not o.isdisjoint(opts))
    return "[" + "".join(re.escape(c) for c in members) + "]"


_PIECES: dict[str, str] = {ch: _pattern_piece(ch) for ch in _OPTIONS}


def leet_pattern(word: str) -> str:
    """A regular expression (no repetition, linear to search) matching every leet spelling of `word`."""
    return "".join(_PIECES.get(ch) or re.escape(ch) for ch in word)


def word_tokens(folded: str, min_length: int) -> list[str]:
    """Split on non-letters (whitespace, punctuation, digits); keep tokens of `min_length`+ chars."""
    return [t for t in _TOKEN_SPLIT.split(folded) if len(t) >= min_length]


@dataclass(frozen=True, slots=True)
class Forms:
    """A password's matching forms: compact fold, its skeleton, and where its letters are.

    `first`/`end` delimit the span from the first letter to just after the last
    one (both -1 when there is no letter). repr() hides the forms.
    """

    compact: str
    skeleton: str
    first: int
    end: int

    def __repr__(self) -> str:
        return "Forms(<hidden>)"

    @property
    def has_letters(self) -> bool:
        return self.first >= 0


def make_forms(folded: str) -> Forms:
    """Build the matching forms of an already folded string (a password or a word)."""
    text = compact(folded)
    first = next((i for i, ch in enumerate(text) if ch.isalpha()), -1)
    if first < 0:
        return Forms(text, skeleton(text), -1, -1)
    last = next(i for i in range(len(text) - 1, -1, -1) if text[i].isalpha())
    return Forms(text, skeleton(text), first, last + 1)


def forms(pw: Candidate) -> Forms:
    """The password's matching forms, computed once per check and shared between rules."""
    return pw.derived(FORMS_KEY, lambda c: make_forms(c.folded))
