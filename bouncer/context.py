"""Who is changing the password, and how: the words a password must not be built from."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from bouncer.errors import InputError

__all__ = ["Context", "Operation"]

Operation = Literal["change", "set"]
_FIELDS = ("username", "email", "display_name", "words", "groups", "operation", "previous_password")
_STRINGS = ("username", "email", "display_name", "previous_password")
_LISTS = ("words", "groups")
# An unknown key is named in the error only if it looks like a field name: a key could be
# anything the caller typed (even a password), and a lone surrogate would break log handlers.
_NAMEABLE = re.compile(r"^[a-z_][a-z0-9_]{0,31}$")


def validate_input(value: object, what: str = "password") -> str:
    """Raise InputError unless `value` is a str that encodes as UTF-8 (no lone surrogates)."""
    if not isinstance(value, str):
        raise InputError(f"{what} must be a string")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise InputError(f"{what} is not valid Unicode (it contains a lone surrogate)") from None
    return value


def _check_text(value: object, name: str) -> None:
    validate_input(value, f"context.{name}")


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
        if not isinstance(self.operation, str) or self.operation not in ("change", "set"):
            raise InputError("context.operation must be 'change' or 'set'")
        for name in _STRINGS:
            value = getattr(self, name)
            if value is not None:
                _check_text(value, name)
        for name in _LISTS:
            value = getattr(self, name)
            # A bare string (or bytes, or a mapping) is iterable too, but as a list of words it would
            # be its characters (or keys): only real collections of strings are accepted.
            if isinstance(value, str | bytes | bytearray | Mapping) or not isinstance(value, Iterable):
                raise InputError(f"context.{name} must be a list of strings")
            value = tuple(value)
            for item in value:
                if not isinstance(item, str):
                    raise InputError(f"context.{name} must be a list of strings")
                _check_text(item, name)
            # Accept lists from JSON callers but keep the object hashable and immutable.
            object.__setattr__(self, name, value)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Context:
        """Build from the JSON shape in docs/schema.md; unknown keys are an error.

        JSON null stands for an absent field. Raises InputError for anything else of the
        wrong shape or type.
        """
        if not isinstance(data, Mapping):
            raise InputError("context must be a mapping (a JSON object)")
        unknown = [key for key in data if key not in _FIELDS]
        if unknown:
            named = sorted(k for k in unknown if isinstance(k, str) and _NAMEABLE.match(k))
            if len(named) == len(unknown):
                raise InputError(f"unknown context field(s): {', '.join(named)}")
            raise InputError(f"{len(unknown)} unknown context field(s); allowed: {', '.join(_FIELDS)}")
        kwargs: dict[str, Any] = {name: data[name] for name in _FIELDS if data.get(name) is not None}
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
