"""Structured JSON logs: one line per request with a request id, whitelisted fields, no raw paths."""

from __future__ import annotations

import json
import logging

import pytest
from gunicorn.http.errors import NoMoreData  # type: ignore[import-untyped]

from bouncer.web.logging import JSONFormatter, RedactServerLines

from .conftest import Service


def test_one_json_line_per_request(svc: Service, caplog: pytest.LogCaptureFixture) -> None:
    """The access line carries the request id, route template, status, key id, policy and outcome."""
    caplog.set_level(logging.INFO, logger="bouncer.web.access")
    r = svc.check({"password": "abc"})
    record = next(rec for rec in caplog.records if rec.name == "bouncer.web.access")
    line = json.loads(JSONFormatter().format(record))
    assert line["event"] == "request" and line["path"] == "/v1/check" and line["status"] == 200
    assert line["key_id"] == svc.keys["check"].split("_")[1]
    assert line["policy"] == "weak" and line["outcome"] == "rejected"
    assert line["request_id"] == r.headers["X-Request-ID"]


def test_raw_path_is_never_logged(svc: Service, caplog: pytest.LogCaptureFixture) -> None:
    """A path with caller data is logged as its route template (or '-' when unmatched)."""
    caplog.set_level(logging.INFO, logger="bouncer.web.access")
    svc.client.get("/v1/policies/SECRETNAME", headers=svc.headers())
    svc.client.get("/nowhere/SECRETNAME")
    lines = [JSONFormatter().format(rec) for rec in caplog.records]
    assert not any("SECRETNAME" in line for line in lines)
    assert any('"path": "/v1/policies/<name>"' in line for line in lines)


def test_formatter_drops_unknown_extras_and_exception_text() -> None:
    """Only whitelisted extra fields are written; an exception appears as its type name only."""
    try:
        raise ValueError("hunter2")
    except ValueError:
        import sys

        exc_info = sys.exc_info()
    record = logging.LogRecord("x", logging.ERROR, __file__, 1, "failed", None, exc_info)
    record.password = "hunter2"  # type: ignore[attr-defined]
    record.event = "boom"  # type: ignore[attr-defined]
    line = JSONFormatter().format(record)
    assert "hunter2" not in line and json.loads(line)["exc_type"] == "ValueError"
    assert json.loads(line)["event"] == "boom"


@pytest.mark.parametrize(("msg", "args", "expected"), [
    ("Error handling request %s %s", ("GET", "/x?password=hunter2"), "Error handling request"),
    ("Invalid request from ip=1.2.3.4: Invalid Request Line 'GET /hunter2 junk'", None,
     "Invalid request from ip=1.2.3.4: malformed HTTP (details withheld)"),
    ("Booting worker with pid: %s", (12,), "Booting worker with pid: 12"),
    # A client that hangs up mid-headers: gunicorn logs the bytes read so far (the key, the URL).
    ("Ignored premature client disconnection. %s", (NoMoreData(b"GET /x?pw=hunter2\r\nAuthorization: Bearer "
                                                               b"hunter2"),),
     "Ignored premature client disconnection (details withheld)"),
    ("Closing connection. %s", (StopIteration("hunter2"),), "Closing connection (details withheld)"),
])
def test_gunicorn_lines_are_redacted(msg: str, args: tuple[object, ...] | None, expected: str) -> None:
    """gunicorn messages that quote a request line lose the request; others pass unchanged."""
    record = logging.LogRecord("gunicorn.error", logging.WARNING, __file__, 1, msg, args, None)
    assert RedactServerLines().filter(record)
    assert record.getMessage() == expected


def test_unknown_http_method_is_not_logged_verbatim(svc: Service, caplog: pytest.LogCaptureFixture) -> None:
    """An unconventional method token (caller-chosen text) is logged as OTHER, never as sent."""
    caplog.set_level(logging.INFO, logger="bouncer.web.access")
    svc.client.open("/v1/check", method="HUNTERSECRET", headers=svc.headers())
    svc.client.post("/v1/check", json={"password": "abc"}, headers=svc.headers())
    lines = [json.loads(JSONFormatter().format(rec)) for rec in caplog.records
             if rec.name == "bouncer.web.access"]
    assert [line["method"] for line in lines] == ["OTHER", "POST"]
