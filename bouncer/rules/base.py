"""The Rule interface every rule module implements.

A rule module defines a pydantic `Config` (with a `type` literal, the tag used
in policy files) and a `Rule` subclass. It is registered in exactly one place,
`bouncer/rules/__init__.py`. A rule returns None when the password passes, or a
RuleResult with violations and/or warnings; it raises only on a fault, which
the engine turns into `check_failed` (fail closed).
"""

from __future__ import annotations

import builtins
from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar, Generic, Literal, TypeVar

from pydantic import BaseModel, ConfigDict

from bouncer.candidate import Candidate
from bouncer.context import Context
from bouncer.reasons import Reason
from bouncer.verdict import Finding, JSONScalar, Strength

__all__ = ["RuleConfig", "Rule", "RuleResult", "LoadContext"]


class RuleConfig(BaseModel):
    """Options common to every rule. Subclasses add `type: Literal[...]` and their own fields."""

    model_config = ConfigDict(extra="forbid", frozen=True, hide_input_in_errors=True)

    type: str
    # "warn" reports this rule's findings as warnings instead of violations.
    severity: Literal["reject", "warn"] = "reject"
    # A fault inside this rule rejects with check_failed ("reject", the default) or is
    # reported as a check_failed warning ("accept"); None means the policy's on_error.
    on_error: Literal["reject", "accept"] | None = None


@dataclass
class RuleResult:
    violations: list[Finding] = field(default_factory=list)
    warnings: list[Finding] = field(default_factory=list)
    strength: Strength | None = None


@dataclass(frozen=True)
class LoadContext:
    """What a rule may need at load time: where its policy file lives (for relative paths)."""

    policy_dir: Path | None = None


C = TypeVar("C", bound=RuleConfig)


class Rule(ABC, Generic[C]):
    """One check. Instances are immutable after __init__ and shared between threads."""

    type: ClassVar[str]
    config_model: ClassVar[builtins.type[RuleConfig]]
    # Ordering hint: cheap and certain rules run first (matters with report = "first").
    cost: ClassVar[int] = 10

    def __init__(self, config: C, load: LoadContext) -> None:
        self.config = config

    @abstractmethod
    def check(self, pw: Candidate, ctx: Context) -> RuleResult | None:
        """Return None if the password passes, else the findings. Raise only on a fault."""

    @abstractmethod
    def help_texts(self) -> list[str]:
        """Requirements a user must satisfy, phrased as requirements ("Use at least 15 characters.")."""

    @staticmethod
    def violation(code: Reason, **params: JSONScalar) -> RuleResult:
        return RuleResult(violations=[Finding(code, dict(params))])

    def describe(self) -> dict[str, Any]:
        """The rule's configuration for `policy show` and GET /v1/policies/<name>."""
        return self.config.model_dump(mode="json")
