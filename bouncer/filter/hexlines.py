"""Hex-hash lines (HIBP `HASH:COUNT`, bare hashes, query input), vectorised or compiled.

numpy path: newline positions, an unaligned 8-byte gather per 8 hex characters and
a SWAR hex decode (bouncer.filter.batch), no Python loop per line; fixed-length
lines skip the newline search. Kernel path: bouncer.filter.kernels, same results.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from bouncer.filter.batch import hex_words
from bouncer.filter.format import HashKind
from bouncer.filter.hashing import HEX_LENGTHS
from bouncer.filter.parse import InputFormat, Parsed, fail, plain_entries

__all__ = ["count_entries", "parse_hex", "parse_hex_kernel", "parse_query_hashes"]

# Room to read 8 bytes past the last hex character of the last line.
_PAD = b"\n" * 48
# HIBP counts fit in 18 digits (int64) with room to spare.
MAX_COUNT_DIGITS = 18
U32 = npt.NDArray[np.uint32]


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
        raise fail(origin, ln.line(first_line, bad), _expected(fmt, hexlen))
    if fmt == "hashes":
        return [len(ln.starts)], ln.count
    counts, bad = _counts(ln.buf, ln.starts, ln.ends, hexlen)
    if bad >= 0:
        raise fail(origin, ln.line(first_line, bad), "the count is not a number")
    return [int(np.count_nonzero(counts >= t)) for t in thresholds], ln.count


def _expected(fmt: InputFormat, hexlen: int) -> str:
    return f"expected {hexlen} hex digits" + (":COUNT" if fmt == "hibp" else "")


# Kernel error codes -> messages (None: the shape message, which depends on the format).
_KERNEL_ERRORS: dict[int, str | None] = {
    1: None,  # kernels.ERR_SHAPE
    2: "not a hexadecimal hash",  # kernels.ERR_HEX
    3: "the count is not a number",  # kernels.ERR_COUNT
}


def _kernel_parse(
    chunk: bytes, mode: int, kind: HashKind, origin: str, first_line: int, expected: str
) -> tuple[Any, ...]:
    from bouncer.filter import kernels

    r = kernels.parse_hex(np.frombuffer(chunk, dtype=np.uint8), len(chunk), HEX_LENGTHS[kind], mode)
    if r[8]:
        raise fail(origin, first_line + int(r[9]), _KERNEL_ERRORS[int(r[8])] or expected)
    return r


def parse_hex_kernel(chunk: bytes, fmt: InputFormat, kind: HashKind, origin: str, first_line: int) -> Parsed:
    from bouncer.filter import kernels

    mode = kernels.MODE_HIBP if fmt == "hibp" else kernels.MODE_HASHES
    w0, w1, w2, counts, _, n, blank, zero, _, lines = _kernel_parse(
        chunk, mode, kind, origin, first_line, _expected(fmt, HEX_LENGTHS[kind])
    )
    hibp = fmt == "hibp"
    return Parsed(w0[:n], w1[:n], w2[:n], counts[:n] if hibp else None, blank=blank, zero=zero, lines=lines)


def parse_hex(chunk: bytes, fmt: InputFormat, hexlen: int, origin: str, first_line: int) -> Parsed:
    ln = _lines(chunk, first_line)
    bad = _check_shape(ln.buf, ln.starts, ln.ends, fmt, hexlen)
    if bad >= 0:
        raise fail(origin, ln.line(first_line, bad), _expected(fmt, hexlen))
    w0, w1, w2, valid = hex_words(ln.buf, ln.starts, hexlen, ln.stride)
    if not valid.all():
        raise fail(origin, ln.line(first_line, int(np.argmin(valid))), "not a hexadecimal hash")
    if fmt == "hashes":
        return Parsed(w0, w1, w2, None, blank=ln.blank, lines=ln.count)
    counts, bad = _counts(ln.buf, ln.starts, ln.ends, hexlen)
    if bad >= 0:
        raise fail(origin, ln.line(first_line, bad), "the count is not a number")
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
        raise fail(origin, int(lines[np.argmax(bad)]), f"expected a {kind} hash ({hexlen} hex digits)")
    w0, w1, w2, valid = hex_words(ln.buf, ln.starts, hexlen, ln.stride)
    if not valid.all():
        raise fail(origin, int(lines[np.argmin(valid)]), "not a hexadecimal hash")
    return w0, w1, w2, lines, ln.count
