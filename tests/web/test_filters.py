"""The service opens the breach filters its policies name, and verifies them in the background."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pytest

from bouncer.errors import ConfigError
from bouncer.filter.registry import clear_cache

from .conftest import Service


def write_breached_policy(directory: Path, filters: list[str]) -> Path:
    path = directory / "breach.toml"
    names = ", ".join(f'"{f}"' for f in filters)
    path.write_text(
        'name = "breach"\n\n[[rules]]\ntype = "length"\nmin = 4\n\n'
        f'[[rules]]\ntype = "breached"\nfilters = [{names}]\n',
        encoding="utf-8",
    )
    return path


def wait_verified(svc: Service) -> dict[str, object]:
    for _ in range(200):
        body = svc.client.get("/readyz").get_json()
        if body["verification"]["status"] != "pending":
            return dict(body)
        time.sleep(0.05)
    raise AssertionError("verification never finished")


@pytest.fixture(autouse=True)
def _fresh_filter_cache() -> None:
    clear_cache()


def test_default_filter_is_built_in_the_service_data_dir(
    make_service: Callable[..., Service], policy_dir: Path
) -> None:
    """A policy naming the default filter gets it built in the service's data dir and listed in /readyz."""
    policy = write_breached_policy(policy_dir, ["default"])
    svc = make_service(policies=[str(policy)], default_policy="breach")
    assert list(svc.data_dir.glob("default-*.bpf")), "default filter not in the service's data dir"
    body = wait_verified(svc)
    assert [f["name"] for f in body["filters"]] == ["default"]  # type: ignore[index]
    assert body["verification"]["status"] == "ok"  # type: ignore[index]
    verdict = svc.check({"password": "password1", "policy": "breach"}).get_json()
    assert "breached" in [v["code"] for v in verdict["violations"]]


def test_missing_filter_stops_start_up(make_service: Callable[..., Service], policy_dir: Path) -> None:
    """A policy naming a filter file that does not exist stops start-up with a clear message."""
    policy = write_breached_policy(policy_dir, ["nowhere.bpf"])
    with pytest.raises(ConfigError, match="nowhere.bpf"):
        make_service(policies=[str(policy)], default_policy="breach")


def test_corrupt_body_fails_background_verification(
    make_service: Callable[..., Service], policy_dir: Path, tmp_path: Path
) -> None:
    """A filter whose body no longer matches its checksum opens, but /readyz shows the failed verification."""
    from bouncer.filter.build import build_filter

    source = tmp_path / "list.txt"
    source.write_text("hunter2\npassword1\n", encoding="utf-8")
    target = policy_dir / "small.bpf"
    build_filter([source], target)
    data = bytearray(target.read_bytes())
    data[-1] ^= 0xFF
    target.write_bytes(bytes(data))
    policy = write_breached_policy(policy_dir, ["small.bpf"])
    svc = make_service(policies=[str(policy)], default_policy="breach")
    body = wait_verified(svc)
    assert body["verification"]["status"] == "failed"  # type: ignore[index]
    assert [f["name"] for f in body["filters"]] == ["small.bpf"]  # type: ignore[index]
