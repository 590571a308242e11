from __future__ import annotations

import json
import unicodedata
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bouncer import Bouncer
from bouncer.candidate import Candidate
from bouncer.context import Context
from bouncer.errors import PolicyError
from bouncer.policy import parse_policy
from bouncer.rules.base import LoadContext
from bouncer.rules.previous_password import PreviousPasswordConfig, PreviousPasswordRule


def found(password: str, previous: str | None, **options: Any) -> list[str]:
    rule = PreviousPasswordRule(PreviousPasswordConfig(**options), LoadContext())
    result = rule.check(Candidate(password), Context(previous_password=previous))
    assert result is None or all(f.params == {} for f in result.violations)
    return [] if result is None else [str(f.code) for f in result.violations]


def test_same() -> None:
    """The identical password (also in another normalisation form) is same_as_previous."""
    assert found("Tr0ub4dor&3", "Tr0ub4dor&3") == ["same_as_previous"]
    assert found(unicodedata.normalize("NFD", "Café-Ölkanne"), "Café-Ölkanne") == ["same_as_previous"]


@pytest.mark.parametrize(
    ("new", "old"),
    [
        ("tR0UB4DOR&3", "Tr0ub4dor&3"),  # case changed
        ("3&rod4buor7", "Tr0ub4dor&3"),  # reversed
        ("Summer2024!", "Summer2023!"),  # one character changed
        ("Summer2024!!", "Summer2023!"),  # two changed
        ("Summer2023!2024", "Summer2023!"),  # appended
        ("2024#Summer2023!", "Summer2023!"),  # prepended
        ("5umm3r2023!", "Summer2023!"),  # leet
        ("correct horse battery staple", "correcthorsebatterystaple"),  # spaces
    ],
)
def test_similar(new: str, old: str) -> None:
    """Case changes, reversal, a few edits, affixes and leet are similar_to_previous."""
    assert found(new, old) == ["similar_to_previous"]


@pytest.mark.parametrize(
    ("new", "old"),
    [
        ("Winter2023!", "Summer2023!"),
        ("completely-new-phrase", "Tr0ub4dor&3"),
        ("Summer2023!abcdefg", "Summer2023!"),
    ],
)
def test_different(new: str, old: str) -> None:
    """Passwords more than a few edits apart, or with many characters added, pass."""
    assert found(new, old) == []


def test_options() -> None:
    """max_edit_distance and check_reversed change what counts as similar."""
    assert found("Summer2024!!", "Summer2023!", max_edit_distance=1) == []
    assert found("3&rod4buor7", "Tr0ub4dor&3", check_reversed=False) == []
    assert found("Tr0ub4dor&4", "Tr0ub4dor&3", max_edit_distance=0) == []
    with pytest.raises(PolicyError):
        parse_policy({"name": "t", "rules": [{"type": "previous_password", "max_edit_distance": 9}]})


def test_nothing_without_previous_password() -> None:
    """Without a previous password the rule does nothing."""
    assert found("anything", None) == []


def test_help_texts() -> None:
    """Help texts state both requirements."""
    rule = PreviousPasswordRule(PreviousPasswordConfig(), LoadContext())
    assert rule.help_texts() == [
        "Do not reuse your previous password.",
        "Choose a password that is not a small change of your previous one.",
    ]


@given(st.text(min_size=1, max_size=24), st.text(max_size=24))
def test_property_verdict_never_contains_either_password(new: str, old: str) -> None:
    """The verdict never contains the new or the previous password."""
    bouncer = Bouncer(parse_policy({"name": "t", "rules": [{"type": "previous_password"}]}))
    verdict = bouncer.check(new + "~", {"previous_password": old + "~"})
    assert "check_failed" not in verdict.codes  # any string gets a real verdict
    dumped = json.dumps(verdict.to_dict(), ensure_ascii=False)
    assert new + "~" not in dumped and old + "~" not in dumped


@given(st.text("abcdefgh0123!", min_size=4, max_size=16), st.text("xyz9", max_size=3))
def test_property_small_changes_are_similar(old: str, suffix: str) -> None:
    """Changing the case of the old password and appending up to three characters is always caught."""
    assert found(old.upper() + suffix, old) in (["similar_to_previous"], ["same_as_previous"])
