"""Request and response models of API v1; /openapi.json is generated from these.

Every model that can carry a password types it as SecretStr (hidden in repr and
dumps) and sets hide_input_in_errors, so a validation error never echoes it.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, SecretStr

from bouncer.context import Context
from bouncer.reasons import Reason

__all__ = [
    "ContextModel", "CheckRequest", "FindingModel", "StrengthModel", "PolicyRef", "VerdictModel",
    "PolicySummary", "PolicyList", "PolicyDetail", "ErrorDetail", "ErrorBody", "Health",
    "FilterStatus", "Verification", "Readiness", "ReloadResult", "KeyInfo", "KeyList",
]

# Free-text labels a portal may attach (client, channel, session id): short by design.
LABEL_MAX = 128
# Context strings are names and words, not documents.
CONTEXT_MAX = 1024
CONTEXT_WORDS_MAX = 256

_STRICT_IN = ConfigDict(extra="forbid", hide_input_in_errors=True, strict=True)
_OUT = ConfigDict(extra="forbid")

Str = Field(default=None, max_length=CONTEXT_MAX)


class ContextModel(BaseModel):
    """Who changes the password; every field optional (docs/schema.md)."""

    model_config = _STRICT_IN
    username: str | None = Str
    email: str | None = Str
    display_name: str | None = Str
    groups: list[str] = Field(default_factory=list, max_length=CONTEXT_WORDS_MAX)
    words: list[str] = Field(default_factory=list, max_length=CONTEXT_WORDS_MAX)
    operation: Literal["change", "set"] = "change"
    previous_password: SecretStr | None = None

    def to_context(self) -> Context:
        prev = self.previous_password
        return Context(
            username=self.username, email=self.email, display_name=self.display_name,
            words=tuple(self.words), groups=tuple(self.groups), operation=self.operation,
            previous_password=prev.get_secret_value() if prev is not None else None,
        )


class CheckRequest(BaseModel):
    """Body of POST /v1/check."""

    model_config = _STRICT_IN
    password: SecretStr
    policy: str | None = Field(default=None, max_length=64, description="A loaded policy's name")
    context: ContextModel = Field(default_factory=ContextModel)
    client: str | None = Field(default=None, max_length=LABEL_MAX)
    channel: str | None = Field(default=None, max_length=LABEL_MAX)
    session_id: str | None = Field(default=None, max_length=LABEL_MAX)
    preview: bool = Field(default=False, description="As-you-type feedback: answered, not counted")


JSONScalar = str | int | float | bool | None


class FindingModel(BaseModel):
    model_config = _OUT
    code: Reason
    message: str
    params: dict[str, JSONScalar]
    rule: str


class StrengthModel(BaseModel):
    model_config = _OUT
    score: int = Field(ge=0, le=4)
    guesses_log10: float
    warning: str
    suggestions: list[str]


class PolicyRef(BaseModel):
    model_config = _OUT
    name: str
    version: str


class VerdictModel(BaseModel):
    """The verdict of docs/schema.md: accept or reject are both 200 results."""

    model_config = _OUT
    accepted: bool
    would_reject: bool
    mode: Literal["enforce", "audit"]
    policy: PolicyRef
    violations: list[FindingModel]
    warnings: list[FindingModel]
    strength: StrengthModel | None
    rules_run: list[str]
    duration_ms: float


class PolicySummary(BaseModel):
    model_config = _OUT
    name: str
    version: str
    description: str
    mode: Literal["enforce", "audit"]


class PolicyList(BaseModel):
    model_config = _OUT
    default: str
    policies: list[PolicySummary]


class PolicyDetail(PolicySummary):
    help_texts: list[str] = Field(description="Requirements to show before the user types")
    rules: list[dict[str, JSONScalar | list[JSONScalar] | dict[str, JSONScalar]]]


class ErrorDetail(BaseModel):
    model_config = _OUT
    code: str
    message: str


class ErrorBody(BaseModel):
    model_config = _OUT
    error: ErrorDetail


class Health(BaseModel):
    model_config = _OUT
    status: Literal["ok"]


class FilterStatus(BaseModel):
    model_config = _OUT
    name: str
    age_seconds: float | None


class Verification(BaseModel):
    """The service's own checksum verification of its filters (background, at start and reload)."""

    model_config = _OUT
    status: Literal["pending", "ok", "failed"]
    checked_at: str | None
    files: int


class Readiness(BaseModel):
    model_config = _OUT
    ready: bool
    policies: list[PolicyRef]
    filters: list[FilterStatus]
    verification: Verification
    reload_failed: bool
    last_reload_at: str | None


class ReloadResult(BaseModel):
    model_config = _OUT
    reloaded: bool
    policies: list[PolicyRef]


class KeyInfo(BaseModel):
    model_config = _OUT
    id: str
    roles: list[str]
    policies: list[str]
    created: str
    revoked: str | None
    note: str


class KeyList(BaseModel):
    model_config = _OUT
    keys: list[KeyInfo]
