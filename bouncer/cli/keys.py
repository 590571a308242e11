"""`bouncer keys create|list|revoke`: API keys for the HTTP service.

`create` prints the key once, alone on stdout (so `KEY=$(bouncer keys create ...)`
works); only its SHA-256 hash is stored.
"""

from __future__ import annotations

import json
import sys

import click

from bouncer.errors import BouncerError

__all__ = ["keys"]

ROLE_CHOICES = ("check", "stats", "admin")


def _store(config: str | None, data_dir: str | None):  # type: ignore[no-untyped-def]
    from bouncer.web.keystore import KeyStore
    from bouncer.web.settings import load_settings

    settings = load_settings(config, data_dir=data_dir)
    return settings, KeyStore(settings.key_store_path)


def _fail(exc: BouncerError) -> None:
    click.echo(f"error: {exc}", err=True)
    sys.exit(2)


config_option = click.option("--config", type=click.Path(dir_okay=False), help="Settings file (TOML).")
data_dir_option = click.option("--data-dir", type=click.Path(file_okay=False), help="Data directory.")


@click.group("keys")
def keys() -> None:
    """Manage API keys (stored hashed in the data directory)."""


@keys.command("create")
@click.option("--role", "roles", multiple=True, required=True, type=click.Choice(ROLE_CHOICES),
              help="check, stats or admin; repeat for several.")
@click.option("--policies", default="",
              help="Comma-separated policy names this key may use (first = its default).")
@click.option("--note", default="", help="Free text shown by `keys list`.")
@config_option
@data_dir_option
def create(roles: tuple[str, ...], policies: str, note: str, config: str | None,
           data_dir: str | None) -> None:
    """Create a key and print it once."""
    try:
        settings, store = _store(config, data_dir)
        names = [p.strip() for p in policies.split(",") if p.strip()]
        if names:
            from bouncer.web.service import load_engines

            loaded = load_engines(settings).bouncers
            unknown = [n for n in names if n not in loaded]
            if unknown:
                raise click.UsageError(f"not among the service's policies ({', '.join(loaded)}): "
                                       f"{', '.join(unknown)}")
        key, record = store.create(list(roles), names, note)
    except BouncerError as exc:
        _fail(exc)
        return
    click.echo(key)
    click.echo(f"created key {record.id} (roles: {', '.join(record.roles)}); it is shown only now",
               err=True)


@keys.command("list")
@click.option("--json", "as_json", is_flag=True, help="JSON output.")
@config_option
@data_dir_option
def list_keys(as_json: bool, config: str | None, data_dir: str | None) -> None:
    """List key ids, roles and policies (never the keys)."""
    try:
        _, store = _store(config, data_dir)
        records = store.list()
    except BouncerError as exc:
        _fail(exc)
        return
    if as_json:
        click.echo(json.dumps([r.public() for r in records], indent=1))
        return
    for r in records:
        state = f"revoked {r.revoked}" if r.revoked else "active"
        click.echo(f"{r.id}  {','.join(r.roles):<18} {','.join(r.policies) or '*':<20} {r.created}  "
                   f"{state}  {r.note}")


@keys.command("revoke")
@click.argument("key_id")
@config_option
@data_dir_option
def revoke(key_id: str, config: str | None, data_dir: str | None) -> None:
    """Revoke a key by its id; a running service refuses it at once."""
    try:
        _, store = _store(config, data_dir)
        done = store.revoke(key_id)
    except BouncerError as exc:
        _fail(exc)
        return
    if not done:
        click.echo(f"error: no active key with id {key_id}", err=True)
        sys.exit(2)
    click.echo(f"revoked {key_id}", err=True)
