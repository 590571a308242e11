"""Rate limits per API key and per client address, shared by every gunicorn worker.

flask-limiter counts in a `limits` storage. Its `memory://` store is per
process, so N workers would allow N times every limit; `limits` offers Redis,
Memcached and MongoDB, nothing local. So the default here is a small SQLite
store in the data directory (`bouncer-sqlite://PATH`, fixed window, one
row per counter, incremented by a single atomic UPSERT so workers never lose an
increment); `rate_limit_storage = "redis://..."` uses Redis instead.

Counters are keyed by key id (never the key itself) or client address. The
client address honours X-Forwarded-For only from `trusted_proxies`.
"""

from __future__ import annotations

import ipaddress
import os
import sqlite3
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from flask import Blueprint, Flask, g, request
from flask_limiter import Limiter
from limits.storage import Storage

from bouncer.web.settings import Settings

__all__ = ["SQLiteStorage", "client_address", "init_app"]

# A writer waits this long for another worker's transaction before failing.
BUSY_TIMEOUT_S = 5.0
# Expired rows are swept on roughly one increment in this many (cheap, bounded table).
SWEEP_EVERY = 512


class SQLiteStorage(Storage):
    """A `limits` storage in one SQLite file, safe across processes (fixed-window only)."""

    STORAGE_SCHEME = ["bouncer-sqlite"]

    def __init__(self, uri: str | None = None, wrap_exceptions: bool = False, **options: Any) -> None:
        super().__init__(uri, wrap_exceptions=wrap_exceptions)
        assert uri is not None
        self.path = Path(uri.split("://", 1)[1])
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._local = threading.local()
        self._ops = 0
        with self._conn() as conn:
            conn.execute("CREATE TABLE IF NOT EXISTS counters"
                         " (key TEXT PRIMARY KEY, count INTEGER NOT NULL, expiry REAL NOT NULL)")

    @property
    def base_exceptions(self) -> type[Exception] | tuple[type[Exception], ...]:
        return sqlite3.Error

    def _conn(self) -> sqlite3.Connection:
        # One connection per thread and per process (a forked worker must not reuse the parent's).
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None or getattr(self._local, "pid", None) != os.getpid():
            conn = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_S, isolation_level=None)
            conn.execute("PRAGMA journal_mode=WAL")
            # WAL + NORMAL: no fsync per commit; a crash may forget a few counts, which is fine.
            conn.execute("PRAGMA synchronous=NORMAL")
            self._local.conn, self._local.pid = conn, os.getpid()
        return conn

    def incr(self, key: str, expiry: float, amount: int = 1) -> int:
        now = time.time()
        conn = self._conn()
        # One UPSERT statement is one atomic write transaction: no increment is lost between
        # workers, and there is no separate BEGIN/COMMIT round trip (needs SQLite >= 3.35).
        row = conn.execute(
            "INSERT INTO counters (key, count, expiry) VALUES (?1, ?2, ?3) ON CONFLICT (key) DO UPDATE SET"
            " count = CASE WHEN expiry > ?4 THEN count + excluded.count ELSE excluded.count END,"
            " expiry = CASE WHEN expiry > ?4 THEN expiry ELSE excluded.expiry END RETURNING count",
            (key, amount, now + expiry, now),
        ).fetchone()
        self._ops += 1
        if self._ops % SWEEP_EVERY == 0:
            conn.execute("DELETE FROM counters WHERE expiry <= ?", (now,))
        return int(row[0])

    def get(self, key: str) -> int:
        row = self._conn().execute("SELECT count FROM counters WHERE key = ? AND expiry > ?",
                                   (key, time.time())).fetchone()
        return int(row[0]) if row else 0

    def get_expiry(self, key: str) -> float:
        row = self._conn().execute("SELECT expiry FROM counters WHERE key = ?", (key,)).fetchone()
        return float(row[0]) if row and row[0] > time.time() else time.time()

    def check(self) -> bool:
        self._conn().execute("SELECT 1").fetchone()
        return True

    def reset(self) -> int | None:
        cur = self._conn().execute("DELETE FROM counters")
        return cur.rowcount

    def clear(self, key: str) -> None:
        self._conn().execute("DELETE FROM counters WHERE key = ?", (key,))


def _networks(items: list[str]) -> list[ipaddress.IPv4Network | ipaddress.IPv6Network]:
    return [ipaddress.ip_network(i, strict=False) for i in items]


def client_address(trusted: list[ipaddress.IPv4Network | ipaddress.IPv6Network]) -> str:
    """The peer address, or the nearest untrusted X-Forwarded-For hop when the peer is trusted."""

    def is_trusted(addr: str) -> bool:
        try:
            ip = ipaddress.ip_address(addr)
        except ValueError:
            return False
        return any(ip in net for net in trusted)

    peer = request.remote_addr or "unknown"
    if not trusted or not is_trusted(peer):
        return peer
    hops = [h.strip() for h in request.headers.get("X-Forwarded-For", "").split(",") if h.strip()]
    client = peer
    for hop in reversed(hops):  # the right-most entries were added by our own proxies
        try:
            ipaddress.ip_address(hop)
        except ValueError:
            break
        client = hop
        if not is_trusted(hop):
            break
    return client


def init_app(app: Flask, settings: Settings, api: Blueprint, key_id: Callable[[], str | None]) -> Limiter:
    """Attach the limiter; limits apply to the /v1 blueprint (health and metrics are exempt)."""
    trusted = _networks(settings.trusted_proxies)
    limiter = Limiter(
        key_func=lambda: client_address(trusted),
        app=app,
        storage_uri=settings.rate_limit_uri,
        strategy="fixed-window",
        # X-RateLimit-* headers cost two more store reads per limit and request (~10 % of a
        # check); a 429 still carries Retry-After (errors.py).
        headers_enabled=False,
        enabled=settings.rate_limits_enabled,
        key_prefix="bouncer",
        # A broken limit store must not take the checks down: serve, log, count per worker.
        swallow_errors=True,
        in_memory_fallback_enabled=True,
    )

    def per_address() -> str:
        address = client_address(trusted)
        g.client_address = address
        return "addr:" + address

    limiter.limit(settings.rate_limit_per_address, key_func=per_address, scope="address")(api)
    limiter.limit(settings.rate_limit_per_key, key_func=lambda: "key:" + (key_id() or "-"),
                  scope="key", exempt_when=lambda: key_id() is None)(api)
    return limiter
