"""Fixtures for the HTTP service: apps built on a temporary data directory, keys per role."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from bouncer.web import create_app
from bouncer.web.settings import Settings

# Three policies in strictness order (weakest first), told apart by their minimum length.
POLICY_MINS = {"weak": 4, "mid": 10, "strict": 20}


def write_policy(directory: Path, name: str, min_length: int, version: str = "1") -> Path:
    path = directory / f"{name}.toml"
    path.write_text(
        f'name = "{name}"\nversion = "{version}"\ndescription = "test policy {name}"\n\n'
        f'[[rules]]\ntype = "length"\nmin = {min_length}\nmax = 64\n',
        encoding="utf-8",
    )
    return path


@dataclass
class Service:
    app: Flask
    client: FlaskClient
    data_dir: Path
    policy_dir: Path
    keys: dict[str, str]

    def headers(self, who: str = "check", **extra: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.keys[who]}", **extra}

    def check(self, body: dict[str, Any], who: str = "check") -> Any:
        return self.client.post("/v1/check", json=body, headers=self.headers(who))


@pytest.fixture
def policy_dir(tmp_path: Path) -> Path:
    directory = tmp_path / "policies"
    directory.mkdir()
    for name, minimum in POLICY_MINS.items():
        write_policy(directory, name, minimum)
    return directory


@pytest.fixture
def make_service(tmp_path: Path, policy_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[..., Service]:
    """Build an app with the three test policies; keyword arguments override settings."""
    for var in ("BOUNCER_CONFIG", "BOUNCER_DATA_DIR", "PROMETHEUS_MULTIPROC_DIR"):
        monkeypatch.delenv(var, raising=False)

    def make(**overrides: Any) -> Service:
        data_dir = tmp_path / "data"
        values: dict[str, Any] = {
            "data_dir": data_dir,
            "policies": [str(policy_dir / f"{n}.toml") for n in POLICY_MINS],
            "default_policy": "weak",
        }
        values.update(overrides)
        app = create_app(Settings(**values))
        store = app.extensions["bouncer"].keys
        keys = {
            "check": store.create(["check"])[0],
            "stats": store.create(["stats"])[0],
            "admin": store.create(["admin"])[0],
            "mid_only": store.create(["check"], ["mid"])[0],
            "strict_first": store.create(["check"], ["strict", "mid"])[0],
        }
        return Service(app, app.test_client(), data_dir, policy_dir, keys)

    return make


@pytest.fixture
def svc(make_service: Callable[..., Service]) -> Service:
    return make_service()
