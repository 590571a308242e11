"""The strength rule: zxcvbn's minimum score, with the user's words as user inputs."""

from __future__ import annotations

import pytest

from bouncer.candidate import Candidate
from bouncer.context import Context
from bouncer.engine import Bouncer
from bouncer.errors import PolicyError
from bouncer.policy import parse_policy
from bouncer.rules.base import LoadContext
from bouncer.rules.strength import StrengthConfig, StrengthRule, context_inputs


def rule(**options: object) -> StrengthRule:
    return StrengthRule(StrengthConfig(**options), LoadContext())  # type: ignore[arg-type]


def test_weak_password_is_too_guessable_with_params() -> None:
    """A common password is rejected with its score and the minimum as params."""
    result = rule(min_score=3).check(Candidate("password1"), Context())
    assert result is not None and result.strength is not None
    [finding] = result.violations
    assert finding.code == "too_guessable"
    assert finding.params == {"score": result.strength.score, "min_score": 3}
    assert result.strength.score < 3


def test_strong_password_passes_and_still_reports_strength() -> None:
    """A strong password has no violation but the strength is always returned."""
    result = rule().check(Candidate("correct horse battery staple"), Context())
    assert result is not None and not result.violations
    assert result.strength is not None and result.strength.score == 4


def test_context_words_make_a_password_weaker() -> None:
    """A password built from the user's own name scores lower with use_context on."""
    ctx = Context(username="qzvkxwjbtrml", email="qzvkxwjbtrml@example.com")
    with_ctx = rule(use_context=True).check(Candidate("qzvkxwjbtrml"), ctx)
    without = rule(use_context=False).check(Candidate("qzvkxwjbtrml"), ctx)
    assert with_ctx is not None and without is not None
    assert with_ctx.strength is not None and without.strength is not None
    assert with_ctx.strength.score == 0 and without.strength.score >= 3
    assert [f.code for f in with_ctx.violations] == ["too_guessable"]


def test_context_inputs_order_and_parts() -> None:
    """Username, email local part and its pieces, name tokens of 3+, email, domain labels, words."""
    ctx = Context(username="jdoe", email="john.doe@mail.acme.com", display_name="John Q Doe",
                  words=["Payroll", "JDOE"])
    # "John" and "JDOE" repeat earlier inputs (case-insensitively); "Q" is too short; "com" is a TLD.
    assert context_inputs(ctx) == [
        "jdoe", "john.doe", "john", "doe", "john.doe@mail.acme.com", "mail", "acme", "Payroll",
    ]


def test_empty_context_has_no_inputs() -> None:
    """With no context there are no user inputs."""
    assert context_inputs(Context()) == []


def test_min_score_zero_never_rejects() -> None:
    """min_score 0 only reports the strength."""
    result = rule(min_score=0).check(Candidate("aaaa"), Context())
    assert result is not None and not result.violations and result.strength is not None


@pytest.mark.parametrize("bad", [{"min_score": 5}, {"min_score": -1}, {"unknown": 1}])
def test_bad_options_are_policy_errors(bad: dict[str, object]) -> None:
    """Out-of-range or unknown options are refused when the policy loads, naming the field."""
    with pytest.raises(PolicyError) as err:
        parse_policy({"name": "t", "rules": [{"type": "strength", **bad}]}, origin="p.toml")
    assert "p.toml: rules.0" in str(err.value)


def test_engine_puts_strength_in_the_verdict() -> None:
    """Through the engine the verdict carries the strength and the help text states the minimum."""
    bouncer = Bouncer(parse_policy({"name": "t", "rules": [{"type": "strength", "min_score": 4}]}))
    verdict = bouncer.check("Tr0ub4dor&3", {"username": "jdoe"})
    assert verdict.strength is not None and verdict.to_dict()["strength"]["score"] == 4
    assert "Choose a password with a strength score of at least 4 of 4." in bouncer.help_texts()


def test_nfd_and_nfc_get_the_same_strength() -> None:
    """The NFC form is scored, so both spellings of one password get one strength."""
    import unicodedata

    word = "Crème brûlée à la façon de José"
    nfc = rule().check(Candidate(unicodedata.normalize("NFC", word)), Context())
    nfd = rule().check(Candidate(unicodedata.normalize("NFD", word)), Context())
    assert nfc is not None and nfd is not None and nfc.strength == nfd.strength
