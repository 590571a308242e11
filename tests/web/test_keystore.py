"""The key store: keys stored only as hashes, mode 0600, constant-time comparison."""

from __future__ import annotations

import hmac
import stat
from pathlib import Path

import pytest

from bouncer.errors import ConfigError
from bouncer.web.keystore import KeyStore, hash_key


def test_key_is_stored_hashed_only(tmp_path: Path) -> None:
    """The file holds the SHA-256 of the key and never the key or its secret."""
    store = KeyStore(tmp_path / "keys.json")
    key, record = store.create(["check"], ["mid"], "note")
    text = (tmp_path / "keys.json").read_text()
    assert key not in text and key.split("_", 2)[2] not in text
    assert hash_key(key) in text and record.id in text
    assert stat.S_IMODE((tmp_path / "keys.json").stat().st_mode) == 0o600


def test_verify_accepts_the_key_and_nothing_else(tmp_path: Path) -> None:
    """verify() returns the record for the exact key only."""
    store = KeyStore(tmp_path / "keys.json")
    key, record = store.create(["check", "stats"])
    assert store.verify(key) == record
    assert store.verify(key[:-1] + ("A" if key[-1] != "A" else "B")) is None
    assert store.verify("") is None and store.verify("bk__") is None


def test_verify_compares_in_constant_time(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every verification, hit or miss, goes through hmac.compare_digest."""
    store = KeyStore(tmp_path / "keys.json")
    key, _ = store.create(["check"])
    calls: list[int] = []
    real = hmac.compare_digest

    def spy(a: str, b: str) -> bool:
        calls.append(1)
        return real(a, b)

    monkeypatch.setattr("bouncer.web.keystore.hmac.compare_digest", spy)
    store.verify(key)
    store.verify("bk_ffffffffffffffff_unknown")
    assert len(calls) == 2


def test_roles_are_validated(tmp_path: Path) -> None:
    """Only check, stats and admin exist."""
    with pytest.raises(ConfigError):
        KeyStore(tmp_path / "keys.json").create(["root"])


def test_revoke_and_list(tmp_path: Path) -> None:
    """Revoked keys stay listed with their revocation time and stop verifying."""
    store = KeyStore(tmp_path / "keys.json")
    key, record = store.create(["admin"])
    assert store.revoke(record.id) and not store.revoke(record.id)
    assert store.verify(key) is None
    assert store.list()[0].revoked


def test_corrupt_store_is_a_config_error(tmp_path: Path) -> None:
    """An unreadable key file is a clear ConfigError, not a crash."""
    (tmp_path / "keys.json").write_text("{not json")
    with pytest.raises(ConfigError, match="unreadable key store"):
        KeyStore(tmp_path / "keys.json").list()
