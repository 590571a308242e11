"""`verify_filter`: the body checksum catches corruption that opening (instant) does not read."""

from __future__ import annotations

from pathlib import Path

import pytest

from bouncer.errors import FilterFormatError
from bouncer.filter.build import build_from_passwords
from bouncer.filter.lookup import BreachFilter
from bouncer.filter.verify import verify_filter
from bouncer.filter.writer import write_filter


def test_intact_filter_verifies(tmp_path: Path) -> None:
    """A freshly written filter passes verification and returns its header."""
    header, body = build_from_passwords(["a", "b"], source="s")
    path = tmp_path / "f.bpf"
    write_filter(body, header, path)
    assert verify_filter(path).source == "s"


def test_flipped_body_bit_fails_verify_but_opens(tmp_path: Path) -> None:
    """One flipped body bit: opening still works (no body read), verify refuses the file."""
    header, body = build_from_passwords(["a", "b"])
    path = tmp_path / "f.bpf"
    write_filter(body, header, path)
    data = bytearray(path.read_bytes())
    data[-1] ^= 0x80
    path.write_bytes(bytes(data))
    BreachFilter(path).close()
    with pytest.raises(FilterFormatError, match="checksum"):
        verify_filter(path)
