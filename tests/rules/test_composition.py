"""The composition rule: character classes by Unicode category, required classes and length tiers."""

from __future__ import annotations

import unicodedata

import pytest

from bouncer.candidate import Candidate
from bouncer.context import Context
from bouncer.errors import PolicyError
from bouncer.policy import parse_policy
from bouncer.rules.base import LoadContext
from bouncer.rules.composition import CompositionConfig, CompositionRule, char_class

ALL5 = ["lower", "upper", "digit", "symbol", "other_letter"]
TIERS = [{"below": 12, "min_classes": 3}, {"below": 16, "min_classes": 2}]


def rule(**options: object) -> CompositionRule:
    return CompositionRule(CompositionConfig(**options), LoadContext())  # type: ignore[arg-type]


def codes(r: CompositionRule, password: str) -> list[str]:
    result = r.check(Candidate(password), Context())
    return [] if result is None else [f.code for f in result.violations]


@pytest.mark.parametrize(("ch", "cls"), [
    ("a", "lower"), ("é", "lower"), ("ß", "lower"), ("я", "lower"),
    ("A", "upper"), ("É", "upper"), ("Я", "upper"), ("ǅ", "upper"),
    ("7", "digit"), ("٣", "digit"),
    ("中", "other_letter"), ("ب", "other_letter"), ("א", "other_letter"), ("ー", "other_letter"),
    ("!", "symbol"), (" ", "symbol"), ("_", "symbol"), ("€", "symbol"), ("🙂", "symbol"),
    ("²", "symbol"), ("Ⅻ", "symbol"), ("«", "symbol"), ("\ue000", "symbol"),
    ("\u0301", None), ("\u200d", None), ("\u0378", None),
])
def test_char_class_mapping(ch: str, cls: str | None) -> None:
    """Each code point maps to the documented class by its Unicode general category."""
    assert char_class(ch) == cls


@pytest.mark.parametrize(("password", "expected"), [
    ("abcdefgh", ["too_few_classes"]),          # 8 code points, 1 class; 3 needed
    ("abcdefG1", []),                           # 8 code points, 3 classes
    ("abcdefghijkl", ["too_few_classes"]),      # 12 code points, 1 class; 2 needed
    ("abcdefghijkL", []),                       # 12 code points, 2 classes
    ("abcdefghijklmnop", []),                   # 16 code points: no tier applies
])
def test_length_tiers(password: str, expected: list[str]) -> None:
    """Shorter than 12 needs 3 classes, 12-15 needs 2, 16 and more needs min_classes (0)."""
    assert codes(rule(tiers=TIERS), password) == expected


def test_tier_boundaries() -> None:
    """The first tier the length is below wins; at or past the last tier min_classes applies."""
    r = rule(tiers=TIERS, min_classes=1)
    assert r.needed(11) == 3 and r.needed(12) == 2 and r.needed(15) == 2 and r.needed(16) == 1
    assert codes(r, "a" * 15) == ["too_few_classes"]
    assert codes(r, "a" * 16) == []


def test_too_few_classes_params() -> None:
    """too_few_classes names the counts and the classes in words, never the characters."""
    result = rule(min_classes=3).check(Candidate("abc123"), Context())
    assert result is not None
    [finding] = result.violations
    assert finding.params == {
        "classes": 2, "min_classes": 3,
        "class_names": "lowercase letters, uppercase letters, digits, symbols",
    }


def test_required_classes_each_reported() -> None:
    """Each required class that is absent is its own missing_class finding."""
    result = rule(required=["digit", "symbol"]).check(Candidate("abcdef"), Context())
    assert result is not None
    assert [(f.code, f.params) for f in result.violations] == [
        ("missing_class", {"class_name": "digit"}),
        ("missing_class", {"class_name": "symbol"}),
    ]
    assert codes(rule(required=["digit", "symbol"]), "abc1!") == []


def test_other_letters_count_only_when_listed() -> None:
    """With Windows' five classes a CJK letter is a class; with the default four it adds none."""
    assert codes(rule(classes=ALL5, min_classes=3), "中文abc1") == []
    assert codes(rule(min_classes=3), "中文abc1") == ["too_few_classes"]


def test_counted_on_nfc() -> None:
    """NFC and NFD spellings count the same classes (a combining accent adds no class)."""
    r = rule(min_classes=2)
    for form in ("NFC", "NFD"):
        assert codes(r, unicodedata.normalize(form, "éééééé")) == ["too_few_classes"]
        assert codes(r, unicodedata.normalize(form, "ééééé1")) == []


def test_no_requirement_passes_anything() -> None:
    """With no minimum and nothing required, the rule never reports."""
    assert codes(rule(), "a") == []


@pytest.mark.parametrize("bad", [
    {"required": ["digit"], "classes": ["lower", "upper"]},
    {"min_classes": 5},
    {"tiers": [{"below": 16, "min_classes": 2}, {"below": 12, "min_classes": 3}]},
    {"classes": ["lower", "lower"]},
    {"classes": ["emoji"]},
    {"tiers": [{"below": 12, "min_classes": 3, "extra": 1}]},
])
def test_bad_options_are_policy_errors(bad: dict[str, object]) -> None:
    """Inconsistent options are refused when the policy loads, naming the rule."""
    with pytest.raises(PolicyError) as err:
        parse_policy({"name": "t", "rules": [{"type": "composition", **bad}]}, origin="p.toml")
    assert "p.toml: rules.0" in str(err.value)


def test_help_texts_state_requirements() -> None:
    """Help texts name each required class and each tier's minimum."""
    texts = rule(required=["digit"], tiers=TIERS, min_classes=1).help_texts()
    assert texts[0] == "Include at least one digit."
    assert "for passwords shorter than 12 characters" in texts[1]
    assert "for passwords shorter than 16 characters" in texts[2]
    assert texts[3].startswith("Use at least 1 of") and "16 characters or more" in texts[3]
