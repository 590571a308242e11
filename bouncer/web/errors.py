"""Every error is JSON `{"error": {"code", "message"}}`; no body ever quotes the request.

Messages are written here or built from field locations, never from input
values. An unexpected exception is logged by type only (its text might quote
its input) and answered with a fixed 500 body.
"""

from __future__ import annotations

import logging

from flask import Flask, Response, jsonify
from pydantic import ValidationError
from werkzeug.exceptions import HTTPException

__all__ = ["APIError", "init_app", "from_validation_error", "error_response"]

log = logging.getLogger("bouncer.web")

# HTTP status -> our code for errors Werkzeug raises itself.
HTTP_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    413: "body_too_large",
    415: "unsupported_media_type",
    429: "rate_limited",
}
HTTP_MESSAGES = {
    404: "No such endpoint.",
    405: "This method is not allowed on this endpoint.",
    413: "The request body is larger than the limit.",
    429: "Too many requests; slow down and retry later.",
}


class APIError(Exception):
    """An error answered as JSON with `status`; `message` must never quote input."""

    def __init__(self, code: str, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.status = status


def error_response(code: str, message: str, status: int) -> Response:
    response = jsonify({"error": {"code": code, "message": message}})
    response.status_code = status
    return response


def from_validation_error(exc: ValidationError) -> APIError:
    """Turn a pydantic error into invalid_request naming fields only (never values)."""
    errors = exc.errors(include_input=False, include_url=False, include_context=False)
    first = errors[0] if errors else {"type": "", "loc": (), "msg": ""}
    if first["type"] == "json_invalid":
        text = str(first["msg"])
        if "unicode" in text.lower() or "escape" in text.lower():
            return APIError("invalid_unicode", "The body contains invalid Unicode (a lone surrogate?).")
        return APIError("invalid_json", "The body is not valid JSON.")
    parts = []
    for err in errors[:5]:
        path = list(err["loc"])
        if err["type"] == "extra_forbidden":
            path = path[:-1]  # the unknown key came from the caller: never echo it
        loc = ".".join(str(p) for p in path) or "body"
        parts.append(f"{loc}: {_MESSAGES.get(err['type'], 'invalid value')}")
    return APIError("invalid_request", "; ".join(parts))


# Fixed texts per pydantic error type, so no message can carry a value from the input.
_MESSAGES = {
    "missing": "field required",
    "extra_forbidden": "unknown field",
    "string_type": "must be a string",
    "bool_type": "must be true or false",
    "list_type": "must be a list",
    "model_type": "must be an object",
    "dict_type": "must be an object",
    "model_attributes_type": "must be an object",
    "literal_error": "not one of the allowed values",
    "string_too_long": "too long",
    "too_long": "too many items",
}


def init_app(app: Flask) -> None:
    @app.errorhandler(APIError)
    def _api_error(exc: APIError) -> Response:
        response = error_response(exc.code, exc.message, exc.status)
        if exc.status == 401:
            response.headers["WWW-Authenticate"] = 'Bearer realm="bouncer"'
        return response

    @app.errorhandler(HTTPException)
    def _http_error(exc: HTTPException) -> Response:
        status = exc.code or 500
        code = HTTP_CODES.get(status, "http_error")
        message = HTTP_MESSAGES.get(status) or (exc.name + ".")
        response = error_response(code, message, status)
        # Keep headers such as Retry-After and Allow, but not the HTML content type.
        for name, value in exc.get_headers():
            if name.lower() != "content-type":
                response.headers[name] = value
        limit = getattr(exc, "limit", None)  # flask-limiter's RateLimitExceeded
        if status == 429 and "Retry-After" not in response.headers and limit is not None:
            # The window length: an upper bound on the wait, without another store read.
            response.headers["Retry-After"] = str(limit.limit.get_expiry())
        return response

    @app.errorhandler(Exception)
    def _unexpected(exc: Exception) -> Response:
        # Type only: an exception's text may quote the request (and so the password).
        log.error("internal error", extra={"event": "internal_error", "exc_type": type(exc).__name__})
        return error_response("internal_error", "The service failed; the request was not checked.", 500)
