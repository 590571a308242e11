"""`bouncer keys create|list|revoke`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from bouncer.cli import cli
from bouncer.web.keystore import KeyStore


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("BOUNCER_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("BOUNCER_CONFIG", raising=False)
    return tmp_path


def test_create_prints_the_key_once_on_stdout(data_dir: Path) -> None:
    """create prints only the key on stdout; the store verifies it and holds its hash only."""
    result = CliRunner().invoke(cli, ["keys", "create", "--role", "check", "--role", "stats"])
    assert result.exit_code == 0, result.output
    key = result.stdout.strip()
    assert key.startswith("bk_") and "\n" not in key
    record = KeyStore(data_dir / "keys.json").verify(key)
    assert record is not None and record.roles == ("check", "stats")
    assert key not in (data_dir / "keys.json").read_text()


def test_create_with_policies_checks_names(data_dir: Path) -> None:
    """--policies must name policies the service loads (here from a settings file)."""
    policy = data_dir / "team.toml"
    policy.write_text('name = "team"\n[[rules]]\ntype = "length"\nmin = 12\n')
    config = data_dir / "bouncer.toml"
    config.write_text(f'policies = ["{policy}"]\ndefault_policy = "team"\n')
    runner = CliRunner()
    ok = runner.invoke(cli, ["keys", "create", "--role", "check", "--policies", "team",
                             "--config", str(config)])
    assert ok.exit_code == 0, ok.output
    record = KeyStore(data_dir / "keys.json").verify(ok.stdout.strip())
    assert record is not None and record.policies == ("team",)
    bad = runner.invoke(cli, ["keys", "create", "--role", "check", "--policies", "nope",
                              "--config", str(config)])
    assert bad.exit_code == 2 and "nope" in bad.output


def test_bad_role_is_a_usage_error(data_dir: Path) -> None:
    """Only check, stats and admin exist (exit 2)."""
    assert CliRunner().invoke(cli, ["keys", "create", "--role", "root"]).exit_code == 2


def test_list_and_revoke(data_dir: Path) -> None:
    """list shows ids and roles (never keys); revoke stops a key; revoking twice is an error."""
    runner = CliRunner()
    key = runner.invoke(cli, ["keys", "create", "--role", "admin", "--note", "ops"]).stdout.strip()
    kid = key.split("_")[1]
    listed = runner.invoke(cli, ["keys", "list", "--json"])
    rows = json.loads(listed.stdout)
    assert rows[0]["id"] == kid and rows[0]["roles"] == ["admin"] and "hash" not in rows[0]
    assert key.split("_", 2)[2] not in listed.stdout
    assert runner.invoke(cli, ["keys", "revoke", kid]).exit_code == 0
    assert KeyStore(data_dir / "keys.json").verify(key) is None
    assert runner.invoke(cli, ["keys", "revoke", kid]).exit_code == 2
    assert "revoked" in runner.invoke(cli, ["keys", "list"]).stdout
