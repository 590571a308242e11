"""Shared fixtures. Tests that need a real service skip with a reason on a laptop,
but must run where BOUNCER_REQUIRE_SERVICES=1 (CI)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

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
