"""Input detection and chunking: format and hash kind from the first line, chunks end at line ends."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from bouncer.filter import parse
from bouncer.filter.parse import detect_format, iter_stream_chunks


@pytest.mark.parametrize(
    ("first", "expected"),
    [
        (b"\xef\xbb\xbf\r\n" + b"A" * 40 + b":12\r\n", ("hibp", "sha1")),
        (b"b" * 32 + b":3\n", ("hibp", "ntlm")),
        (b"\n\n" + b"0" * 40 + b"\n", ("hashes", "sha1")),
        (b"password1\n", ("plain", None)),
        (b"A" * 40 + b":x\n", ("plain", "sha1")),
    ],
)
def test_detect_format(tmp_path: Path, first: bytes, expected: tuple[str, str | None]) -> None:
    """The first non-blank line decides the format; its leading hex digits decide the kind."""
    p = tmp_path / "in.txt"
    p.write_bytes(first)
    assert detect_format(p) == expected


def test_chunks_end_at_line_ends(monkeypatch: pytest.MonkeyPatch) -> None:
    """Chunks are cut after a newline, a missing final newline is added, the BOM is dropped."""
    monkeypatch.setattr(parse, "CHUNK_BYTES", 7)
    data = b"\xef\xbb\xbfalpha\nbe\ngamma-delta-epsilon\nlast"
    chunks = list(iter_stream_chunks(io.BytesIO(data)))
    assert all(c.endswith(b"\n") for c in chunks)
    assert b"".join(chunks) == data[3:] + b"\n"
