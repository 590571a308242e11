"""The embedded default filter: built on first use from real leaked passwords, atomic, with a fallback."""

from __future__ import annotations

import os
import stat
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from bouncer.filter import default
from bouncer.filter.default import default_filter_path, ensure_default_filter, open_default_filter
from bouncer.filter.format import read_header
from bouncer.filter.lookup import BreachFilter


@pytest.fixture(autouse=True)
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    d = tmp_path / "data"
    monkeypatch.setenv("BOUNCER_DATA_DIR", str(d))
    return d


def test_built_on_first_use_and_names_its_source(data_dir: Path) -> None:
    """The first call writes the filter into the data dir; its header names zxcvbn's list."""
    path = ensure_default_filter()
    assert path.parent == data_dir and path == default_filter_path()
    header = read_header(path)
    assert "zxcvbn" in header.source and "passwords list" in header.source
    assert header.tiers[0].entries >= 30_000
    with BreachFilter(path) as f:
        assert f.seen_at_least("password1") == 1
        assert f.seen_at_least("Tr0ub4dor&3-horse-staple-91") is None


def test_only_password_lists_are_sources() -> None:
    """Word lists that are not password lists (banned words, names) are never sources."""
    names = [name for name, _ in default.default_sources()]
    assert names[0].startswith("zxcvbn")
    assert all("password" in n.lower() for n in names[1:])


def test_racing_builders_leave_one_good_file(data_dir: Path) -> None:
    """Concurrent first uses all end with the same complete file and no temporary files."""
    with ThreadPoolExecutor(4) as pool:
        paths = list(pool.map(lambda _: ensure_default_filter(), range(4)))
    assert len(set(paths)) == 1
    assert [p.name for p in data_dir.iterdir()] == [paths[0].name]
    read_header(paths[0])


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write to a read-only directory")
def test_unwritable_dir_falls_back_to_memory(data_dir: Path) -> None:
    """If the data dir cannot be written the filter is built in memory and still works."""
    data_dir.mkdir()
    data_dir.chmod(stat.S_IRUSR | stat.S_IXUSR)
    try:
        f = open_default_filter()
        assert f.seen_at_least("password1") == 1
    finally:
        data_dir.chmod(0o755)


def test_data_dir_not_a_directory_falls_back_to_memory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A data dir path that is a file (cannot be created) falls back to an in-memory filter."""
    blocker = tmp_path / "file"
    blocker.write_text("x")
    monkeypatch.setenv("BOUNCER_DATA_DIR", str(blocker / "sub"))
    f = open_default_filter()
    assert f.seen_at_least("password1") == 1 and not f.path.is_absolute()


def test_xdg_default(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Without BOUNCER_DATA_DIR the data dir is $XDG_DATA_HOME/bouncer."""
    monkeypatch.delenv("BOUNCER_DATA_DIR")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert default.data_dir() == tmp_path / "xdg" / "bouncer"


def test_memory_fallback_is_built_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """After an unwritable data dir, later opens reuse the in-memory filter instead of rebuilding."""
    blocker = tmp_path / "file2"
    blocker.write_text("x")
    monkeypatch.setenv("BOUNCER_DATA_DIR", str(blocker / "sub"))
    first = open_default_filter()
    calls = []
    monkeypatch.setattr(default, "_build", lambda *a: calls.append(a))
    assert open_default_filter() is first and calls == []


def test_default_filter_creates_a_private_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A data directory created for the default filter is private (0700): keys and secrets go there too."""
    from bouncer.filter.default import ensure_default_filter

    data = tmp_path / "fresh-data"
    monkeypatch.setenv("BOUNCER_DATA_DIR", str(data))
    ensure_default_filter()
    assert (data.stat().st_mode & 0o777) == 0o700
