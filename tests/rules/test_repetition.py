"""The repetition rule: runs of one character and alphabetic, numeric or keyboard sequences."""

from __future__ import annotations

import random
import string

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bouncer.candidate import Candidate
from bouncer.context import Context
from bouncer.errors import PolicyError
from bouncer.policy import parse_policy
from bouncer.rules.base import LoadContext
from bouncer.rules.repetition import RepetitionConfig, RepetitionRule


def rule(**options: object) -> RepetitionRule:
    return RepetitionRule(RepetitionConfig(**options), LoadContext())  # type: ignore[arg-type]


def findings(r: RepetitionRule, password: str) -> list[tuple[str, dict[str, object]]]:
    result = r.check(Candidate(password), Context())
    return [] if result is None else [(f.code, dict(f.params)) for f in result.violations]


def kinds(r: RepetitionRule, password: str) -> list[object]:
    return [p["kind"] for c, p in findings(r, password) if c == "sequence"]


def test_repeats_up_to_max_pass() -> None:
    """Three identical characters in a row pass with max_repeat 3; four do not."""
    assert findings(rule(), "xaaay") == []
    assert findings(rule(), "xaaaay") == [("repeated_characters", {"max_repeat": 3})]


def test_repeats_are_case_insensitive() -> None:
    """aAaA is four of the same letter."""
    assert findings(rule(), "1aAaA9") == [("repeated_characters", {"max_repeat": 3})]


def test_zero_disables_each_check() -> None:
    """max_repeat 0 and sequence_length 0 turn the checks off."""
    assert findings(rule(max_repeat=0, sequence_length=0), "aaaaaaabcdefqwerty") == []


@pytest.mark.parametrize(("password", "kind"), [
    ("xabcdex", "alphabetic"), ("xEDCBAx", "alphabetic"), ("αβγδε", "alphabetic"),
    ("x12345x", "numeric"), ("x54321x", "numeric"),
    ("xqwertx", "keyboard"), ("xtrewqx", "keyboard"), ("asdfg", "keyboard"),
    ("ZXCVB", "keyboard"), ("!@#$%", "keyboard"), ("azert", "keyboard"),
    ("qsdfg", "keyboard"), ("wxcvb", "keyboard"), ("qwertz", "keyboard"), ("yxcvb", "keyboard"),
    ("poiuy", "keyboard"), ("hjklö", "keyboard"),
])
def test_sequences_are_found(password: str, kind: str) -> None:
    """Alphabetic, numeric and keyboard-row runs of 5 are found, forwards and reversed."""
    assert kinds(rule(), password) == [kind]


def test_sequence_params_name_kind_and_threshold() -> None:
    """A sequence finding carries its kind and the configured length, not the characters."""
    assert findings(rule(sequence_length=4), "xx6789xx") == [
        ("sequence", {"kind": "numeric", "length": 4})
    ]


@pytest.mark.parametrize("password", [
    "abcd", "1234", "qwer", "abcdz", "12346", "qwery", "abcba", "13579", "Tr0ub4dor&3", "azsxdc",
])
def test_short_or_broken_runs_pass(password: str) -> None:
    """Runs shorter than sequence_length, or that change direction or row, pass."""
    assert kinds(rule(), password) == []


def test_keyboards_option_limits_layouts() -> None:
    """An AZERTY row is a sequence only when azerty is among the keyboards."""
    assert kinds(rule(keyboards=["qwerty"]), "azert") == []
    assert kinds(rule(keyboards=["azerty"]), "azert") == ["keyboard"]
    assert kinds(rule(keyboards=["qwerty"]), "qwertz") == ["keyboard"]  # qwert is on both


def test_digits_on_the_number_row_are_reported_once() -> None:
    """12345 is numeric; it is not reported again as a keyboard walk."""
    assert kinds(rule(), "12345") == ["numeric"]


def test_several_kinds_all_reported() -> None:
    """Each kind present is reported once, in a fixed order."""
    assert kinds(rule(), "qwertyabcde98765") == ["alphabetic", "numeric", "keyboard"]


def test_long_inputs() -> None:
    """Runs are found anywhere in a 4,096-character input."""
    rng = random.Random(5)
    noise = "".join(rng.choice(string.ascii_letters[::3]) for _ in range(4000))  # adcgj...: no runs
    assert findings(rule(max_repeat=0), noise) == []
    assert kinds(rule(), noise + "lmnop") == ["alphabetic"]
    assert findings(rule(), "a" * 4096) == [("repeated_characters", {"max_repeat": 3})]


@pytest.mark.parametrize("bad", [{"sequence_length": 1}, {"max_repeat": -1}, {"keyboards": ["dvorak"]}])
def test_bad_options_are_policy_errors(bad: dict[str, object]) -> None:
    """Invalid options are refused when the policy loads, naming the rule."""
    with pytest.raises(PolicyError) as err:
        parse_policy({"name": "t", "rules": [{"type": "repetition", **bad}]}, origin="p.toml")
    assert "p.toml: rules.0" in str(err.value)


def test_help_texts() -> None:
    """Help texts state both limits."""
    assert rule().help_texts() == [
        "Do not repeat a character more than 3 times in a row.",
        "Avoid sequences such as abcd, 1234 or qwerty (5 or more characters).",
    ]


def reference(text: str, max_repeat: int, length: int) -> tuple[bool, set[str]]:
    """Brute force over every window: the definition the one-pass scan must agree with."""
    folded = text.lower() if len(text.lower()) == len(text) else text
    repeated = any(len(set(folded[i : i + max_repeat + 1])) == 1
                   for i in range(len(folded) - max_repeat))
    found = set()
    for i in range(len(folded) - length + 1):
        window = folded[i : i + length]
        deltas = {ord(b) - ord(a) for a, b in zip(window, window[1:], strict=False)}
        if deltas in ({1}, {-1}):
            if all(c.isalpha() for c in window):
                found.add("alphabetic")
            if all(c.isdecimal() for c in window):
                found.add("numeric")
    return repeated, found


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="aAbBcCdDeE0123456789xyzé€", max_size=60))
def test_agrees_with_brute_force(text: str) -> None:
    """Repeats and alphabetic/numeric runs are reported exactly when a brute-force search finds them."""
    got = findings(rule(sequence_length=4), text)
    repeated, found = reference(text, 3, 4)
    assert (("repeated_characters", {"max_repeat": 3}) in got) == repeated
    assert {k for k in kinds(rule(sequence_length=4), text) if k != "keyboard"} == found


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=200))
def test_any_string_is_checked(text: str) -> None:
    """Any Unicode string is checked without error and reports only this rule's codes."""
    for code, _ in findings(rule(), text):
        assert code in ("repeated_characters", "sequence")
