"""A policy's own pattern: the password must match it, or must not.

Patterns run on the NFC form with the `regex` package and its `timeout`, so a
pattern that backtracks catastrophically on a 4,096-character input costs at
most `timeout_ms` and then fails closed (`check_failed`) instead of hanging the
check. Patterns that do not compile are refused when the policy loads. The
pattern is searched for anywhere in the password; anchor it (`^...$`) to
match the whole password.
"""

from __future__ import annotations

from typing import Literal

import regex
from pydantic import Field, field_validator

from bouncer.candidate import Candidate
from bouncer.context import Context
from bouncer.errors import BouncerError
from bouncer.reasons import Reason, render_help
from bouncer.rules.base import LoadContext, Rule, RuleConfig, RuleResult

__all__ = ["RegexConfig", "RegexRule", "PatternTimeout", "MAX_PATTERN_LENGTH"]

# A policy pattern is a short requirement, not a word list; longer text is a mistake.
MAX_PATTERN_LENGTH = 1000
# Samba warns after 1 s per password check; no single pattern may use it all.
MAX_TIMEOUT_MS = 1000


class PatternTimeout(BouncerError):
    """A regex rule ran past its timeout; the engine turns this into check_failed."""


def _flags(ignore_case: bool) -> int:
    return regex.IGNORECASE if ignore_case else 0


class RegexConfig(RuleConfig):
    type: Literal["regex"] = "regex"
    pattern: str = Field(min_length=1, max_length=MAX_PATTERN_LENGTH)
    must: Literal["match", "not_match"] = "not_match"
    # Shown to users inside the message ("...does not meet this requirement: {description}").
    description: str = Field(min_length=1, max_length=200)
    ignore_case: bool = False
    timeout_ms: int = Field(default=50, ge=1, le=MAX_TIMEOUT_MS)

    @field_validator("pattern")
    @classmethod
    def _compiles(cls, value: str) -> str:
        try:
            regex.compile(value)
        except (regex.error, TypeError, ValueError, OverflowError) as exc:
            reason = getattr(exc, "msg", None) or exc.__class__.__name__
            raise ValueError(f"pattern does not compile: {reason}") from None
        return value


class RegexRule(Rule[RegexConfig]):
    """Searches the NFC form for the pattern, with a timeout."""

    type = "regex"
    config_model = RegexConfig
    cost = 5

    def __init__(self, config: RegexConfig, load: LoadContext) -> None:
        super().__init__(config, load)
        self._pattern = regex.compile(config.pattern, _flags(config.ignore_case))
        self._timeout = config.timeout_ms / 1000.0

    def check(self, pw: Candidate, ctx: Context) -> RuleResult | None:
        try:
            found = self._pattern.search(pw.nfc, timeout=self._timeout) is not None
        except TimeoutError:
            # The message names only the limit: never the pattern's input.
            raise PatternTimeout(f"regex rule timed out after {self.config.timeout_ms} ms") from None
        description = self.config.description
        if self.config.must == "match" and not found:
            return self.violation(Reason.PATTERN_REQUIRED, description=description)
        if self.config.must == "not_match" and found:
            return self.violation(Reason.PATTERN_FORBIDDEN, description=description)
        return None

    def help_texts(self) -> list[str]:
        code = Reason.PATTERN_REQUIRED if self.config.must == "match" else Reason.PATTERN_FORBIDDEN
        return [render_help(code, {"description": self.config.description})]
