"""Helpers for CLI tests: run the real `bouncer` console script with bytes on stdin."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from bouncer.rules import RULES

# The console script installed next to the interpreter running the tests (the venv's).
BOUNCER = Path(sys.executable).with_name("bouncer")
# Generous: a check takes milliseconds, but the 2-core machine is shared.
TIMEOUT_S = 120


def run(
    *args: str,
    stdin: bytes = b"",
    pass_fds: tuple[int, ...] = (),
) -> subprocess.CompletedProcess[bytes]:
    """Run `bouncer ARGS` with `stdin`, capturing stdout and stderr as bytes."""
    if not BOUNCER.is_file():
        pytest.fail(f"console script not installed at {BOUNCER}; run pip install -e .")
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    return subprocess.run(
        [str(BOUNCER), *args], input=stdin, capture_output=True, timeout=TIMEOUT_S,
        pass_fds=pass_fds, env=env, check=False,
    )


def needs_rules(*types: str) -> None:
    """Skip until the rule types the default preset uses are registered (other branches)."""
    missing = [t for t in types if t not in RULES]
    if missing:
        pytest.skip(f"rule type(s) not registered yet: {', '.join(missing)}")
