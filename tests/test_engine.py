from __future__ import annotations

import pytest

from bouncer import Bouncer, InputError
from bouncer.policy import parse_policy


def make(**extra: object) -> Bouncer:
    data = {"name": "t", "rules": [{"type": "length", "min": 4, "max": 10}], **extra}
    return Bouncer(parse_policy(data))


def test_cap_applies_before_rules() -> None:
    """Input past max_input is too_long and no rule runs."""
    v = make(max_input=20).check("x" * 21)
    assert v.codes == ("too_long",) and v.rules_run == ("input",)


def test_control_character_is_a_rejection() -> None:
    """NUL is a rejection with its own code, not an error."""
    assert make().check("ab\x00cd").codes == ("control_character",)


def test_lone_surrogate_is_a_fault() -> None:
    """Lone surrogates raise InputError with no password in the message."""
    with pytest.raises(InputError) as err:
        make().check("ab\ud800cd")
    assert "ab" not in str(err.value)


def test_audit_mode_accepts_and_flags() -> None:
    """Audit mode accepts but sets would_reject."""
    v = make(mode="audit").check("ab")
    assert v.accepted and v.would_reject and v.codes == ("too_short",)
