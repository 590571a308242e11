"""Where the bundled presets and word lists are.

A wheel carries them inside the package (bouncer/data/, copied by setup.py);
an editable install or a source checkout finds them at the repository's top level.
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

__all__ = [
    "policies_dir", "wordlists_dir", "user_data_dir", "environment_data_dir", "set_data_dir", "data_dir_key",
]

_PACKAGE = Path(__file__).resolve().parent


@cache
def _data_dir(name: str) -> Path:
    for candidate in (_PACKAGE / "data" / name, _PACKAGE.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"bundled {name}/ directory not found next to the bouncer package")


def policies_dir() -> Path:
    return _data_dir("policies")


def wordlists_dir() -> Path:
    return _data_dir("wordlists")


# Set by a service whose settings name a data directory, so the embedded default filter
# lives beside its keys and statistics rather than in the environment's default.
_data_dir_override: Path | None = None


def user_data_dir() -> Path:
    """The data directory (not created here).

    The directory a service configured (set_data_dir), else `$BOUNCER_DATA_DIR`, else
    `$XDG_DATA_HOME/bouncer`, else `~/.local/share/bouncer`.
    """
    if _data_dir_override is not None:
        return _data_dir_override
    return environment_data_dir()


def environment_data_dir() -> Path:
    """The data directory the environment names, ignoring set_data_dir (a settings default).

    `$BOUNCER_DATA_DIR`, else `$XDG_DATA_HOME/bouncer`, else `~/.local/share/bouncer`.
    """
    if explicit := os.environ.get("BOUNCER_DATA_DIR"):
        return Path(explicit)
    xdg = os.environ.get("XDG_DATA_HOME")
    return (Path(xdg) if xdg else Path.home() / ".local" / "share") / "bouncer"


def set_data_dir(path: Path | None) -> None:
    """Make `path` the process's data directory (None: back to the environment's)."""
    global _data_dir_override
    _data_dir_override = path


def data_dir_key() -> tuple[str | None, ...]:
    """What user_data_dir() depends on, cheap to compute: a cache key for per-directory state."""
    override = None if _data_dir_override is None else str(_data_dir_override)
    env = os.environ
    # HOME too: with neither variable set, the directory is under the home directory.
    return (override, env.get("BOUNCER_DATA_DIR"), env.get("XDG_DATA_HOME"), env.get("HOME"))
