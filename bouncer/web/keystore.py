"""API keys: random, shown once, stored only as a SHA-256 hash in a JSON file (mode 0600).

A key looks like `bk_<id>_<secret>`: the 16-hex-digit id is public (logs, the
rate limiter and `bouncer keys list` use it) and finds the record without a scan;
the secret is 256 random bits, so a plain SHA-256 is a sufficient hash (there is
nothing to brute-force, unlike a human password). Comparison is constant-time.
The file is re-read when it changes, so `bouncer keys create` takes effect on a
running service without a restart.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import os
import secrets
import tempfile
import threading
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from bouncer.errors import ConfigError

__all__ = ["ROLES", "ApiKey", "KeyStore", "hash_key"]

ROLES = ("check", "stats", "admin")
PREFIX = "bk"
ID_BYTES = 8  # 16 hex digits: ids never collide in practice and stay readable in logs
SECRET_BYTES = 32  # 256 bits: a plain hash is enough, no key stretching needed
FILE_VERSION = 1
# Compared against when the id is unknown, so a miss costs the same as a wrong secret.
_DUMMY_HASH = hashlib.sha256(b"bouncer-unknown-key").hexdigest()


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()


@dataclass(frozen=True)
class ApiKey:
    """One key's record (never the key itself)."""

    id: str
    hash: str
    roles: tuple[str, ...]
    # Policies a request with this key may name; empty means every loaded policy.
    policies: tuple[str, ...] = ()
    created: str = ""
    revoked: str | None = None
    note: str = ""

    def public(self) -> dict[str, Any]:
        data = asdict(self)
        del data["hash"]
        data["roles"] = list(self.roles)
        data["policies"] = list(self.policies)
        return data


@dataclass
class _Cache:
    stamp: tuple[int, int, int] | None = None
    keys: dict[str, ApiKey] = field(default_factory=dict)


class KeyStore:
    """The key file. Thread-safe; reads are cached until the file changes."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._lock = threading.Lock()
        self._cache = _Cache()

    def _stamp(self) -> tuple[int, int, int] | None:
        try:
            st = self.path.stat()
        except FileNotFoundError:
            return None
        return (st.st_mtime_ns, st.st_size, st.st_ino)

    def _read(self) -> dict[str, ApiKey]:
        stamp = self._stamp()
        with self._lock:
            if stamp == self._cache.stamp:
                return self._cache.keys
            keys: dict[str, ApiKey] = {}
            if stamp is not None:
                try:
                    raw = json.loads(self.path.read_text(encoding="utf-8"))
                    for kid, rec in raw.get("keys", {}).items():
                        keys[kid] = ApiKey(
                            id=kid, hash=rec["hash"], roles=tuple(rec["roles"]),
                            policies=tuple(rec.get("policies") or ()), created=rec.get("created", ""),
                            revoked=rec.get("revoked"), note=rec.get("note", ""),
                        )
                except (OSError, ValueError, KeyError, TypeError) as exc:
                    kind = exc.__class__.__name__
                    raise ConfigError(f"{self.path}: unreadable key store ({kind})") from None
            self._cache = _Cache(stamp, keys)
            return keys

    def _write(self, keys: dict[str, ApiKey]) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        data = {"version": FILE_VERSION, "keys": {k: {n: v for n, v in asdict(r).items() if n != "id"}
                                                  for k, r in keys.items()}}
        fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".keys.")
        try:
            os.fchmod(fd, 0o600)
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                json.dump(data, out, indent=1, sort_keys=True)
            os.replace(tmp, self.path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    def create(self, roles: list[str] | tuple[str, ...], policies: list[str] | tuple[str, ...] = (),
               note: str = "") -> tuple[str, ApiKey]:
        """Make a key; return (the key, shown once; its record)."""
        bad = [r for r in roles if r not in ROLES]
        if bad or not roles:
            raise ConfigError(f"roles must be among {', '.join(ROLES)}")
        kid = secrets.token_hex(ID_BYTES)
        key = f"{PREFIX}_{kid}_{secrets.token_urlsafe(SECRET_BYTES)}"
        now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        record = ApiKey(kid, hash_key(key), tuple(dict.fromkeys(roles)), tuple(policies), now, None, note)
        keys = dict(self._read())
        keys[kid] = record
        self._write(keys)
        return key, record

    def revoke(self, kid: str) -> bool:
        keys = dict(self._read())
        record = keys.get(kid)
        if record is None or record.revoked:
            return False
        now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        keys[kid] = ApiKey(**{**asdict(record), "revoked": now})
        self._write(keys)
        return True

    def list(self) -> list[ApiKey]:
        return sorted(self._read().values(), key=lambda k: k.created)

    def verify(self, presented: str) -> ApiKey | None:
        """The record of a valid, unrevoked key, else None. Constant-time in the secret."""
        parts = presented.split("_", 2)
        kid = parts[1] if len(parts) == 3 and parts[0] == PREFIX else ""
        record = self._read().get(kid)
        ok = hmac.compare_digest(hash_key(presented), record.hash if record else _DUMMY_HASH)
        if record is None or not ok or record.revoked:
            return None
        return record
