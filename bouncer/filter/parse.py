"""Streaming input parsing for the builder: plaintext lists, HIBP `HASH:COUNT`, bare hashes.

Input is read in CHUNK_BYTES pieces cut at a line end, so memory stays bounded
whatever the input size. Hex inputs go to bouncer.filter.hexlines (numpy or the
compiled kernels: no Python loop per line). Plaintext lines must be hashed one by
one (hashlib), which is fine for plaintext lists, the smallest of the three.

Accepted: UTF-8 with or without a BOM, LF or CRLF, blank lines (skipped), upper-
or lower-case hex, a missing final newline, HIBP padding rows (`:0`, dropped).
A malformed line is an InputError naming the file and the line number, never
its content (it may be a password).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Literal

import numpy as np
import numpy.typing as npt

from bouncer.errors import InputError
from bouncer.filter.format import HashKind
from bouncer.filter.hashing import HEX_LENGTHS, digest

__all__ = [
    "fail",
    "InputFormat",
    "Parsed",
    "detect_format",
    "iter_chunks",
    "parse_chunk",
    "CHUNK_BYTES",
    "iter_stream_chunks",
]

# 16 MB of input per step (~370k HIBP lines): the numpy path's per-chunk arrays stay
# well under the ~300 MB memory budget, and bigger chunks buy nothing measurable.
CHUNK_BYTES = 16 << 20
BOM = b"\xef\xbb\xbf"

InputFormat = Literal["plain", "hibp", "hashes"]
U32 = npt.NDArray[np.uint32]
Progress = Callable[[int], None]


@dataclass
class Parsed:
    """One chunk's keys (first 12 digest bytes as three words) and counts (None: no counts)."""

    w0: U32
    w1: U32
    w2: U32
    counts: npt.NDArray[np.int64] | None
    blank: int = 0  # blank lines skipped
    zero: int = 0  # `:0` padding rows dropped
    undecodable: int = 0  # plaintext lines that are not UTF-8 (no typed password hashes to them)
    lines: int = 0  # lines in the chunk, blank ones included (callers add these up for line numbers)


def detect_format(path: Path) -> tuple[InputFormat, HashKind | None]:
    """Guess the format from the first non-blank line (`HASH:COUNT`, `HASH`, else plaintext),
    and the hash kind from its leading hex digits (40: SHA-1, 32: NTLM, else None).

    A plaintext list whose first line happens to be 32 or 40 hex digits is misread:
    pass the format explicitly for such lists.
    """
    with open(path, "rb") as fh:
        head = fh.read(1 << 16)
    lines = [ln.strip(b"\r") for ln in head.removeprefix(BOM).split(b"\n")]
    first = next((ln for ln in lines if ln), b"")
    run = re.match(rb"[0-9A-Fa-f]*", first)
    hexlen = run.end() if run else 0
    kind = next((k for k, n in HEX_LENGTHS.items() if n == hexlen), None)
    if kind is not None and re.fullmatch(rb"[0-9A-Fa-f]+:[0-9]+", first):
        return "hibp", kind  # type: ignore[return-value]
    if kind is not None and len(first) == hexlen:
        return "hashes", kind  # type: ignore[return-value]
    return "plain", kind  # type: ignore[return-value]


def iter_chunks(path: Path, progress: Progress | None = None) -> Iterator[bytes]:
    """Yield chunks of about CHUNK_BYTES, each ending with a newline (a missing last one is added).

    Line numbers are not counted here (that would be one more pass over every byte):
    each parser reports how many lines its chunk held, and callers add them up.
    """
    with open(path, "rb") as fh:
        yield from iter_stream_chunks(fh, progress)


def iter_stream_chunks(fh: BinaryIO, progress: Progress | None = None) -> Iterator[bytes]:
    """iter_chunks over an open binary stream (stdin for `bouncer filter query`)."""
    carry = b""
    first = True
    while True:
        data = fh.read(CHUNK_BYTES)
        if progress is not None and data:
            progress(len(data))
        if first:
            data, first = data.removeprefix(BOM), False
        if not data:
            if carry:
                yield carry + b"\n"
            return
        cut = data.rfind(b"\n") + 1
        if cut:
            yield carry + data[:cut] if carry else data[:cut]
            carry = data[cut:]
        else:
            carry += data


def fail(origin: str, line: int, what: str) -> InputError:
    return InputError(f"{origin}: line {line}: {what}")


def parse_chunk(
    chunk: bytes,
    fmt: InputFormat,
    kind: HashKind,
    origin: str,
    first_line: int,
    strict: bool = False,
    kernel: bool = False,
) -> Parsed:
    """Parse one newline-terminated chunk into keys (and counts for HIBP input).

    `strict` makes a plaintext line that is not UTF-8 an error instead of a skipped line;
    `kernel` parses hex input with the compiled kernel (same result, see kernels.py).
    """
    if fmt == "plain":
        return _parse_plain(chunk, kind, origin, first_line, strict)
    from bouncer.filter import hexlines  # imports this module: keep the cycle lazy

    if kernel:
        return hexlines.parse_hex_kernel(chunk, fmt, kind, origin, first_line)
    return hexlines.parse_hex(chunk, fmt, HEX_LENGTHS[kind], origin, first_line)


def _parse_plain(chunk: bytes, kind: HashKind, origin: str, first_line: int, strict: bool = False) -> Parsed:
    keys = bytearray()
    blank = undecodable = 0
    rows = chunk.split(b"\n")[:-1]
    for i, raw in enumerate(rows):
        raw = raw.removesuffix(b"\r")
        if not raw:
            blank += 1
            continue
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            if strict:
                raise fail(origin, first_line + i, "not valid UTF-8") from None
            # Legacy lists hold some Latin-1 lines; no UTF-8 password can match them.
            undecodable += 1
            continue
        keys += digest(text, kind)[:12]
        if not text.isascii():
            nfc = unicodedata.normalize("NFC", text)
            if nfc != text:  # also insert the NFC spelling, which is what lookups try second
                keys += digest(nfc, kind)[:12]
    words = np.frombuffer(bytes(keys), dtype=">u4").astype(np.uint32).reshape(-1, 3)
    return Parsed(
        words[:, 0].copy(),
        words[:, 1].copy(),
        words[:, 2].copy(),
        None,
        blank=blank,
        undecodable=undecodable,
        lines=len(rows),
    )


def plain_entries(chunk: bytes) -> int:
    """Upper bound on the keys a plaintext chunk inserts (lines, plus one NFC variant per non-ASCII line)."""
    n = 0
    for raw in chunk.split(b"\n")[:-1]:
        raw = raw.removesuffix(b"\r")
        if raw:
            n += 1 if raw.isascii() else 2
    return n
