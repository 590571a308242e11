"""POST /v1/check, GET /v1/policies[/<name>] and every bad-input path, through the test client."""

from __future__ import annotations

import io
import json

import pytest

from bouncer.web import MAX_BODY_BYTES

from .conftest import Service


def test_reject_is_a_200_with_every_reason(svc: Service) -> None:
    """A weak password is a 200 verdict in the docs/schema.md shape, not an HTTP error."""
    r = svc.check({"password": "abc"})
    assert r.status_code == 200
    body = r.get_json()
    assert body["accepted"] is False and body["would_reject"] is False
    assert body["policy"] == {"name": "weak", "version": "1"}
    assert [v["code"] for v in body["violations"]] == ["too_short"]
    assert set(body) == {"accepted", "would_reject", "mode", "policy", "violations", "warnings",
                         "strength", "rules_run", "duration_ms"}


def test_accept_is_a_200(svc: Service) -> None:
    """A password that passes gets accepted: true."""
    r = svc.check({"password": "long enough"})
    assert r.status_code == 200 and r.get_json()["accepted"] is True


def test_context_is_passed_to_the_engine(svc: Service) -> None:
    """The full context shape is accepted (previous password included) and checked."""
    ctx = {"username": "jdoe", "email": "j@example.com", "display_name": "J Doe", "groups": ["staff"],
           "words": ["acme"], "operation": "set", "previous_password": "old secret value"}
    r = svc.check({"password": "fine password", "context": ctx, "client": "portal", "channel": "web",
                   "session_id": "s-1"})
    assert r.status_code == 200 and r.get_json()["accepted"] is True


def test_over_long_password_is_a_too_long_verdict(svc: Service) -> None:
    """Past the policy's max_input the answer is the engine's too_long verdict with status 200."""
    r = svc.check({"password": "x" * 5000})
    assert r.status_code == 200 and r.get_json()["violations"][0]["code"] == "too_long"


def test_two_max_length_passwords_fit_in_the_body_cap(svc: Service) -> None:
    """Two 4,096-character astral passwords, JSON-escaped, stay under 128 KiB (not a 413)."""
    pw = "\U0001f600" * 4096
    body = json.dumps({"password": pw, "context": {"previous_password": pw}})  # ensure_ascii escapes
    assert len(body) < MAX_BODY_BYTES
    r = svc.client.post("/v1/check", data=body, headers=svc.headers(**{"Content-Type": "application/json"}))
    assert r.status_code == 200


def test_preview_is_answered(svc: Service) -> None:
    """preview: true gets the same verdict."""
    r = svc.check({"password": "abc", "preview": True})
    assert r.status_code == 200 and r.get_json()["violations"][0]["code"] == "too_short"


BAD = [
    ("malformed json", b'{"password": ', "application/json", 400, "invalid_json"),
    ("empty body", b"", "application/json", 400, "empty_body"),
    ("whitespace body", b"  \n", "application/json", 400, "empty_body"),
    ("wrong content type", b'{"password": "abc"}', "text/plain", 415, "unsupported_media_type"),
    ("form content type", b"password=abc", "application/x-www-form-urlencoded", 415,
     "unsupported_media_type"),
    ("lone surrogate escape", b'{"password": "ab\\ud800cd"}', "application/json", 400, "invalid_unicode"),
    ("lone low surrogate", b'{"password": "\\udc80"}', "application/json", 400, "invalid_unicode"),
    ("invalid utf-8", b'{"password": "\xff\xfe"}', "application/json", 400, "invalid_unicode"),
    ("password not a string", b'{"password": 12345}', "application/json", 400, "invalid_request"),
    ("password null", b'{"password": null}', "application/json", 400, "invalid_request"),
    ("missing password", b'{"context": {}}', "application/json", 400, "invalid_request"),
    ("array body", b'["abc"]', "application/json", 400, "invalid_request"),
    ("unknown field", b'{"password": "abc", "pasword": "x"}', "application/json", 400, "invalid_request"),
    ("unknown context field", b'{"password": "abc", "context": {"uid": 1}}', "application/json", 400,
     "invalid_request"),
    ("bad operation", b'{"password": "abc", "context": {"operation": "reset"}}', "application/json", 400,
     "invalid_request"),
    ("groups not a list", b'{"password": "abc", "context": {"groups": "admins"}}', "application/json", 400,
     "invalid_request"),
    ("preview not a bool", b'{"password": "abc", "preview": "yes"}', "application/json", 400,
     "invalid_request"),
    ("previous password surrogate", b'{"password": "abc", "context": {"previous_password": "\\ud800"}}',
     "application/json", 400, "invalid_unicode"),
    # Which of two values is checked would be parser-dependent (a proxy may read the other one).
    ("duplicate password", b'{"password": "Zq9!velvet-harbour", "password": "abc"}', "application/json", 400,
     "duplicate_field"),
    ("duplicate context field", b'{"password": "abc", "context": {"username": "a", "username": "b"}}',
     "application/json", 400, "duplicate_field"),
    ("deeply nested", b'{"password": "abc", "context": ' + b"[" * 50_000 + b"]" * 50_000 + b"}",
     "application/json", 400, "invalid_json"),
]


@pytest.mark.parametrize(("body", "ctype", "status", "code"), [b[1:] for b in BAD], ids=[b[0] for b in BAD])
def test_bad_input_is_a_clear_json_error(svc: Service, body: bytes, ctype: str, status: int,
                                         code: str) -> None:
    """Every malformed request gets {error: {code, message}} with a 4xx status."""
    r = svc.client.post("/v1/check", data=body, headers=svc.headers(**{"Content-Type": ctype}))
    assert r.status_code == status
    assert r.get_json()["error"]["code"] == code
    assert r.get_json()["error"]["message"]


def test_validation_errors_name_the_field_not_the_value(svc: Service) -> None:
    """A wrong type names the field, never echoes the value."""
    r = svc.client.post("/v1/check", json={"password": ["hunter2-canary"]}, headers=svc.headers())
    message = r.get_json()["error"]["message"]
    assert "password" in message and "hunter2" not in message


def test_body_over_the_cap_is_413(svc: Service) -> None:
    """A body past 128 KiB is refused with 413 before parsing."""
    body = json.dumps({"password": "a" * (MAX_BODY_BYTES + 10)})
    r = svc.client.post("/v1/check", data=body, headers=svc.headers(**{"Content-Type": "application/json"}))
    assert r.status_code == 413 and r.get_json()["error"]["code"] == "body_too_large"


@pytest.mark.parametrize("size", [MAX_BODY_BYTES - 1, MAX_BODY_BYTES, MAX_BODY_BYTES + 1, 2 * MAX_BODY_BYTES])
def test_chunked_body_over_the_cap_is_413_not_truncated(svc: Service, size: int) -> None:
    """A chunked body (no Content-Length) past 128 KiB is 413, not cut at the cap and parsed."""
    head = b'{"password": "abc"}'
    body = head + b" " * (size - len(head))  # valid JSON whatever prefix of it is read
    r = svc.client.post("/v1/check", input_stream=io.BytesIO(body),
                        headers=svc.headers(**{"Content-Type": "application/json",
                                               "Transfer-Encoding": "chunked"}),
                        environ_overrides={"wsgi.input_terminated": True})
    if size <= MAX_BODY_BYTES:
        assert r.status_code == 200, r.get_json()
    else:
        assert r.status_code == 413 and r.get_json()["error"]["code"] == "body_too_large"


def test_unknown_route_and_method_are_json(svc: Service) -> None:
    """404 and 405 from Werkzeug are JSON errors too."""
    assert svc.client.get("/v2/check").get_json()["error"]["code"] == "not_found"
    r = svc.client.get("/v1/check", headers=svc.headers())
    assert r.status_code == 405 and r.get_json()["error"]["code"] == "method_not_allowed"


def test_engine_fault_is_a_json_500(svc: Service, monkeypatch: pytest.MonkeyPatch) -> None:
    """An unexpected fault outside the rules answers a fixed JSON 500, never a verdict."""
    bouncer = svc.app.extensions["bouncer"].engines.bouncers["weak"]

    def boom(*args: object, **kwargs: object) -> None:
        raise RuntimeError("secret-ish detail")

    monkeypatch.setattr(bouncer, "check", boom)
    r = svc.check({"password": "abc"})
    assert r.status_code == 500
    assert r.get_json() == {"error": {"code": "internal_error",
                                      "message": "The service failed; the request was not checked."}}


def test_policies_list(svc: Service) -> None:
    """GET /v1/policies lists every loaded policy in strictness order, with the default."""
    body = svc.client.get("/v1/policies", headers=svc.headers()).get_json()
    assert body["default"] == "weak"
    assert [p["name"] for p in body["policies"]] == ["weak", "mid", "strict"]


def test_policy_detail_has_help_texts(svc: Service) -> None:
    """GET /v1/policies/<name> returns requirements a portal can show beforehand."""
    body = svc.client.get("/v1/policies/mid", headers=svc.headers()).get_json()
    assert "Use at least 10 characters." in body["help_texts"]
    assert body["rules"][0]["type"] == "length"


def test_unknown_policy_detail_is_404_without_echo(svc: Service) -> None:
    """An unknown name is a 404 that does not repeat the name."""
    r = svc.client.get("/v1/policies/nosuchpolicyname", headers=svc.headers())
    assert r.status_code == 404 and "nosuchpolicyname" not in r.get_data(as_text=True)


def test_request_id_is_echoed_or_generated(svc: Service) -> None:
    """A well-formed X-Request-ID is echoed; a bad one is replaced."""
    r = svc.client.post("/v1/check", json={"password": "abc"},
                        headers=svc.headers(**{"X-Request-ID": "abc-1"}))
    assert r.headers["X-Request-ID"] == "abc-1"
    r = svc.client.post("/v1/check", json={"password": "abc"}, headers=svc.headers(**{"X-Request-ID": "a b"}))
    assert r.headers["X-Request-ID"] != "a b" and len(r.headers["X-Request-ID"]) == 32
