"""Leak canary: a unique password and previous password sent through every endpoint and every
bad-input path, with logging at DEBUG, never appear in any log record, response, metric or file
written - not whole, not as any 4-character fragment, not as a hash.
"""

from __future__ import annotations

import hashlib
import json
import logging
import random
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from bouncer.rules.length import LengthRule
from bouncer.web.logging import JSONFormatter

from .conftest import Service

# Letters that never occur in hex (request ids, key ids, hashes) and rarely in any text;
# the Cyrillic pair makes some windows non-ASCII so escaping paths are covered too.
ALPHABET = "qxzjQXZJ"


def make_canary(rng: random.Random) -> str:
    ascii_part = "".join(rng.choice(ALPHABET) for _ in range(16))
    return ascii_part[:10] + "ЖЩ" + ascii_part[10:]


def fragments(secret: str) -> set[str]:
    return {secret[i:i + 4] for i in range(len(secret) - 3)}


def needles(secrets: list[str]) -> set[bytes]:
    """Every 4-character window (case-folded, UTF-8 and JSON-escaped) and common hashes of each secret."""
    out: set[bytes] = set()
    for secret in secrets:
        for frag in fragments(secret):
            for variant in (frag, frag.lower(), frag.upper()):
                out.add(variant.lower().encode("utf-8"))
                out.add(json.dumps(variant)[1:-1].lower().encode("ascii"))
        for algo in ("md5", "sha1", "sha256"):
            digest = hashlib.new(algo, secret.encode("utf-8")).hexdigest()
            out.add(digest[:16].encode("ascii"))
    return out


def find_leaks(haystacks: dict[str, bytes], secrets: list[str]) -> list[str]:
    hits = []
    wanted = needles(secrets)
    for where, data in haystacks.items():
        lowered = data.lower()
        for needle in wanted:
            if needle in lowered:
                hits.append(f"{where}: {needle!r}")
    return hits


class RecordAll(logging.Handler):
    """Keep every record as JSON and as its raw attribute dict (in case a field escapes the formatter)."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.lines: list[str] = []
        self.fmt = JSONFormatter()

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(self.fmt.format(record))
        self.lines.append(repr({k: v for k, v in record.__dict__.items() if k != "exc_info"}))
        if record.exc_info and record.exc_info[1] is not None:
            self.lines.append(repr(record.exc_info[1]))


@pytest.fixture
def captured() -> Iterator[RecordAll]:
    handler = RecordAll()
    root = logging.getLogger()
    old = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    yield handler
    root.removeHandler(handler)
    root.setLevel(old)


def requests_with(pw: str, prev: str) -> list[tuple[str, str, dict[str, object]]]:
    """(method, path, client kwargs) for every endpoint and bad-input path, carrying the canaries."""
    good = {"password": pw, "context": {"previous_password": prev, "username": "jdoe"}}
    as_json = {"Content-Type": "application/json"}
    raw = json.dumps(good, ensure_ascii=False)
    return [
        ("POST", "/v1/check", {"json": good}),
        ("POST", "/v1/check", {"json": {**good, "preview": True}}),
        ("POST", "/v1/check", {"json": {**good, "policy": "strict"}}),
        ("POST", "/v1/check", {"json": {**good, "policy": pw}}),  # unknown policy named like the password
        ("POST", "/v1/check", {"json": {**good, "client": pw, "channel": prev, "session_id": pw}}),
        ("POST", "/v1/check", {"json": {"password": pw * 300, "context": {"previous_password": prev}}}),
        ("POST", "/v1/check", {"json": {"password": pw + "\x00", "context": {"previous_password": prev}}}),
        ("POST", "/v1/check", {"json": {"password": pw,
                                        "context": {"previous_password": prev, "groups": pw}}}),
        ("POST", "/v1/check", {"json": {"password": [pw], "context": {"previous_password": [prev]}}}),
        ("POST", "/v1/check", {"json": {"password": {pw: prev}}}),
        ("POST", "/v1/check", {"json": {pw: prev, "password": pw}}),  # unknown field named like the password
        ("POST", "/v1/check", {"json": {"password": pw, "context": {prev: pw}}}),
        ("POST", "/v1/check", {"json": {"password": pw, "preview": pw}}),
        ("POST", "/v1/check", {"data": raw[:-3], "headers": as_json}),  # malformed JSON
        ("POST", "/v1/check", {"data": raw.replace(pw, pw[:5] + "\\ud800" + pw[5:]), "headers": as_json}),
        ("POST", "/v1/check", {"data": raw.encode() + b"\xff", "headers": as_json}),
        ("POST", "/v1/check", {"data": raw.encode().replace(pw[:4].encode(), pw[:4].encode() + b"\xc3"),
                               "headers": as_json}),  # invalid UTF-8 inside the password
        ("POST", "/v1/check", {"data": raw, "headers": {"Content-Type": "text/plain"}}),
        ("POST", "/v1/check", {"data": "password=" + pw,
                               "headers": {"Content-Type": "application/x-www-form-urlencoded"}}),
        ("POST", "/v1/check", {"data": json.dumps({"password": pw * 9000}), "headers": as_json}),  # 413
        ("POST", "/v1/check?password=" + pw, {"json": good}),
        ("GET", "/v1/check", {"query_string": {"password": pw}}),
        ("GET", "/v1/policies", {}),
        ("GET", "/v1/policies/" + pw, {}),
        ("GET", "/v1/policies/weak", {}),
        ("GET", "/healthz?x=" + pw, {}),
        ("GET", "/readyz", {}),
        ("GET", "/openapi.json", {}),
        ("GET", "/metrics", {}),
        ("POST", "/v1/admin/reload", {"json": good}),
        ("GET", "/v1/admin/keys", {}),
        ("GET", "/" + pw, {}),
    ]


def test_no_canary_anywhere(make_service: Callable[..., Service], captured: RecordAll, tmp_path: Path,
                            monkeypatch: pytest.MonkeyPatch) -> None:
    """Zero hits for either canary or any 4-character fragment across logs, responses, metrics and files."""
    rng = random.Random()
    pw, prev = make_canary(rng), make_canary(rng)
    svc = make_service(shadow_policy="strict", rate_limit_per_address="100/minute")
    haystacks: dict[str, bytes] = {}

    def record(tag: str, response: object) -> None:
        r = response
        haystacks[tag] = r.get_data() + repr(dict(r.headers)).encode()  # type: ignore[attr-defined]

    for who in ("check", "stats", "admin"):
        for i, (method, path, kwargs) in enumerate(requests_with(pw, prev)):
            headers = {**svc.headers(who), **kwargs.pop("headers", {})}  # type: ignore[dict-item]
            record(f"{who}#{i}", svc.client.open(path, method=method, headers=headers, **kwargs))
            kwargs["headers"] = {k: v for k, v in headers.items() if k != "Authorization"}
    # Credentials made of the canary, and no credentials at all.
    for i, header in enumerate([f"Bearer {pw}", f"Bearer bk_0011223344556677_{pw}", f"Basic {pw}", ""]):
        r = svc.client.post("/v1/check", json={"password": pw}, headers={"Authorization": header})
        record(f"auth#{i}", r)

    # A rule that faults with the password in its message (fail closed, logged by type only).
    def rule_fault(self: object, candidate: object, ctx: object) -> None:
        raise ValueError(f"boom {pw} {prev}")

    monkeypatch.setattr(LengthRule, "check", rule_fault)
    r = svc.check({"password": pw, "context": {"previous_password": prev}})
    assert r.get_json()["violations"][0]["code"] == "check_failed"
    record("rule-fault", r)

    # A fault outside the rules: a fixed 500, the exception's text never logged.
    engine = svc.app.extensions["bouncer"].engines.bouncers["weak"]

    def engine_fault(password: str, ctx: object) -> None:
        raise RuntimeError(f"engine {password}")

    monkeypatch.setattr(engine, "check", engine_fault)
    r = svc.check({"password": pw, "context": {"previous_password": prev}})
    assert r.status_code == 500
    record("engine-fault", r)

    # Rate-limited requests carry the canary too.
    for i in range(40):
        record(f"limited#{i}", svc.check({"password": pw, "context": {"previous_password": prev}}))
    assert any(b'"rate_limited"' in v for k, v in haystacks.items() if k.startswith("limited"))

    haystacks["metrics"] = svc.app.extensions["bouncer"].metrics.render()
    haystacks["logs"] = "\n".join(captured.lines).encode("utf-8", "backslashreplace")
    for path in tmp_path.rglob("*"):
        if path.is_file() and "policies" not in path.parts:
            haystacks[f"file {path.relative_to(tmp_path)}"] = path.read_bytes()
    assert len(captured.lines) > 100  # the logs really were captured
    assert any(k.startswith("file data/") for k in haystacks)
    assert find_leaks(haystacks, [pw, prev]) == []


def test_the_search_finds_a_planted_leak() -> None:
    """The detector is not blind: a single 4-character fragment, any case or escaping, is found."""
    pw = make_canary(random.Random(7))
    assert find_leaks({"x": b"... " + pw[3:7].upper().encode() + b" ..."}, [pw])
    assert find_leaks({"x": json.dumps(pw[9:13]).encode()}, [pw])  # JSON-escaped non-ASCII
    assert find_leaks({"x": hashlib.sha1(pw.encode()).hexdigest().encode()}, [pw])
    assert not find_leaks({"x": b"nothing to see 0123456789abcdef"}, [pw])
