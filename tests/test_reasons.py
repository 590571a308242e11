"""The reason codes are public API: a closed, snake_case set with a message and help text each."""

from __future__ import annotations

import re

from conftest import ROOT

from bouncer.reasons import REASON_TEXTS, Reason, render_help, render_message


def test_every_code_has_texts() -> None:
    """Each code has a non-empty message and help text."""
    assert set(REASON_TEXTS) == set(Reason)
    for code, (message, help_text) in REASON_TEXTS.items():
        assert message.strip() and help_text.strip(), code


def test_codes_are_snake_case_and_short() -> None:
    """Codes are lowercase ASCII snake_case of at most 24 characters."""
    for code in Reason:
        assert re.fullmatch(r"[a-z][a-z0-9_]{0,23}", code.value), code


def test_codes_match_snapshot() -> None:
    """Renaming or removing a code breaks clients; the snapshot makes that a deliberate change."""
    snapshot = (ROOT / "tests" / "snapshots" / "reason_codes.txt").read_text().split()
    assert [c.value for c in Reason] == snapshot


def test_missing_params_render_empty_not_raise() -> None:
    """A template with a missing param renders instead of raising inside a check."""
    assert "{" not in render_message(Reason.TOO_SHORT, {})
    assert render_help(Reason.TOO_SHORT, {"min_length": 15}) == "Use at least 15 characters."
