"""API keys on every endpoint: 401 missing or invalid, 403 wrong role, revoked keys refused."""

from __future__ import annotations

import pytest

from .conftest import Service

# (method, path, role that may call it)
ENDPOINTS = [
    ("POST", "/v1/check", "check"),
    ("GET", "/v1/policies", "check"),
    ("GET", "/v1/policies/weak", "check"),
    ("GET", "/metrics", "stats"),
    ("POST", "/v1/admin/reload", "admin"),
    ("GET", "/v1/admin/keys", "admin"),
]


def _call(svc: Service, method: str, path: str, headers: dict[str, str]) -> object:
    if method == "POST" and path == "/v1/check":
        return svc.client.post(path, json={"password": "abc"}, headers=headers)
    return svc.client.open(path, method=method, headers=headers)


@pytest.mark.parametrize(("method", "path", "role"), ENDPOINTS)
def test_missing_key_is_401(svc: Service, method: str, path: str, role: str) -> None:
    """No Authorization header: 401 missing_key with a Bearer challenge."""
    r = _call(svc, method, path, {})
    assert r.status_code == 401  # type: ignore[attr-defined]
    assert r.get_json()["error"]["code"] == "missing_key"  # type: ignore[attr-defined]
    assert r.headers["WWW-Authenticate"].startswith("Bearer")  # type: ignore[attr-defined]


@pytest.mark.parametrize(("method", "path", "role"), ENDPOINTS)
def test_every_role_only_opens_its_endpoints(svc: Service, method: str, path: str, role: str) -> None:
    """The right role passes; every other role gets 403 forbidden."""
    for who in ("check", "stats", "admin"):
        r = _call(svc, method, path, svc.headers(who))
        if who == role:
            assert r.status_code in (200, 202), (who, path)  # type: ignore[attr-defined]
        else:
            assert r.status_code == 403, (who, path)  # type: ignore[attr-defined]
            assert r.get_json()["error"]["code"] == "forbidden"  # type: ignore[attr-defined]


@pytest.mark.parametrize("header", [
    "Bearer bk_0000000000000000_nonsense",
    "Bearer nonsense",
    "Basic dXNlcjpwYXNz",
    "Bearer " + "x" * 300,
    "Bearer",
])
def test_invalid_key_is_401(svc: Service, header: str) -> None:
    """Malformed, unknown or wrong-scheme credentials are 401 invalid_key."""
    r = svc.client.post("/v1/check", json={"password": "abc"}, headers={"Authorization": header})
    assert r.status_code == 401 and r.get_json()["error"]["code"] == "invalid_key"


def test_wrong_secret_with_a_real_id_is_401(svc: Service) -> None:
    """A real key id with a different secret is refused."""
    prefix, kid, _ = svc.keys["check"].split("_", 2)
    r = svc.client.post("/v1/check", json={"password": "abc"},
                        headers={"Authorization": f"Bearer {prefix}_{kid}_{'A' * 43}"})
    assert r.status_code == 401


def test_revoked_key_is_refused_at_once(svc: Service) -> None:
    """Revoking in the key store takes effect on the running app without a restart."""
    assert svc.check({"password": "abc"}).status_code == 200
    store = svc.app.extensions["bouncer"].keys
    kid = svc.keys["check"].split("_")[1]
    assert store.revoke(kid)
    assert svc.check({"password": "abc"}).status_code == 401


def test_admin_key_listing_never_shows_keys_or_hashes(svc: Service) -> None:
    """GET /v1/admin/keys lists ids and roles only."""
    body = svc.client.get("/v1/admin/keys", headers=svc.headers("admin")).get_data(as_text=True)
    for key in svc.keys.values():
        secret = key.split("_", 2)[2]
        assert secret not in body
    assert "hash" not in body and svc.keys["check"].split("_")[1] in body


def test_health_endpoints_need_no_key(svc: Service) -> None:
    """/healthz, /readyz and /openapi.json are open."""
    for path in ("/healthz", "/readyz", "/openapi.json"):
        assert svc.client.get(path).status_code == 200
