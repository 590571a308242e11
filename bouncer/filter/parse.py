"""Streaming input parsing for the builder: plaintext lists, HIBP `HASH:COUNT`, bare hashes.

Input is read in CHUNK_BYTES pieces cut at a line end, so memory stays bounded
whatever the input size. Hex inputs are parsed with numpy (newline positions, an
unaligned 8-byte gather per 8 hex characters, a SWAR hex decode): no Python loop
per line. Plaintext lines must be hashed one by one (hashlib), which is fine for
plaintext lists, the smallest of the three.

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
from typing import Any, BinaryIO, Literal

import numpy as np
import numpy.typing as npt

from bouncer.errors import InputError
from bouncer.filter.batch import hex_words
from bouncer.filter.format import HashKind
from bouncer.filter.hashing import HEX_LENGTHS, digest

__all__ = [
    "InputFormat",
    "Parsed",
    "detect_format",
    "iter_chunks",
    "parse_chunk",
    "count_entries",
    "CHUNK_BYTES",
    "iter_stream_chunks",
    "parse_query_hashes",
]

# 16 MB of input per step: ~370k HIBP lines, whose probe arrays (~60 bytes per probe
# row) stay near 150 MB; bigger chunks buy nothing measurable.
CHUNK_BYTES = 16 << 20
# Room to read 8 bytes past the last hex character of the last line.
_PAD = b"\n" * 48
BOM = b"\xef\xbb\xbf"
# HIBP counts fit in 18 digits (int64) with room to spare.
MAX_COUNT_DIGITS = 18

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


def _fail(origin: str, line: int, what: str) -> InputError:
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
    if kernel:
        return _parse_hex_kernel(chunk, fmt, kind, origin, first_line)
    return _parse_hex(chunk, fmt, HEX_LENGTHS[kind], origin, first_line)


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
                raise _fail(origin, first_line + i, "not valid UTF-8") from None
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


@dataclass
class _Lines:
    buf: npt.NDArray[np.uint8]
    starts: npt.NDArray[np.int64]
    ends: npt.NDArray[np.int64]  # exclusive, before any CR
    line_of: npt.NDArray[np.int64] | None  # line numbers, None when there were no blank lines
    blank: int
    stride: int | None  # all lines the same length: starts are 0, stride, 2*stride, ...
    count: int  # lines in the chunk, blank ones included

    def line(self, first_line: int, i: int) -> int:
        return int(self.line_of[i]) if self.line_of is not None else first_line + i


def _lines(chunk: bytes, first_line: int) -> _Lines:
    """Split a chunk into its non-blank lines, vectorised (no Python loop per line)."""
    buf = np.frombuffer(chunk + _PAD, dtype=np.uint8)
    n_bytes = len(chunk)
    width = chunk.find(b"\n") + 1
    # Fast path for hash lists, whose lines all have one length: a strided check, no search.
    if width > 1 and n_bytes % width == 0 and chunk.count(b"\n") == n_bytes // width:
        cr = buf[width - 2 : n_bytes : width] == 13
        if width > 2 and (cr.all() or not cr.any()):
            starts = np.arange(0, n_bytes, width, dtype=np.int64)
            ends = starts + (width - 1 - int(cr[0]))
            return _Lines(buf, starts, ends, None, 0, width, len(starts))
    nl = np.flatnonzero(buf[:n_bytes] == 10)
    starts = np.empty(len(nl), dtype=np.int64)
    starts[0] = 0
    starts[1:] = nl[:-1] + 1
    ends = nl.astype(np.int64)
    ends -= (buf[np.maximum(ends - 1, 0)] == 13) & (ends > starts)
    nonblank = ends > starts
    blank = int(len(ends) - np.count_nonzero(nonblank))
    if not blank:
        return _Lines(buf, starts, ends, None, 0, None, len(nl))
    line_of = np.flatnonzero(nonblank) + first_line
    return _Lines(buf, starts[nonblank], ends[nonblank], line_of, blank, None, len(nl))


def _counts(
    buf: npt.NDArray[np.uint8], starts: npt.NDArray[np.int64], ends: npt.NDArray[np.int64], hexlen: int
) -> tuple[npt.NDArray[np.int64], int]:
    """Parse the decimal counts after `HASH:`; returns (counts, index of a bad row or -1)."""
    counts = np.zeros(len(starts), dtype=np.int64)
    cstart = starts + hexlen + 1
    clen = ends - cstart
    for j in range(int(clen.max()) if len(clen) else 0):
        sel = np.flatnonzero(clen > j)
        digit = buf[cstart[sel] + j] - np.uint8(48)
        if (digit > 9).any():
            return counts, int(sel[np.argmax(digit > 9)])
        counts[sel] = counts[sel] * 10 + digit
    return counts, -1


def _check_shape(
    buf: npt.NDArray[np.uint8],
    starts: npt.NDArray[np.int64],
    ends: npt.NDArray[np.int64],
    fmt: InputFormat,
    hexlen: int,
) -> int:
    lengths = ends - starts
    if fmt == "hashes":
        bad = lengths != hexlen
    else:
        bad = (lengths < hexlen + 2) | (lengths > hexlen + 1 + MAX_COUNT_DIGITS)
        bad |= buf[starts + hexlen] != ord(":")
    return int(np.argmax(bad)) if bad.any() else -1


def _line(line_of: npt.NDArray[np.int64] | None, first_line: int, i: int) -> int:
    return int(line_of[i]) if line_of is not None else first_line + i


def count_entries(
    chunk: bytes,
    fmt: InputFormat,
    kind: HashKind,
    thresholds: tuple[int, ...],
    origin: str,
    first_line: int,
) -> tuple[list[int], int]:
    """(entries per tier, lines) of a chunk, without decoding hashes (the builder's sizing pass)."""
    if fmt == "plain":
        return [plain_entries(chunk)], chunk.count(b"\n")
    if thresholds == (1,):
        # Lines bound the entries from above (blank and `:0` rows only make the filter a
        # little roomier); pass 2 validates every line anyway.
        n = chunk.count(b"\n")
        return [n], n
    hexlen = HEX_LENGTHS[kind]
    ln = _lines(chunk, first_line)
    bad = _check_shape(ln.buf, ln.starts, ln.ends, fmt, hexlen)
    if bad >= 0:
        raise _fail(origin, ln.line(first_line, bad), _expected(fmt, hexlen))
    if fmt == "hashes":
        return [len(ln.starts)], ln.count
    counts, bad = _counts(ln.buf, ln.starts, ln.ends, hexlen)
    if bad >= 0:
        raise _fail(origin, ln.line(first_line, bad), "the count is not a number")
    return [int(np.count_nonzero(counts >= t)) for t in thresholds], ln.count


def _expected(fmt: InputFormat, hexlen: int) -> str:
    return f"expected {hexlen} hex digits" + (":COUNT" if fmt == "hibp" else "")


_KERNEL_ERRORS = {1: None, 2: "not a hexadecimal hash", 3: "the count is not a number"}


def _kernel_parse(
    chunk: bytes, mode: int, kind: HashKind, origin: str, first_line: int, expected: str
) -> tuple[Any, ...]:
    from bouncer.filter import kernels

    r = kernels.parse_hex(np.frombuffer(chunk, dtype=np.uint8), len(chunk), HEX_LENGTHS[kind], mode)
    if r[8]:
        raise _fail(origin, first_line + int(r[9]), _KERNEL_ERRORS[int(r[8])] or expected)
    return r  # type: ignore[no-any-return]


def _parse_hex_kernel(chunk: bytes, fmt: InputFormat, kind: HashKind, origin: str, first_line: int) -> Parsed:
    from bouncer.filter import kernels

    mode = kernels.MODE_HIBP if fmt == "hibp" else kernels.MODE_HASHES
    w0, w1, w2, counts, _, n, blank, zero, _, lines = _kernel_parse(
        chunk, mode, kind, origin, first_line, _expected(fmt, HEX_LENGTHS[kind])
    )
    hibp = fmt == "hibp"
    return Parsed(w0[:n], w1[:n], w2[:n], counts[:n] if hibp else None, blank=blank, zero=zero, lines=lines)


def _parse_hex(chunk: bytes, fmt: InputFormat, hexlen: int, origin: str, first_line: int) -> Parsed:
    ln = _lines(chunk, first_line)
    bad = _check_shape(ln.buf, ln.starts, ln.ends, fmt, hexlen)
    if bad >= 0:
        raise _fail(origin, ln.line(first_line, bad), _expected(fmt, hexlen))
    w0, w1, w2, valid = hex_words(ln.buf, ln.starts, hexlen, ln.stride)
    if not valid.all():
        raise _fail(origin, ln.line(first_line, int(np.argmin(valid))), "not a hexadecimal hash")
    if fmt == "hashes":
        return Parsed(w0, w1, w2, None, blank=ln.blank, lines=ln.count)
    counts, bad = _counts(ln.buf, ln.starts, ln.ends, hexlen)
    if bad >= 0:
        raise _fail(origin, ln.line(first_line, bad), "the count is not a number")
    keep = counts > 0
    zero = int(len(keep) - np.count_nonzero(keep))
    if zero:
        w0, w1, w2, counts = w0[keep], w1[keep], w2[keep], counts[keep]
    return Parsed(w0, w1, w2, counts, blank=ln.blank, zero=zero, lines=ln.count)


def parse_query_hashes(
    chunk: bytes, kind: HashKind, origin: str, first_line: int, kernel: bool = False
) -> tuple[U32, U32, U32, npt.NDArray[np.int64], int]:
    """Hex hashes to look up, one per line (`HASH` or `HASH:anything`).

    Returns (w0, w1, w2, line numbers of the non-blank lines, lines in the chunk).
    """
    hexlen = HEX_LENGTHS[kind]
    if kernel:
        from bouncer.filter import kernels

        expected = f"expected a {kind} hash ({hexlen} hex digits)"
        w0, w1, w2, _, idx, n, _, _, _, count = _kernel_parse(
            chunk, kernels.MODE_QUERY, kind, origin, first_line, expected
        )
        return w0[:n], w1[:n], w2[:n], idx[:n] + first_line, int(count)
    ln = _lines(chunk, first_line)
    if ln.line_of is not None:
        lines = ln.line_of
    else:
        lines = np.arange(first_line, first_line + len(ln.starts), dtype=np.int64)
    lengths = ln.ends - ln.starts
    bad = (lengths < hexlen) | ((lengths > hexlen) & (ln.buf[ln.starts + hexlen] != ord(":")))
    if bad.any():
        raise _fail(origin, int(lines[np.argmax(bad)]), f"expected a {kind} hash ({hexlen} hex digits)")
    w0, w1, w2, valid = hex_words(ln.buf, ln.starts, hexlen, ln.stride)
    if not valid.all():
        raise _fail(origin, int(lines[np.argmin(valid)]), "not a hexadecimal hash")
    return w0, w1, w2, lines, ln.count
