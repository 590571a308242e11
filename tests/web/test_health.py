"""/healthz, /readyz, /openapi.json, and reload through POST /v1/admin/reload."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from bouncer.errors import BouncerError

from .conftest import Service, write_policy


def test_healthz(svc: Service) -> None:
    """/healthz says ok."""
    assert svc.client.get("/healthz").get_json() == {"status": "ok"}


def test_readyz_lists_policies_filters_and_verification(svc: Service) -> None:
    """/readyz reports the loaded policies, no filters yet, and the background verification."""
    body = svc.client.get("/readyz").get_json()
    assert body["ready"] is True and body["reload_failed"] is False
    assert [p["name"] for p in body["policies"]] == ["weak", "mid", "strict"]
    assert body["filters"] == []
    assert body["verification"]["status"] in ("pending", "ok")


def test_openapi_is_3_1_from_the_models(svc: Service) -> None:
    """/openapi.json is OpenAPI 3.1 and its request schema is the pydantic model's (no extras)."""
    doc = svc.client.get("/openapi.json").get_json()
    assert doc["openapi"].startswith("3.1")
    req = doc["components"]["schemas"]["CheckRequest"]
    assert req["additionalProperties"] is False and req["required"] == ["password"]
    assert req["properties"]["password"]["writeOnly"] is True
    assert set(doc["paths"]) >= {"/v1/check", "/v1/policies", "/v1/policies/{name}", "/healthz", "/readyz"}


def test_reload_swaps_policies(svc: Service) -> None:
    """After editing a policy file, an admin reload makes the new version answer."""
    assert svc.check({"password": "abcdef"}).get_json()["accepted"] is True
    write_policy(svc.policy_dir, "weak", 8, version="2")
    r = svc.client.post("/v1/admin/reload", headers=svc.headers("admin"))
    assert r.status_code == 200 and r.get_json()["reloaded"] is True
    body = svc.check({"password": "abcdef"}).get_json()
    assert body["accepted"] is False and body["policy"]["version"] == "2"


def test_broken_reload_keeps_old_policy(svc: Service, caplog: pytest.LogCaptureFixture) -> None:
    """A broken policy file on reload keeps the old policy, is logged and shows in /readyz."""
    (svc.policy_dir / "mid.toml").write_text('name = "mid"\n[[rules]]\ntype = "length"\nmin = -1\n')
    r = svc.client.post("/v1/admin/reload", headers=svc.headers("admin"))
    assert r.status_code == 409 and r.get_json()["error"]["code"] == "reload_failed"
    assert any(getattr(rec, "event", "") == "reload_failed" for rec in caplog.records)
    ready = svc.client.get("/readyz").get_json()
    assert ready["reload_failed"] is True and ready["last_reload_at"]
    assert svc.check({"password": "abcdefghijk", "policy": "mid"}).get_json()["accepted"] is True
    # Fixing the file and reloading clears the flag.
    write_policy(svc.policy_dir, "mid", 10)
    assert svc.client.post("/v1/admin/reload", headers=svc.headers("admin")).status_code == 200
    assert svc.client.get("/readyz").get_json()["reload_failed"] is False


def test_broken_policy_stops_start_up(make_service: Callable[..., Service], policy_dir: Path) -> None:
    """A broken policy at start raises a BouncerError naming the file and field."""
    (policy_dir / "strict.toml").write_text('name = "strict"\n[[rules]]\ntype = "length"\nmin = 0\n')
    with pytest.raises(BouncerError, match=r"strict\.toml: rules\.0\.length\.min"):
        make_service()


def test_duplicate_policy_names_stop_start_up(make_service: Callable[..., Service], policy_dir: Path) -> None:
    """Two files defining one policy name are refused (names are API and metric labels)."""
    with pytest.raises(BouncerError, match="two entries"):
        make_service(policies=[str(policy_dir / "weak.toml"), str(policy_dir / "weak.toml")])


class _Listener:
    """Stands in for the accepted connection gunicorn puts in the environ (its local address)."""

    def __init__(self, local: object) -> None:
        self.local = local

    def getsockname(self) -> object:
        return self.local


@pytest.mark.parametrize(("local", "host", "served"), [
    (("127.0.0.2", 9108), "spoofed:9108", True),   # the metrics listener itself
    (("127.0.0.1", 9108), "127.0.0.2:9108", False),  # same port, another address: the main listener
    ("/run/bouncer.sock", "127.0.0.2:9108", False),  # a unix socket, whatever Host claims
])
def test_metrics_listener_is_told_by_the_accepting_socket(make_service: Callable[..., Service], local: object,
                                                         host: str, served: bool) -> None:
    """Only a connection accepted on metrics_bind gets keyless /metrics; Host and port decide nothing."""
    svc = make_service(metrics_bind="127.0.0.2:9108")
    env = {"gunicorn.socket": _Listener(local), "SERVER_PORT": "9108"}
    r = svc.client.get("/metrics", headers={"Host": host}, environ_overrides=env)
    assert r.status_code == (200 if served else 401)
    api = svc.client.get("/v1/policies", headers={**svc.headers(), "Host": host}, environ_overrides=env)
    assert api.status_code == (404 if served else 200)


def test_without_gunicorn_there_is_no_separate_listener(make_service: Callable[..., Service]) -> None:
    """Outside gunicorn (no accepting socket known) /metrics always wants a key."""
    svc = make_service(metrics_bind="127.0.0.1:9108")
    assert svc.client.get("/metrics", environ_overrides={"SERVER_PORT": "9108"}).status_code == 401
