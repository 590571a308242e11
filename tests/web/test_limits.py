"""Rate limits: per key and per client address, shared storage, trusted proxies, no raw keys stored."""

from __future__ import annotations

import multiprocessing
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import require_service  # tests/conftest.py: pytest puts tests/ on sys.path

from bouncer.web.limits import SQLiteStorage

from .conftest import Service

REDIS_URL = "redis://127.0.0.1:6379/15"


def post(svc: Service, who: str = "check", addr: str = "127.0.0.1", xff: str | None = None) -> int:
    headers = svc.headers(who)
    if xff:
        headers["X-Forwarded-For"] = xff
    r = svc.client.post("/v1/check", json={"password": "abc"}, headers=headers,
                        environ_base={"REMOTE_ADDR": addr})
    if r.status_code == 429:
        assert r.get_json()["error"]["code"] == "rate_limited" and "Retry-After" in r.headers
    return r.status_code


def test_per_key_limit(make_service: Callable[..., Service]) -> None:
    """The fourth request of a key limited to 3/minute is a JSON 429; another key is unaffected."""
    svc = make_service(rate_limit_per_key="3/minute")
    assert [post(svc) for _ in range(4)] == [200, 200, 200, 429]
    assert post(svc, "mid_only") == 200


def test_per_address_limit_counts_across_keys(make_service: Callable[..., Service]) -> None:
    """One address is limited whatever key it uses."""
    svc = make_service(rate_limit_per_address="2/minute")
    assert [post(svc, "check"), post(svc, "mid_only"), post(svc, "strict_first")] == [200, 200, 429]
    assert post(svc, addr="192.0.2.9") == 200


def test_forwarded_for_only_from_trusted_proxies(make_service: Callable[..., Service]) -> None:
    """X-Forwarded-For picks the client behind a trusted proxy and is ignored from anyone else."""
    svc = make_service(rate_limit_per_address="1/minute", trusted_proxies=["10.0.0.0/8"])
    assert post(svc, addr="10.0.0.2", xff="198.51.100.1") == 200
    assert post(svc, addr="10.0.0.2", xff="198.51.100.2") == 200  # another client behind the proxy
    assert post(svc, addr="10.0.0.3", xff="198.51.100.1") == 429  # same client via another proxy
    # An untrusted peer cannot pick its own bucket with a forged header.
    assert post(svc, addr="203.0.113.5", xff="198.51.100.7") == 200
    assert post(svc, addr="203.0.113.5", xff="198.51.100.8") == 429


def test_spoofed_hops_left_of_the_client_are_ignored(make_service: Callable[..., Service]) -> None:
    """Only the right-most untrusted hop counts, so a client cannot rotate forged entries."""
    svc = make_service(rate_limit_per_address="1/minute", trusted_proxies=["10.0.0.0/8"])
    assert post(svc, addr="10.0.0.2", xff="1.1.1.1, 198.51.100.1") == 200
    assert post(svc, addr="10.0.0.2", xff="2.2.2.2, 198.51.100.1") == 429


def test_limiter_stores_key_ids_never_keys(make_service: Callable[..., Service]) -> None:
    """The shared counter store holds the key id, never the key or its secret."""
    svc = make_service()
    post(svc)
    with sqlite3.connect(svc.data_dir / "ratelimit.sqlite3") as conn:
        rows = [r[0] for r in conn.execute("SELECT key FROM counters")]
    kid = svc.keys["check"].split("_")[1]
    assert any(kid in r for r in rows)
    assert not any(svc.keys["check"] in r or svc.keys["check"].split("_", 2)[2] in r for r in rows)


def test_health_is_not_limited(make_service: Callable[..., Service]) -> None:
    """Probes are never rate limited."""
    svc = make_service(rate_limit_per_address="1/minute")
    assert {svc.client.get("/healthz").status_code for _ in range(5)} == {200}


def _hammer(path: str, n: int) -> None:
    storage = SQLiteStorage(f"bouncer-sqlite://{path}")
    for _ in range(n):
        storage.incr("shared", 60)


def test_sqlite_store_counts_exactly_across_processes(tmp_path: Path) -> None:
    """Two processes incrementing one counter lose no increment (what gunicorn workers do)."""
    path = str(tmp_path / "rl.sqlite3")
    SQLiteStorage(f"bouncer-sqlite://{path}")
    ctx = multiprocessing.get_context("spawn")
    procs = [ctx.Process(target=_hammer, args=(path, 150)) for _ in range(2)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(60)
        assert p.exitcode == 0
    assert SQLiteStorage(f"bouncer-sqlite://{path}").get("shared") == 300


def test_sqlite_store_window_expires(tmp_path: Path) -> None:
    """A counter past its window starts again from the new amount."""
    storage = SQLiteStorage(f"bouncer-sqlite://{tmp_path / 'rl.sqlite3'}")
    assert storage.incr("k", 60) == 1 and storage.incr("k", 60) == 2
    assert storage.incr("gone", -1) == 1 and storage.get("gone") == 0
    storage.clear("k")
    assert storage.get("k") == 0 and storage.check()


@pytest.fixture
def redis_url() -> str:
    import redis

    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except redis.RedisError:
        require_service(f"Redis not reachable at {REDIS_URL}")
    return REDIS_URL


def test_redis_storage_limits_and_holds_no_keys(make_service: Callable[..., Service], redis_url: str) -> None:
    """With a Redis URL the limits hold and Redis holds key ids only."""
    import redis

    svc = make_service(rate_limit_storage=redis_url, rate_limit_per_key="2/minute",
                       rate_limit_per_address="1000/minute")
    assert [post(svc) for _ in range(3)] == [200, 200, 429]
    names = [k.decode() for k in redis.Redis.from_url(redis_url).keys("*")]
    kid = svc.keys["check"].split("_")[1]
    assert any(kid in n for n in names)
    assert not any(svc.keys["check"].split("_", 2)[2] in n for n in names)


def test_unreachable_store_keeps_serving(make_service: Callable[..., Service]) -> None:
    """With the limit store down, checks are still answered and limits fall back to this process."""
    svc = make_service(rate_limit_storage="redis://127.0.0.1:1/0", rate_limit_per_key="2/minute")
    assert [post(svc) for _ in range(3)] == [200, 200, 429]
