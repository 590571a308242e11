"""`bouncer serve` refuses unsafe transport and broken configuration before starting gunicorn."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from click.testing import CliRunner

from bouncer.cli import cli
from bouncer.cli.serve import ensure_stats_secret, is_loopback_bind


@pytest.mark.parametrize(("bind", "loopback"), [
    ("127.0.0.1:8080", True), ("127.0.0.2:80", True), ("[::1]:8080", True), ("localhost:8080", True),
    ("unix:/run/bouncer.sock", True), ("0.0.0.0:8080", False), ("[::]:8080", False),
    ("192.0.2.1:443", False), ("bouncer.example.com:8080", False),
])
def test_loopback_detection(bind: str, loopback: bool) -> None:
    """Only loopback addresses and unix sockets count as local."""
    assert is_loopback_bind(bind) is loopback


def test_refuses_public_plain_http(tmp_path: Path) -> None:
    """A non-loopback bind without TLS exits 2 with a message naming --insecure-http."""
    result = CliRunner().invoke(cli, ["serve", "--data-dir", str(tmp_path), "--bind", "0.0.0.0:8080"])
    assert result.exit_code == 2 and "--insecure-http" in result.output


def test_tls_needs_both_files(tmp_path: Path) -> None:
    """A certificate without a key is refused."""
    cert = tmp_path / "c.pem"
    cert.write_text("x")
    result = CliRunner().invoke(cli, ["serve", "--data-dir", str(tmp_path), "--tls-cert", str(cert)])
    assert result.exit_code == 2 and "both" in result.output


def test_has_no_debug_option() -> None:
    """There is no way to turn on the Werkzeug debugger from serve."""
    result = CliRunner().invoke(cli, ["serve", "--help"])
    assert "debug" not in result.output.lower()
    assert CliRunner().invoke(cli, ["serve", "--debug"]).exit_code == 2


def test_stats_secret_is_private(tmp_path: Path) -> None:
    """The statistics secret is created once with mode 0600."""
    path = tmp_path / "d" / "stats.secret"
    assert ensure_stats_secret(path) and not ensure_stats_secret(path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600 and len(path.read_text().strip()) == 64


def test_broken_policy_stops_start_up(tmp_path: Path) -> None:
    """A broken policy file stops `bouncer serve` with exit 2 and a message naming the file and field."""
    import os
    import subprocess
    import sys

    policy = tmp_path / "bad.toml"
    policy.write_text('name = "bad"\n[[rules]]\ntype = "length"\nmin = 0\n')
    config = tmp_path / "b.toml"
    config.write_text(f'policies = ["{policy}"]\ndefault_policy = "bad"\nbind = "127.0.0.1:1"\n')
    env = {k: v for k, v in os.environ.items() if not k.startswith(("BOUNCER_", "PROMETHEUS_"))}
    result = subprocess.run([sys.executable, "-m", "bouncer", "serve", "--config", str(config),
                             "--data-dir", str(tmp_path / "d")], capture_output=True, text=True,
                            env=env, timeout=60)
    assert result.returncode == 2
    assert "bad.toml: rules.0.length.min" in result.stderr
