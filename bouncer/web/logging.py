"""Structured JSON log lines with a request id, and nothing secret in them.

Only whitelisted `extra` fields are emitted, and an exception is rendered as its
type name, never its text or traceback: both may quote the input. The request
id comes from a well-formed `X-Request-ID` header or is generated, and is echoed
in the response so a portal can correlate its own logs.
"""

from __future__ import annotations

import json
import logging
import re
import time
import uuid

from flask import Flask, Response, g, has_request_context, request

__all__ = ["JSONFormatter", "RedactServerLines", "configure", "init_app", "request_id"]

# Extra fields a log call may attach; anything else is dropped.
FIELDS = ("request_id", "event", "method", "path", "status", "duration_ms", "key_id", "policy", "outcome",
          "shadow_policy", "shadow_outcome", "preview", "exc_type", "client", "channel", "detail")
REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")
# The method is a caller-chosen token (gunicorn passes any upper-case word): only these are logged as sent.
METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})


class JSONFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, object] = {
            "time": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created))
            + f".{int(record.msecs):03d}Z",
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if has_request_context() and "request_id" in g:  # any record logged during a request
            line["request_id"] = g.request_id
        for name in FIELDS:
            if name in record.__dict__:
                line[name] = record.__dict__[name]
        if record.exc_info and record.exc_info[0] is not None:
            line["exc_type"] = record.exc_info[0].__name__
        return json.dumps(line, ensure_ascii=False, default=str)


# gunicorn DEBUG lines whose argument quotes a partly read request (a client hung up mid-headers).
WITHHELD = ("Ignored premature client disconnection", "Closing connection")


class RedactServerLines(logging.Filter):
    """Strip request lines and parse errors from gunicorn's own messages (a URL can carry anything)."""

    def filter(self, record: logging.LogRecord) -> bool:
        msg = str(record.msg)
        if msg.startswith("Error handling request"):
            record.msg, record.args = "Error handling request", None
        elif msg.startswith("Invalid request from ip="):
            record.msg, record.args = msg.split(":", 1)[0] + ": malformed HTTP (details withheld)", None
        elif msg.startswith(WITHHELD):
            # Their argument is the exception, whose text holds the bytes read so far (URL, API key).
            record.msg, record.args = msg.split(".", 1)[0] + " (details withheld)", None
        return True


def configure(level: str = "INFO") -> None:
    """Send every logger's records to stderr as JSON lines."""
    handler = logging.StreamHandler()
    handler.setFormatter(JSONFormatter())
    handler.addFilter(RedactServerLines())
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level)


def request_id() -> str:
    return str(g.get("request_id", ""))


def init_app(app: Flask) -> None:
    log = logging.getLogger("bouncer.web.access")

    @app.before_request
    def _start() -> None:
        given = request.headers.get("X-Request-ID", "")
        g.request_id = given if REQUEST_ID.match(given) else uuid.uuid4().hex
        g.started = time.perf_counter()

    @app.after_request
    def _finish(response: Response) -> Response:
        response.headers["X-Request-ID"] = request_id()
        started = g.get("started")
        duration = (time.perf_counter() - started) * 1000.0 if started else 0.0
        log.info(
            "request",
            extra={
                # The route template, never the raw path: a caller could put anything in a URL.
                "request_id": request_id(), "event": "request",
                "method": request.method if request.method in METHODS else "OTHER",
                "path": request.url_rule.rule if request.url_rule else "-",
                "status": response.status_code, "duration_ms": round(duration, 3),
                "key_id": g.get("key_id"), "policy": g.get("policy"), "outcome": g.get("outcome"),
            },
        )
        return response
