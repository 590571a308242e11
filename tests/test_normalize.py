from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bouncer.candidate import Candidate
from bouncer.normalize import (
    FORMS_KEY,
    LEET,
    compact,
    compatible,
    fold,
    forms,
    leet_options,
    leet_pattern,
    make_forms,
    skeleton,
    word_tokens,
)
from bouncer.wordindex import WordIndex


def test_fold_is_nfkc_casefold() -> None:
    """Folding applies NFKC and casefold (full-width, ligatures, sharp s)."""
    assert fold("ＰＡＳＳ") == "pass"
    assert fold("ﬃ") == "ffi"
    assert fold("Straße") == "strasse"


def test_compact_removes_whitespace_only() -> None:
    """Compacting drops whitespace and keeps every other character."""
    assert compact("pass word\u3000!") == "password!"
    assert compact("abc") == "abc"


@pytest.mark.parametrize(
    ("symbol", "letters"),
    [("1", "il"), ("!", "il"), ("|", "il"), ("7", "lt"), ("6", "bg"), ("@", "a"), ("4", "a"),
     ("3", "e"), ("0", "o"), ("$", "s"), ("5", "s"), ("+", "t"), ("8", "b"), ("9", "g"),
     ("2", "z"), ("(", "c"), ("<", "c"), ("%", "x")],
)  # fmt: skip
def test_leet_map(symbol: str, letters: str) -> None:
    """Each leet symbol stands for the letters the brief names, including two-letter symbols."""
    assert "".join(sorted(leet_options(symbol))) == letters


def test_two_letter_symbols_read_both_ways() -> None:
    """`1` reads as i and as l, `7` as t and l, `6` as g and b; but `7` is not i."""
    assert compatible("1ove", "love") and compatible("h1", "hi")
    assert compatible("7ime", "time") and compatible("coo7", "cool")
    assert compatible("6ood", "good") and compatible("6aby", "baby")
    assert not compatible("7ce", "ice")


def test_skeleton_is_one_form_of_equal_length() -> None:
    """A skeleton maps each character to one class representative, keeping the length."""
    assert skeleton("p@ssw0rd") == skeleton("password")
    assert len(skeleton("x" * 50 + "1!|7")) == 54
    assert skeleton("tilt") == skeleton("lilt")  # a skeleton hit still needs verification
    assert not compatible("tilt", "lilt")


def test_other_characters_only_match_themselves() -> None:
    """Characters outside the leet map (é, #, CJK) are compared exactly."""
    assert compatible("é#字", "é#字")
    assert not compatible("é", "e")
    assert leet_options("#") == frozenset()


def test_forms_are_shared_between_rules() -> None:
    """forms() is computed once per Candidate and stored under FORMS_KEY."""
    pw = Candidate("P@ss word")
    first = forms(pw)
    assert forms(pw) is first and pw.derived(FORMS_KEY, lambda c: None) is first
    assert first.compact == "p@ssword"


def test_forms_repr_hides_the_password() -> None:
    """repr() of the forms does not show the password."""
    assert "secret" not in repr(make_forms("secret"))


def test_forms_locate_letters() -> None:
    """first/end delimit the letters; a password without letters has none."""
    f = make_forms("@ctive2024!")
    assert (f.first, f.end) == (1, 6)
    assert not make_forms("2024!!").has_letters


@pytest.mark.parametrize(
    ("password", "word"),
    [("@ctive2024!", "active"), ("jdoe2024!", "jdoe"), ("p@ssw0rd2024", "password"),
     ("!!Summer2024!", "summer"), ("hell0", "hello"), ("1etmein", "letmein"), ("pass word 1", "password")],
)  # fmt: skip
def test_stripping_keeps_symbols_that_are_letters(password: str, word: str) -> None:
    """Whole-password matching strips leading/trailing non-letters without losing leet letters."""
    assert WordIndex([word]).match_whole(make_forms(fold(password)))


@pytest.mark.parametrize(("password", "word"), [("xjdoe", "jdoe"), ("jdoe2x", "jdoe"), ("1234", "1234x")])
def test_stripping_never_drops_letters(password: str, word: str) -> None:
    """Letters are never stripped: a whole match needs every letter of the password."""
    assert not WordIndex([word]).match_whole(make_forms(fold(password)))


def test_passwords_without_letters_are_not_stripped() -> None:
    """A digit-only password is compared as a whole, not cut down to a listed substring."""
    index = WordIndex(["1234"])
    assert not index.match_whole(make_forms("98123456"))
    assert index.match_whole(make_forms("1234"))


def test_leet_pattern_matches_every_spelling() -> None:
    """The regex built for a word matches its leet spellings and nothing else at that length."""
    import re

    pattern = re.compile(leet_pattern("bill"))
    for spelling in ("bill", "8i11", "6!|7", "b1l7"):
        assert pattern.fullmatch(spelling)
    assert not pattern.fullmatch("bitt")


def test_word_tokens_split_on_non_letters() -> None:
    """Tokens split on punctuation, digits and spaces, keeping those of min length."""
    assert word_tokens("john.doe42 x", 3) == ["john", "doe"]


_LETTER_TO_SYMBOLS: dict[str, list[str]] = {}
for _sym, _letters in LEET.items():
    for _c in _letters:
        _LETTER_TO_SYMBOLS.setdefault(_c, []).append(_sym)


@st.composite
def leet_spelling(draw: st.DrawFn, word: str) -> str:
    out = []
    for ch in word:
        choices = [ch, ch.upper(), *_LETTER_TO_SYMBOLS.get(ch, [])]
        out.append(draw(st.sampled_from(choices)))
    return "".join(out)


@given(st.text("abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=12).flatmap(
    lambda w: st.tuples(st.just(w), leet_spelling(w))))  # fmt: skip
def test_every_leet_spelling_is_compatible(pair: tuple[str, str]) -> None:
    """Any mix of case and leet symbols folds to a form compatible with the word and with its skeleton."""
    word, spelling = pair
    folded = fold(spelling)
    assert compatible(folded, word)
    assert skeleton(folded) == skeleton(word)


@given(st.text(max_size=40))
def test_nfc_and_nfd_give_the_same_forms(text: str) -> None:
    """NFC and NFD spellings give identical matching forms."""
    nfc = Candidate(unicodedata.normalize("NFC", text))
    nfd = Candidate(unicodedata.normalize("NFD", text))
    assert forms(nfc) == forms(nfd)


@pytest.mark.parametrize(
    ("text", "folded"),
    [("jdöe", "jdoe"), ("PÄSSWORD", "password"), ("José", "jose"), ("ﬃ", "ffi"), ("한국어", "한국어")],
)
def test_fold_removes_accents(text: str, folded: str) -> None:
    """Folding removes accents (and keeps scripts without them), so `jdöe` matches `jdoe`."""
    assert fold(text) == folded


def test_accented_username_and_common_password_are_caught() -> None:
    """An accented spelling of the username or of a common password is still caught."""
    from bouncer import Bouncer, Context

    verdict = Bouncer("strict").check("Jdöe-and-more-words-42", Context(username="jdoe"))
    assert "contains_username" in verdict.codes
    assert "common_password" in Bouncer("nist-800-63b").check("pässwörd").codes
