"""Minimum zxcvbn strength, with the user's own words as zxcvbn user inputs.

Scoring goes through `bouncer.strength`, the bounded and thread-safe zxcvbn
adapter; this rule only chooses the user inputs and compares the score.
"""

from __future__ import annotations

import re
from typing import Literal

from pydantic import Field

from bouncer.candidate import Candidate
from bouncer.context import Context
from bouncer.reasons import Reason, render_help
from bouncer.rules.base import Rule, RuleConfig, RuleResult
from bouncer.strength import estimate

__all__ = ["StrengthConfig", "StrengthRule", "context_inputs"]

# Email and display-name parts shorter than this match too much by accident
# ("jo" inside "major"); the whole username and email are always used.
MIN_PART_LENGTH = 3
# Separators inside user names, email local parts and display names.
_SPLIT = re.compile(r"[\s._+\-@,;:/\\|()'\"]+")


class StrengthConfig(RuleConfig):
    type: Literal["strength"] = "strength"
    min_score: int = Field(default=3, ge=0, le=4)
    use_context: bool = True


def context_inputs(ctx: Context) -> list[str]:
    """The context words zxcvbn should treat as most guessable, most specific first.

    zxcvbn ranks user inputs by position (rank 1 is guessed first), so the
    username and the email's local part come before display-name tokens, the
    email's domain labels and extra words.
    """
    words: list[str] = []

    def add(value: str | None, whole: bool = True, parts: bool = True) -> None:
        if not value:
            return
        if whole:
            words.append(value)
        if parts:
            words.extend(p for p in _SPLIT.split(value) if len(p) >= MIN_PART_LENGTH)

    add(ctx.username)
    local, _, domain = (ctx.email or "").partition("@")
    add(local)
    add(ctx.display_name, whole=False)
    add(ctx.email, parts=False)
    # Domain labels except the top-level one ("example" of "mail.example.com").
    for label in domain.split(".")[:-1]:
        add(label)
    for word in ctx.words:
        add(word)
    seen: set[str] = set()
    unique = []
    for word in words:
        key = word.lower()
        if key not in seen:
            seen.add(key)
            unique.append(word)
    return unique


class StrengthRule(Rule[StrengthConfig]):
    """zxcvbn's score (0-4) must reach `min_score`; the strength is always reported."""

    type = "strength"
    config_model = StrengthConfig
    # The most expensive rule: with report = "first" it runs only if the cheap ones pass.
    cost = 100

    def check(self, pw: Candidate, ctx: Context) -> RuleResult | None:
        inputs = context_inputs(ctx) if self.config.use_context else []
        strength = estimate(pw.nfc, inputs)
        result = RuleResult(strength=strength)
        if strength.score < self.config.min_score:
            result.violations = self.violation(
                Reason.TOO_GUESSABLE, score=strength.score, min_score=self.config.min_score
            ).violations
        return result

    def help_texts(self) -> list[str]:
        if self.config.min_score == 0:
            return []
        return [render_help(Reason.TOO_GUESSABLE, {"min_score": self.config.min_score})]
