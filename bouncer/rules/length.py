"""Minimum and maximum length, counted in Unicode code points of the NFC form."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from bouncer.candidate import Candidate
from bouncer.context import Context
from bouncer.reasons import Reason, render_help
from bouncer.rules.base import Rule, RuleConfig, RuleResult


class LengthConfig(RuleConfig):
    type: Literal["length"] = "length"
    min: int = Field(default=8, ge=1, le=4096)
    max: int | None = Field(default=None, ge=1, le=4096)

    @model_validator(mode="after")
    def _min_not_above_max(self) -> LengthConfig:
        if self.max is not None and self.max < self.min:
            raise ValueError("max must be at least min")
        return self


class LengthRule(Rule[LengthConfig]):
    type = "length"
    config_model = LengthConfig
    cost = 0

    def check(self, pw: Candidate, ctx: Context) -> RuleResult | None:
        if pw.length < self.config.min:
            return self.violation(Reason.TOO_SHORT, min_length=self.config.min)
        if self.config.max is not None and pw.length > self.config.max:
            return self.violation(Reason.TOO_LONG, max_length=self.config.max)
        return None

    def help_texts(self) -> list[str]:
        texts = [render_help(Reason.TOO_SHORT, {"min_length": self.config.min})]
        if self.config.max is not None:
            texts.append(render_help(Reason.TOO_LONG, {"max_length": self.config.max}))
        return texts
