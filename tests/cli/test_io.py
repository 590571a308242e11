"""Line handling and strict decoding shared by the CLI commands."""

from __future__ import annotations

import os

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bouncer.cli._io import MAX_FD_BYTES, decode_line, read_fd, strip_line_end
from bouncer.errors import InputError


# A body ending in CR is excluded: CR + LF is a CRLF line end by definition.
@given(st.binary().filter(lambda b: not b.endswith((b"\n", b"\r"))))
def test_exactly_one_line_end_removed(body: bytes) -> None:
    """One LF or CRLF is removed; without one the bytes are unchanged."""
    assert strip_line_end(body + b"\n") == body
    assert strip_line_end(body + b"\r\n") == body
    assert strip_line_end(body) == body
    assert strip_line_end(body + b"\n\n") == body + b"\n"


@given(st.text())
def test_decode_round_trips_valid_text(text: str) -> None:
    """Any encodable text decodes back unchanged (hypothesis text has no lone surrogates)."""
    assert decode_line(text.encode("utf-8"), "stdin") == text


def test_decode_refuses_surrogates_without_quoting() -> None:
    """An encoded lone surrogate is invalid UTF-8; the error names the source only."""
    with pytest.raises(InputError) as err:
        decode_line(b"secret\xed\xa0\x80", "stdin line 4")
    assert str(err.value) == "stdin line 4 is not valid UTF-8"


def test_read_fd_limits_and_lines() -> None:
    """read_fd strips one line end, refuses several lines, oversized input and stdio descriptors."""
    def pipe_with(data: bytes) -> int:
        r, w = os.pipe()
        os.write(w, data)
        os.close(w)
        return r

    fd = pipe_with(b" old pw \r\n")
    try:
        assert read_fd(fd) == " old pw "
    finally:
        os.close(fd)
    for data in (b"one\ntwo\n", b"x" * (MAX_FD_BYTES + 1)):
        r, w = os.pipe()
        # The pipe buffer (64 KiB on Linux) holds it all, so no reader thread is needed.
        os.write(w, data)
        os.close(w)
        try:
            with pytest.raises(InputError):
                read_fd(r)
        finally:
            os.close(r)
    with pytest.raises(InputError, match="must not be 0, 1 or 2"):
        read_fd(0)


@pytest.mark.parametrize("fd", [-1, 2**40, 2**64])
def test_read_fd_out_of_range_is_a_clear_error(fd: int) -> None:
    """A descriptor number no process can have is InputError naming the option, not OverflowError."""
    with pytest.raises(InputError, match="--previous-password-fd"):
        read_fd(fd)
