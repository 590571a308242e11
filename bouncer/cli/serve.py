"""`bouncer serve`: the HTTP check service under gunicorn.

Refuses a non-loopback bind without TLS unless `--insecure-http` is given.
There is no debug option: the app is served by gunicorn only, never by the
Werkzeug development server or its debugger. `--dev` (what `make serve` runs)
also creates the data directory and a development API key, printed once.
"""

from __future__ import annotations

import ipaddress
import os
import secrets
import shutil
import sys
from pathlib import Path

import click

__all__ = ["serve", "is_loopback_bind", "ensure_stats_secret"]

DEV_NOTE = "development key (make serve)"
# 256-bit secret for the statistics (keyed hashing of session ids); never leaves the data dir.
STATS_SECRET_BYTES = 32


def is_loopback_bind(bind: str) -> bool:
    """True for unix sockets, localhost and loopback addresses (`127.0.0.1:8080`, `[::1]:80`)."""
    if bind.startswith("unix:"):
        return True
    host = bind.rsplit(":", 1)[0] if ":" in bind else bind
    host = host.strip("[]")
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False  # a host name could resolve anywhere


def ensure_stats_secret(path: Path) -> bool:
    """Create the statistics secret (mode 0600) if missing; True if it was created."""
    if path.exists():
        return False
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as out:
        out.write(secrets.token_hex(STATS_SECRET_BYTES) + "\n")
    return True


def _prepare_run_dir(data_dir: Path) -> tuple[Path, Path]:
    """<data>/run with a wiped prometheus directory (stale files would add old counts)."""
    run = data_dir / "run"
    prom = run / "prometheus"
    if prom.exists():
        shutil.rmtree(prom)
    prom.mkdir(parents=True, mode=0o700)
    os.chmod(run, 0o700)
    status = run / "status.json"
    status.unlink(missing_ok=True)
    return prom, status


def _fail(message: str) -> None:
    click.echo(f"error: {message}", err=True)
    sys.exit(2)


def _dev_key(settings: object) -> None:
    from bouncer.web.keystore import KeyStore

    store = KeyStore(settings.key_store_path)  # type: ignore[attr-defined]
    existing = [k for k in store.list() if k.note == DEV_NOTE and not k.revoked]
    if existing:
        click.echo(f"development key {existing[0].id} exists (it was printed when created); "
                   "make another with: bouncer keys create --role check", err=True)
        return
    key, record = store.create(["check", "stats"], (), DEV_NOTE)
    click.echo(f"\nDevelopment API key (roles check, stats; shown only now):\n\n    {key}\n\n"
               f"Try:\n    curl -H 'Authorization: Bearer {key}' -H 'Content-Type: application/json' "
               f"-d '{{\"password\":\"Summer2024!\"}}' http://{settings.bind}/v1/check\n",  # type: ignore[attr-defined]
               err=True)


@click.command("serve")
@click.option("--config", type=click.Path(dir_okay=False), help="Settings file (TOML).")
@click.option("--data-dir", type=click.Path(file_okay=False), help="Data directory.")
@click.option("--bind", help="Listen address, host:port (default 127.0.0.1:8080).")
@click.option("--workers", type=int, help="gunicorn worker processes (default 2).")
@click.option("--tls-cert", type=click.Path(dir_okay=False, exists=True), help="TLS certificate (PEM).")
@click.option("--tls-key", type=click.Path(dir_okay=False, exists=True), help="TLS private key (PEM).")
@click.option("--insecure-http", is_flag=True, default=None,
              help="Allow plain HTTP on a non-loopback address (behind a TLS proxy only).")
@click.option("--metrics-bind", help="Extra listen address serving only /metrics, without a key.")
@click.option("--dev", is_flag=True, help="Create the data directory and a development key if missing.")
def serve(config: str | None, data_dir: str | None, bind: str | None, workers: int | None,
          tls_cert: str | None, tls_key: str | None, insecure_http: bool | None,
          metrics_bind: str | None, dev: bool) -> None:
    """Serve the HTTP check service (gunicorn)."""
    from bouncer.errors import BouncerError
    from bouncer.web.settings import load_settings

    try:
        settings = load_settings(config, data_dir=data_dir, bind=bind, workers=workers, tls_cert=tls_cert,
                                 tls_key=tls_key, insecure_http=insecure_http, metrics_bind=metrics_bind)
    except BouncerError as exc:
        _fail(str(exc))
        return
    if bool(settings.tls_cert) != bool(settings.tls_key):
        _fail("TLS needs both --tls-cert and --tls-key")
    tls = bool(settings.tls_cert)
    for address in [settings.bind] + ([settings.metrics_bind] if settings.metrics_bind else []):
        if not tls and not settings.insecure_http and not is_loopback_bind(address):
            _fail(f"refusing plain HTTP on non-loopback address {address}: give --tls-cert/--tls-key, "
                  "or --insecure-http if a TLS proxy terminates in front of this service")

    os.umask(0o077)  # everything the service writes in the data directory is private
    settings.data_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    if ensure_stats_secret(settings.stats_secret_path):
        click.echo(f"created statistics secret {settings.stats_secret_path} (mode 0600)", err=True)
    prom, status = _prepare_run_dir(settings.data_dir)
    # Must precede the first import of prometheus_client (it picks its value class at import).
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = str(prom)
    if "prometheus_client" in sys.modules:
        _fail("internal: prometheus_client imported before multiprocess mode was set")

    from bouncer.web import logging as weblog
    from bouncer.web.api import MASTER_PID_ENV
    from bouncer.web.server import BouncerServer
    from bouncer.web.service import load_engines

    weblog.configure(settings.log_level)
    try:
        engines = load_engines(settings)
        if dev:
            _dev_key(settings)
    except BouncerError as exc:
        _fail(str(exc))
        return
    os.environ[MASTER_PID_ENV] = str(os.getpid())
    click.echo(f"serving {', '.join(engines.bouncers)} on {'https' if tls else 'http'}://{settings.bind} "
               f"with {settings.workers} workers", err=True)
    BouncerServer(settings, engines, status).run()
