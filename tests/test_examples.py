"""`run_examples`: the verdict of each policy example, reported without its password."""

from __future__ import annotations

from typing import Any

from bouncer.examples import run_examples
from bouncer.policy import parse_policy

MARKER = "hunter2-example"


def _outcomes(examples: list[dict[str, Any]], **extra: Any) -> list[Any]:
    policy = parse_policy({"name": "t", "rules": [{"type": "length", "min": 8}],
                           "examples": examples, **extra})
    return run_examples(policy)


def test_passing_examples() -> None:
    """Matching accept and reject (with codes) examples pass and carry the verdict's codes."""
    a, r = _outcomes([
        {"password": MARKER, "expect": "accept", "note": "long"},
        {"password": "short", "expect": "reject", "codes": ["too_short"]},
    ])
    assert a.passed and a.label == "#1 (long)" and a.codes == ()
    assert r.passed and r.label == "#2" and r.codes == ("too_short",)


def test_failures_are_explained_without_the_password() -> None:
    """Wrong verdicts, missing, unknown and misplaced codes fail with a problem naming codes only."""
    outcomes = _outcomes([
        {"password": MARKER, "expect": "reject"},
        {"password": "short", "expect": "accept"},
        {"password": "short", "expect": "reject", "codes": ["common_password"]},
        {"password": "short", "expect": "reject", "codes": ["no_such_code"]},
        {"password": MARKER, "expect": "accept", "codes": ["too_short"]},
        {"password": MARKER, "expect": "accept", "context": {"bogus": 1}},
    ])
    problems = [o.problem for o in outcomes]
    assert not any(o.passed for o in outcomes)
    assert problems[0] == "expected reject, got accept"
    assert problems[1] == "expected accept, got reject: too_short"
    assert problems[2] == "missing code(s) common_password; got too_short"
    assert problems[3] == "unknown code(s) in example: no_such_code"
    assert problems[4] == "codes are only meaningful with expect = reject"
    assert problems[5].startswith("could not check: unknown context field(s): bogus")
    assert all(MARKER not in p and "short" not in p.replace("too_short", "") for p in problems)


def test_audit_mode_examples_use_would_reject() -> None:
    """In audit mode an example expecting reject passes when enforce mode would reject."""
    (outcome,) = _outcomes([{"password": "short", "expect": "reject", "codes": ["too_short"]}], mode="audit")
    assert outcome.passed
