"""The regex rule: must match / must not match, with a timeout and compile checks at load."""

from __future__ import annotations

import unicodedata

import pytest

from bouncer.candidate import Candidate
from bouncer.context import Context
from bouncer.engine import Bouncer
from bouncer.errors import BouncerError, PolicyError
from bouncer.policy import parse_policy
from bouncer.rules.base import LoadContext
from bouncer.rules.regex import PatternTimeout, RegexConfig, RegexRule

# Nested quantifiers: exponential backtracking on "aaaa...b" in a backtracking engine.
CATASTROPHIC = r"^(a+)+$"


def rule(**options: object) -> RegexRule:
    options.setdefault("description", "a test pattern")
    return RegexRule(RegexConfig(**options), LoadContext())  # type: ignore[arg-type]


def findings(r: RegexRule, password: str) -> list[tuple[str, dict[str, object]]]:
    result = r.check(Candidate(password), Context())
    return [] if result is None else [(f.code, dict(f.params)) for f in result.violations]


def test_must_not_match() -> None:
    """A forbidden pattern found anywhere is pattern_forbidden with the description as param."""
    r = rule(pattern=r"(?:acme|contoso)", description="the company name")
    assert findings(r, "xxacmexx") == [("pattern_forbidden", {"description": "the company name"})]
    assert findings(r, "xxACMExx") == []


def test_must_match() -> None:
    """A required pattern that is absent is pattern_required."""
    r = rule(pattern=r"\d", must="match", description="Include a digit")
    assert findings(r, "abcdef") == [("pattern_required", {"description": "Include a digit"})]
    assert findings(r, "abc1ef") == []


def test_ignore_case() -> None:
    """ignore_case matches regardless of case."""
    assert findings(rule(pattern="acme", ignore_case=True), "xAcMEx")[0][0] == "pattern_forbidden"


def test_matches_the_nfc_form() -> None:
    """An NFD spelling matches a pattern written in NFC."""
    r = rule(pattern="é")
    assert findings(r, unicodedata.normalize("NFD", "café"))[0][0] == "pattern_forbidden"


def test_catastrophic_pattern_times_out_as_a_fault() -> None:
    """A backtracking blow-up on 4,096 characters raises PatternTimeout, free of the password."""
    password = "a" * 4095 + "!"
    with pytest.raises(PatternTimeout) as err:
        rule(pattern=CATASTROPHIC, timeout_ms=20).check(Candidate(password), Context())
    assert isinstance(err.value, BouncerError)
    assert "aaaa" not in str(err.value) and "!" not in str(err.value)
    assert err.value.__cause__ is None and err.value.__suppress_context__


def test_timeout_fails_closed_in_the_engine() -> None:
    """Through the engine a timed-out pattern rejects with check_failed naming the rule."""
    policy = parse_policy({"name": "t", "rules": [
        {"type": "regex", "pattern": CATASTROPHIC, "description": "only a", "timeout_ms": 20},
    ]})
    verdict = Bouncer(policy).check("a" * 4095 + "!")
    assert not verdict.accepted
    assert [(f.code, f.params) for f in verdict.violations] == [("check_failed", {"rule": "regex"})]


@pytest.mark.parametrize("pattern", ["(", "[a-", "a{2,1}", "*a", "\\"])
def test_patterns_that_do_not_compile_are_refused_at_load(pattern: str) -> None:
    """A pattern that does not compile is a PolicyError naming the file and the field."""
    with pytest.raises(PolicyError) as err:
        parse_policy({"name": "t", "rules": [
            {"type": "regex", "pattern": pattern, "description": "x"},
        ]}, origin="p.toml")
    assert str(err.value).startswith("p.toml: rules.0.regex.pattern: Value error, pattern does not compile")


@pytest.mark.parametrize("bad", [
    {"pattern": "a"},                                   # description is required
    {"pattern": "a", "description": "x", "timeout_ms": 0},
    {"pattern": "a", "description": "x", "timeout_ms": 5000},
    {"pattern": "a", "description": "x", "must": "maybe"},
    {"pattern": "", "description": "x"},
])
def test_bad_options_are_policy_errors(bad: dict[str, object]) -> None:
    """Missing or out-of-range options are refused at load."""
    with pytest.raises(PolicyError):
        parse_policy({"name": "t", "rules": [{"type": "regex", **bad}]})


def test_help_texts() -> None:
    """Help texts quote the description as a requirement."""
    assert rule(pattern="x", must="match", description="Include an x").help_texts() == ["Include an x."]
    assert rule(pattern="x", description="the letter x").help_texts() == ["Avoid this pattern: the letter x."]
