"""Settings: TOML file, BOUNCER_* environment, priorities, data directory defaults, clear errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from bouncer.errors import ConfigError
from bouncer.web.settings import config_path, default_data_dir, load_settings


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for var in ("BOUNCER_CONFIG", "BOUNCER_DATA_DIR", "XDG_DATA_HOME", "BOUNCER_WORKERS", "BOUNCER_BIND"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))


def test_data_dir_defaults_per_user(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """BOUNCER_DATA_DIR, else XDG_DATA_HOME/bouncer, else ~/.local/share/bouncer."""
    assert default_data_dir() == tmp_path / "home" / ".local" / "share" / "bouncer"
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert default_data_dir() == tmp_path / "xdg" / "bouncer"
    monkeypatch.setenv("BOUNCER_DATA_DIR", str(tmp_path / "d"))
    assert default_data_dir() == tmp_path / "d"
    assert config_path() == tmp_path / "d" / "bouncer.toml"


def test_data_dir_default_ignores_a_service_set_earlier(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A data directory an earlier service set in this process is not the next settings' default."""
    from bouncer.resources import set_data_dir

    monkeypatch.setenv("BOUNCER_DATA_DIR", str(tmp_path / "env"))
    set_data_dir(tmp_path / "first-service")  # undone by tests/conftest.py after the test
    assert default_data_dir() == tmp_path / "env"
    assert config_path() == tmp_path / "env" / "bouncer.toml"
    assert load_settings().data_dir == tmp_path / "env"


def test_toml_then_env_then_overrides(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """The file sets values, BOUNCER_* env wins over it, explicit options win over both."""
    cfg = tmp_path / "b.toml"
    cfg.write_text('workers = 3\nbind = "127.0.0.1:9000"\nlog_level = "DEBUG"\n'
                   '[[routing.groups]]\ngroup = "Domain Admins"\npolicy = "nist-800-63b"\n')
    s = load_settings(cfg)
    assert (s.workers, s.bind, s.log_level) == (3, "127.0.0.1:9000", "DEBUG")
    assert s.routing.groups[0].group == "Domain Admins"
    monkeypatch.setenv("BOUNCER_WORKERS", "5")
    assert load_settings(cfg).workers == 5
    assert load_settings(cfg, workers=7, bind=None).workers == 7


def test_config_from_env_var(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """BOUNCER_CONFIG names the settings file."""
    cfg = tmp_path / "c.toml"
    cfg.write_text('rate_limit_storage = "redis://127.0.0.1:6379/0"\n')
    monkeypatch.setenv("BOUNCER_CONFIG", str(cfg))
    assert load_settings().rate_limit_uri == "redis://127.0.0.1:6379/0"


def test_default_file_in_data_dir_is_optional(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Without a settings file everything has a default under the data directory."""
    monkeypatch.setenv("BOUNCER_DATA_DIR", str(tmp_path / "d"))
    s = load_settings()
    assert s.key_store_path == tmp_path / "d" / "keys.json"
    assert s.stats_secret_path == tmp_path / "d" / "stats.secret"
    assert s.stats_database_path == tmp_path / "d" / "stats.sqlite3"
    assert s.rate_limit_uri == f"bouncer-sqlite://{tmp_path / 'd' / 'ratelimit.sqlite3'}"
    (tmp_path / "d").mkdir()
    (tmp_path / "d" / "bouncer.toml").write_text("workers = 4\n")
    assert load_settings().workers == 4


@pytest.mark.parametrize(("text", "match"), [
    ("workers = 0\n", "workers"),
    ("wrokers = 2\n", "wrokers"),
    ('trusted_proxies = ["not-an-ip"]\n', "trusted_proxies"),
    ("workers = \n", "b.toml"),
])
def test_bad_settings_are_clear_errors(tmp_path: Path, text: str, match: str) -> None:
    """A bad or unknown setting is a ConfigError naming the file and the field."""
    cfg = tmp_path / "b.toml"
    cfg.write_text(text)
    with pytest.raises(ConfigError, match=match):
        load_settings(cfg)


def test_missing_explicit_file_is_an_error(tmp_path: Path) -> None:
    """--config pointing nowhere is an error, not silently ignored."""
    with pytest.raises(ConfigError, match="not found"):
        load_settings(tmp_path / "nope.toml")


def test_errors_name_the_source_of_the_bad_value(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """A bad value from BOUNCER_* is blamed on that variable, not on a settings file that may not exist."""
    monkeypatch.setenv("BOUNCER_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("BOUNCER_WORKERS", "many")
    with pytest.raises(ConfigError) as caught:
        load_settings()
    assert str(caught.value).startswith("BOUNCER_WORKERS: workers:")
    assert "bouncer.toml" not in str(caught.value)
    monkeypatch.delenv("BOUNCER_WORKERS")
    cfg = tmp_path / "b.toml"
    cfg.write_text('workers = "many"\n')
    with pytest.raises(ConfigError, match=f"^{cfg}: workers:"):
        load_settings(cfg)
    with pytest.raises(ConfigError, match="^options: workers:"):
        load_settings(workers=0)
