"""Bearer API keys with roles: 401 when missing or unknown, 403 when the role is wrong.

The key is resolved once per request (the rate limiter asks for the key id
before the view runs) and only its id is kept on `g`.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar, cast

from flask import current_app, g, request

from bouncer.web.errors import APIError
from bouncer.web.keystore import ApiKey, KeyStore

__all__ = ["current_key", "current_key_id", "require_role", "AuthError"]

F = TypeVar("F", bound=Callable[..., Any])
# Longer than any key we issue; a longer header is refused before hashing.
MAX_KEY_LENGTH = 256


class AuthError(APIError):
    """401/403 with the Bearer challenge header."""


def _store() -> KeyStore:
    store: KeyStore = current_app.extensions["bouncer"].keys
    return store


def current_key() -> ApiKey | None:
    """The valid key of this request, or None (missing, malformed, unknown, revoked)."""
    if "auth_done" not in g:
        g.auth_done = True
        g.api_key = None
        header = request.headers.get("Authorization", "")
        scheme, _, token = header.partition(" ")
        g.auth_present = bool(header)
        token = token.strip()
        if scheme.lower() == "bearer" and token and len(token) <= MAX_KEY_LENGTH:
            g.api_key = _store().verify(token)
        if g.api_key is not None:
            g.key_id = g.api_key.id
    return cast("ApiKey | None", g.api_key)


def current_key_id() -> str | None:
    key = current_key()
    return key.id if key else None


def require_role(role: str) -> Callable[[F], F]:
    """Decorator: the request needs a valid key holding `role`."""

    def decorate(view: F) -> F:
        @wraps(view)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            key = current_key()
            if key is None:
                if g.get("auth_present"):
                    raise AuthError("invalid_key", "The API key is not valid.", 401)
                raise AuthError("missing_key", "Send an API key as 'Authorization: Bearer <key>'.", 401)
            if role not in key.roles:
                raise AuthError("forbidden", f"This key lacks the '{role}' role.", 403)
            return view(*args, **kwargs)

        return cast(F, wrapper)

    return decorate
