"""The compiled kernels give bit-for-bit the numpy results (numpy is the reference)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from bouncer.errors import InputError
from bouncer.filter import kernels
from bouncer.filter.build import build_filter
from bouncer.filter.hexlines import parse_query_hashes
from bouncer.filter.lookup import BreachFilter

from .conftest import hex_lines, random_digests

pytestmark = pytest.mark.skipif(not kernels.available(), reason="numba is not installed")


def _build(src: Path, out: Path, mode: str, monkeypatch: pytest.MonkeyPatch, **kw: object) -> bytes:
    monkeypatch.setenv("BOUNCER_KERNEL", mode)
    result = build_filter([src], out, **kw)  # type: ignore[arg-type]
    data = out.read_bytes()
    return (
        data[4096:]
        + repr(
            [(t.entries, result.rows_dropped_zero, result.lines_skipped_blank) for t in result.header.tiers]
        ).encode()
    )


def test_hibp_build_identical(
    write_hibp: Callable[..., Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Tiers, `:0` rows, blank lines, CRLF, lower case: the kernel build equals the numpy build."""
    d = random_digests(30_000, seed=21)
    counts = np.random.default_rng(21).integers(0, 20_000, size=len(d))
    src = write_hibp(d, counts)
    raw = src.read_bytes().replace(b"\r\n", b"\r\n\r\n", 50).lower()
    src.write_bytes(raw)
    a = _build(src, tmp_path / "a.bpf", "numpy", monkeypatch, tiers=(1, 100, 10_000), min_count=2)
    b = _build(src, tmp_path / "b.bpf", "numba", monkeypatch, tiers=(1, 100, 10_000), min_count=2)
    assert a == b


def test_bare_ntlm_build_identical(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Bare NTLM hash lists build the same filter both ways."""
    src = tmp_path / "n.txt"
    src.write_bytes(b"\n".join(hex_lines(random_digests(5_000, size=16, seed=22))) + b"\n")
    assert _build(src, tmp_path / "a.bpf", "numpy", monkeypatch) == _build(
        src, tmp_path / "b.bpf", "numba", monkeypatch
    )


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"A" * 40 + b":12\n" + b"B" * 39 + b":1\n", "line 2: expected 40 hex digits:COUNT"),
        (b"A" * 40 + b":12\n" + b"G" * 40 + b":1\n", "line 2: not a hexadecimal hash"),
        (b"A" * 40 + b":12\n\n" + b"A" * 40 + b":1x\n", "line 3: the count is not a number"),
    ],
)
def test_kernel_errors_match(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, content: bytes, message: str
) -> None:
    """The kernel reports malformed lines with the same messages and line numbers."""
    monkeypatch.setenv("BOUNCER_KERNEL", "numba")
    src = tmp_path / "bad.txt"
    src.write_bytes(content)
    with pytest.raises(InputError, match=message):
        build_filter([src], tmp_path / "bad.bpf", fmt="hibp")


def test_lookup_and_query_parse_identical(
    write_hibp: Callable[..., Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Batch lookups and query parsing agree between kernel and numpy, hits and misses."""
    d = random_digests(4_000, seed=23)
    src = write_hibp(d[:2_000], np.arange(1, 2_001))
    out = tmp_path / "q.bpf"
    monkeypatch.setenv("BOUNCER_KERNEL", "numpy")
    build_filter([src], out, tiers=(1, 10, 1000), target_fp=0.01)
    chunk = b"\r\n".join(h + (b":7" if i % 2 else b"") for i, h in enumerate(hex_lines(d))) + b"\r\n"
    ref = parse_query_hashes(chunk, "sha1", "<q>", 5, kernel=False)
    got = parse_query_hashes(chunk, "sha1", "<q>", 5, kernel=True)
    assert all((x == y).all() for x, y in zip(ref[:4], got[:4], strict=True)) and ref[4] == got[4] == 4_000
    with BreachFilter(out) as f:
        numpy_tiers = f.tiers_batch(*ref[:3])
        monkeypatch.setenv("BOUNCER_KERNEL", "numba")
        assert (f.tiers_batch(*ref[:3]) == numpy_tiers).all()


@pytest.mark.parametrize("mode", ["numpy", "numba"])
def test_line_numbers_across_chunks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, mode: str) -> None:
    """An error in a later chunk names its line in the whole file, blank lines included."""
    from bouncer.filter import parse

    monkeypatch.setattr(parse, "CHUNK_BYTES", 1000)
    monkeypatch.setenv("BOUNCER_KERNEL", mode)
    lines = [h + b":5" for h in hex_lines(random_digests(300, seed=24))]
    lines.insert(100, b"")
    lines[250] = b"Z" * 40 + b":5"
    src = tmp_path / "l.txt"
    src.write_bytes(b"\r\n".join(lines) + b"\r\n")
    with pytest.raises(InputError, match="line 251: not a hexadecimal hash"):
        build_filter([src], tmp_path / "l.bpf")
