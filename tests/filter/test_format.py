"""The header: round trip, and refusal of truncated, corrupt, wrong-version and wrong-kind files."""

from __future__ import annotations

import struct
from pathlib import Path

import numpy as np
import pytest

from bouncer.errors import FilterError, FilterFormatError
from bouncer.filter.build import build_from_passwords
from bouncer.filter.format import HEADER_SIZE, Header, Tier, read_header
from bouncer.filter.lookup import BreachFilter
from bouncer.filter.writer import write_filter


@pytest.fixture
def small(tmp_path: Path) -> Path:
    header, body = build_from_passwords(["password1", "letmein"], source="test list")
    return Path(str(write_filter(body, header, tmp_path / "f.bpf") and tmp_path / "f.bpf"))


def test_header_round_trips() -> None:
    """Every header field survives pack/unpack."""
    h = Header("ntlm", (Tier(1, 10, 3, 17), Tier(100, 2, 1, 17)), 1e-5, "sôurce", 123, b"x" * 32)
    back = Header.unpack(h.pack())
    assert back == h and back.block_offsets == (0, 3) and back.body_size == 4 * 4096


def test_body_starts_page_aligned(small: Path) -> None:
    """The body starts at 4096 and the file is exactly header + whole blocks."""
    header = read_header(small)
    assert small.stat().st_size == HEADER_SIZE + header.body_size and header.body_size % 4096 == 0


def test_truncated_file_refused(small: Path) -> None:
    """A file cut short by one byte is refused on open, naming the problem."""
    data = small.read_bytes()
    small.write_bytes(data[:-1])
    with pytest.raises(FilterFormatError, match="truncated"):
        BreachFilter(small)


def test_truncated_header_refused(small: Path) -> None:
    """A file shorter than its header is refused."""
    small.write_bytes(small.read_bytes()[:100])
    with pytest.raises(FilterFormatError, match="truncated"):
        read_header(small)


def test_trailing_bytes_refused(small: Path) -> None:
    """Extra bytes after the body are refused (the file is not what its header says)."""
    small.write_bytes(small.read_bytes() + b"\0")
    with pytest.raises(FilterFormatError, match="trailing"):
        read_header(small)


def test_wrong_version_refused(small: Path) -> None:
    """A future format version is refused with a clear message (checked before the CRC)."""
    data = bytearray(small.read_bytes())
    struct.pack_into("<I", data, 8, 2)
    small.write_bytes(bytes(data))
    with pytest.raises(FilterFormatError, match="version 2 is not supported"):
        read_header(small)


def test_wrong_kind_refused(small: Path) -> None:
    """A SHA-1 filter opened where NTLM is expected is refused."""
    with pytest.raises(FilterFormatError, match="sha1 hashes, ntlm expected"):
        BreachFilter(small, expect_kind="ntlm")


def test_corrupt_header_refused(small: Path) -> None:
    """One flipped bit in the header fails its CRC."""
    data = bytearray(small.read_bytes())
    data[130] ^= 1
    small.write_bytes(bytes(data))
    with pytest.raises(FilterFormatError, match="corrupt header"):
        read_header(small)


def test_not_a_filter_refused(tmp_path: Path) -> None:
    """A random file is refused for its magic."""
    p = tmp_path / "x.bpf"
    p.write_bytes(np.random.default_rng(0).bytes(8192))
    with pytest.raises(FilterFormatError, match="bad magic"):
        read_header(p)


def test_missing_file_is_a_filter_error(tmp_path: Path) -> None:
    """A missing file raises FilterError (a BouncerError), not OSError."""
    with pytest.raises(FilterError, match="cannot read"):
        read_header(tmp_path / "absent.bpf")


def test_source_is_recorded(small: Path) -> None:
    """The header names the filter's source."""
    assert read_header(small).source == "test list"
