"""`bouncer filter verify`: recompute the body checksum (reads the whole file)."""

from __future__ import annotations

import hashlib
from pathlib import Path

from bouncer.errors import FilterError, FilterFormatError
from bouncer.filter.format import HEADER_SIZE, Header, read_header

__all__ = ["verify_filter"]

# Read size for hashing: large enough to stream at disk speed, small enough to not matter.
READ_SIZE = 8 << 20


def verify_filter(path: str | Path) -> Header:
    """Check the header and the body's BLAKE2b-256 checksum.

    Raises:
        FilterFormatError: the header is invalid or the body does not match its checksum.
        FilterError: the file cannot be read.
    """
    header = read_header(path)
    h = hashlib.blake2b(digest_size=32)
    try:
        with open(path, "rb") as fh:
            fh.seek(HEADER_SIZE)
            while piece := fh.read(READ_SIZE):
                h.update(piece)
    except OSError as exc:
        raise FilterError(f"{path}: cannot read: {exc.strerror}") from None
    if h.digest() != header.checksum:
        raise FilterFormatError(f"{path}: corrupt: the body does not match its checksum")
    return header
