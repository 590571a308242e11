"""A plain (non-editable) install must carry every preset and word list."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

from conftest import ROOT


def test_wheel_carries_presets_and_wordlists(tmp_path: Path) -> None:
    """The built wheel holds policies/ and wordlists/ as package data under bouncer/data/."""
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(tmp_path), str(ROOT)],
        check=True, capture_output=True,
    )
    wheel = next(tmp_path.glob("*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    for preset in (ROOT / "policies").glob("*.toml"):
        assert f"bouncer/data/policies/{preset.name}" in names
    for wordlist in (ROOT / "wordlists").iterdir():
        if wordlist.is_file():
            assert f"bouncer/data/wordlists/{wordlist.name}" in names
    assert "bouncer/py.typed" in names
