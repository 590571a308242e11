"""The result of a check: immutable, JSON-serialisable, and free of the password.

Params name what matched (`{"field": "username"}`), never the matched text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from bouncer.reasons import Reason, render_message

__all__ = ["Finding", "Strength", "Verdict"]

JSONScalar = str | int | float | bool | None


@dataclass(frozen=True, slots=True)
class Finding:
    """One violation or warning: a stable code, its params and the rule that found it."""

    code: Reason
    params: dict[str, JSONScalar] = field(default_factory=dict)
    rule: str = ""

    @property
    def message(self) -> str:
        return render_message(self.code, self.params)

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": str(self.code),
            "message": self.message,
            "params": dict(self.params),
            "rule": self.rule,
        }


@dataclass(frozen=True, slots=True)
class Strength:
    """zxcvbn's judgement, reduced to JSON-safe numbers and feedback text."""

    score: int
    guesses_log10: float
    warning: str = ""
    suggestions: tuple[str, ...] = ()
    # How many leading code points were scored (long inputs are scored in bounded pieces).
    scored_length: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {
            "score": self.score,
            "guesses_log10": self.guesses_log10,
            "warning": self.warning,
            "suggestions": list(self.suggestions),
        }


@dataclass(frozen=True, slots=True)
class Verdict:
    """What the bouncer decided.

    `accepted` is the answer to give the user. In audit mode it is always true
    and `would_reject` says whether enforce mode would have rejected.
    """

    accepted: bool
    would_reject: bool
    mode: Literal["enforce", "audit"]
    policy: str
    policy_version: str
    violations: tuple[Finding, ...] = ()
    warnings: tuple[Finding, ...] = ()
    strength: Strength | None = None
    rules_run: tuple[str, ...] = ()
    duration_ms: float = 0.0

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(str(f.code) for f in self.violations)

    def to_dict(self) -> dict[str, Any]:
        return {
            "accepted": self.accepted,
            "would_reject": self.would_reject,
            "mode": self.mode,
            "policy": {"name": self.policy, "version": self.policy_version},
            "violations": [f.to_dict() for f in self.violations],
            "warnings": [f.to_dict() for f in self.warnings],
            "strength": self.strength.to_dict() if self.strength else None,
            "rules_run": list(self.rules_run),
            "duration_ms": round(self.duration_ms, 3),
        }
