"""Who is changing the password, and how: the words a password must not be built from."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from bouncer.errors import InputError

__all__ = ["Context", "Operation"]

Operation = Literal["change", "set"]
_FIELDS = ("username", "email", "display_name", "words", "groups", "operation", "previous_password")


@dataclass(frozen=True, slots=True)
class Context:
    """Context of one check. Every field is optional.

    `operation` is "change" (the user changes their own password) or "set"
    (an administrator or a reset sets it). `previous_password` is kept out of
    repr() and to_dict() so it cannot reach a log line by accident.
    """

    username: str | None = None
    email: str | None = None
    display_name: str | None = None
    words: tuple[str, ...] = ()
    groups: tuple[str, ...] = ()
    operation: Operation = "change"
    previous_password: str | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        if self.operation not in ("change", "set"):
            raise InputError("context.operation must be 'change' or 'set'")
        # Accept lists from JSON callers but keep the object hashable and immutable.
        object.__setattr__(self, "words", tuple(self.words))
        object.__setattr__(self, "groups", tuple(self.groups))

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Context:
        """Build from the JSON shape in docs/schema.md; unknown keys are an error."""
        unknown = set(data) - set(_FIELDS)
        if unknown:
            raise InputError(f"unknown context field(s): {', '.join(sorted(unknown))}")
        kwargs: dict[str, Any] = {}
        for name in ("username", "email", "display_name", "previous_password"):
            value = data.get(name)
            if value is not None and not isinstance(value, str):
                raise InputError(f"context.{name} must be a string")
            kwargs[name] = value
        for name in ("words", "groups"):
            value = data.get(name) or []
            if not isinstance(value, list | tuple) or not all(isinstance(v, str) for v in value):
                raise InputError(f"context.{name} must be a list of strings")
            kwargs[name] = tuple(value)
        kwargs["operation"] = data.get("operation") or "change"
        return cls(**kwargs)

    def to_dict(self) -> dict[str, Any]:
        """JSON shape without the previous password (only whether one was given)."""
        return {
            "username": self.username,
            "email": self.email,
            "display_name": self.display_name,
            "words": list(self.words),
            "groups": list(self.groups),
            "operation": self.operation,
            "has_previous_password": self.previous_password is not None,
        }
