"""The registry of open breach filters: cached per data directory, re-validated once a second."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from bouncer.filter.registry import DEFAULT, clear_cache, get_filter


@pytest.fixture(autouse=True)
def _fresh_cache() -> Iterator[None]:
    clear_cache()
    yield
    clear_cache()


def test_default_filter_follows_the_home_directory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """With no data-directory variable set, a new HOME gets its own default filter at once."""
    for var in ("BOUNCER_DATA_DIR", "XDG_DATA_HOME"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("HOME", str(tmp_path / "first"))
    first = get_filter(DEFAULT)
    assert first.path.is_relative_to(tmp_path / "first")
    monkeypatch.setenv("HOME", str(tmp_path / "second"))
    second = get_filter(DEFAULT)
    assert second.path.is_relative_to(tmp_path / "second")
