"""Where the bundled presets and word lists are.

A wheel carries them inside the package (bouncer/data/, copied by setup.py);
an editable install or a source checkout finds them at the repository's top level.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

__all__ = ["policies_dir", "wordlists_dir"]

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
