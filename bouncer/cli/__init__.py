"""The `bouncer` command. Subcommands live in one module each and load lazily,
so `bouncer check` does not pay for Flask or numpy imports.

Exit codes everywhere: 0 accepted (or audit), 1 rejected / not passing, 2 usage or configuration error.
"""

from __future__ import annotations

import importlib
import importlib.util
from typing import Any

import click

__all__ = ["main", "cli"]

# command name -> (module, attribute). The one place a subcommand is registered.
COMMANDS: dict[str, tuple[str, str]] = {
    "check": ("bouncer.cli.check", "check"),
    "explain": ("bouncer.cli.policy", "explain"),
    "policy": ("bouncer.cli.policy", "policy"),
    "filter": ("bouncer.cli.filter", "filter_group"),
    "serve": ("bouncer.cli.serve", "serve"),
    "keys": ("bouncer.cli.keys", "keys"),
}


class LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(name for name in COMMANDS if self._available(name))

    @staticmethod
    def _available(name: str) -> bool:
        module = COMMANDS[name][0]
        return importlib.util.find_spec(module) is not None

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name not in COMMANDS or not self._available(name):
            return None
        module, attr = COMMANDS[name]
        command: click.Command = getattr(importlib.import_module(module), attr)
        return command


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="password-bouncer", prog_name="bouncer")
def cli() -> None:
    """Password Bouncer: check passwords against a policy."""


def main(argv: list[str] | None = None) -> Any:
    # Usage errors exit 2 (click's default); our own commands set 0/1/2 themselves.
    return cli.main(args=argv, prog_name="bouncer")
