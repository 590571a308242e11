"""Shared fixtures. Tests that need a real service skip with a reason on a laptop,
but must run where BOUNCER_REQUIRE_SERVICES=1 (CI)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from bouncer.resources import set_data_dir

ROOT = Path(__file__).resolve().parent.parent
SHARED_DATA = ROOT.parent / "shared" / "data"
XATO = SHARED_DATA / "common-passwords-xato-top175k.txt"


def require_service(reason: str) -> None:
    """Skip with `reason`, or fail when services are required (CI)."""
    if os.environ.get("BOUNCER_REQUIRE_SERVICES") == "1":
        pytest.fail(f"required service unavailable: {reason}")
    pytest.skip(reason)


@pytest.fixture
def xato_path() -> Path:
    if not XATO.is_file():
        pytest.skip(f"real leaked-password list not found at {XATO} (clone beside ../shared)")
    return XATO


@pytest.fixture(autouse=True)
def _reset_data_dir() -> Iterator[None]:
    """A service sets the process's data directory; don't let it leak into the next test."""
    yield
    set_data_dir(None)
