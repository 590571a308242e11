"""The numba kernels themselves (module-level, so numba can cache them on disk).

Imported only through bouncer.filter.kernels, after it has checked numba is wanted.
Arithmetic mirrors bouncer.filter.keys exactly; see that module for the why.
"""

from __future__ import annotations

import numba as nb
import numpy as np

__all__ = ["parse_hex", "insert", "lookup"]

_jit = nb.njit(cache=True, nogil=True, boundscheck=False)


# ASCII byte -> hex digit value, -1 for anything else (a global array is a compile-time constant).
_HEX = np.full(256, -1, dtype=np.int64)
for _i, _c in enumerate(b"0123456789abcdef"):
    _HEX[_c] = _i
for _i, _c in enumerate(b"ABCDEF"):
    _HEX[_c] = _i + 10


@_jit
def parse_hex(buf, n_bytes, hexlen, mode):  # type: ignore[no-untyped-def]
    """Lines of a chunk -> (w0, w1, w2, counts, line indexes, n, blank, zero, error, error line | lines).

    mode 0: bare hashes; 1: HIBP HASH:COUNT (count 0 rows dropped); 2: query (HASH[:anything]).
    """
    cap = 0
    for i in range(n_bytes):
        if buf[i] == 10:
            cap += 1
    w0 = np.empty(cap, np.uint32)
    w1 = np.empty(cap, np.uint32)
    w2 = np.empty(cap, np.uint32)
    counts = np.empty(cap, np.int64)
    lines = np.empty(cap, np.int64)
    n = blank = zero = 0
    line = -1
    start = 0
    while start < n_bytes:
        end = start
        while buf[end] != 10:
            end += 1
        line += 1
        nxt = end + 1
        if end > start and buf[end - 1] == 13:
            end -= 1
        length = end - start
        if length == 0:
            blank += 1
            start = nxt
            continue
        if mode == 0:
            ok = length == hexlen
        elif mode == 1:
            ok = hexlen + 2 <= length <= hexlen + 19 and buf[start + hexlen] == 58
        else:
            ok = length == hexlen or (length > hexlen and buf[start + hexlen] == 58)
        if not ok:
            return w0, w1, w2, counts, lines, n, blank, zero, 1, line
        bad = 0
        x0 = 0
        for j in range(start, start + 8):
            v = _HEX[buf[j]]
            bad |= v
            x0 = (x0 << 4) | v
        x1 = 0
        for j in range(start + 8, start + 16):
            v = _HEX[buf[j]]
            bad |= v
            x1 = (x1 << 4) | v
        x2 = 0
        for j in range(start + 16, start + 24):
            v = _HEX[buf[j]]
            bad |= v
            x2 = (x2 << 4) | v
        for j in range(start + 24, start + hexlen):
            bad |= _HEX[buf[j]]
        if bad < 0:  # some digit was -1
            return w0, w1, w2, counts, lines, n, blank, zero, 2, line
        count: int | np.int64 = 1  # local annotation: never evaluated, so numba sees the same bytecode
        if mode == 1:
            count = 0
            for j in range(start + hexlen + 1, end):
                d = np.int64(buf[j]) - 48
                if d < 0 or d > 9:
                    return w0, w1, w2, counts, lines, n, blank, zero, 3, line
                count = count * 10 + d
            if count == 0:
                zero += 1
                start = nxt
                continue
        w0[n] = x0
        w1[n] = x1
        w2[n] = x2
        counts[n] = count
        lines[n] = line
        n += 1
        start = nxt
    return w0, w1, w2, counts, lines, n, blank, zero, 0, line + 1


@_jit
def _base(w0, blocks, first):  # type: ignore[no-untyped-def]
    block = np.int64((np.uint64(w0) * np.uint64(blocks)) >> np.uint64(32)) + first
    return block * 4096


@_jit
def insert(body, w0, w1, w2, counts, n, thresholds, blocks, probes, first, inserted):  # type: ignore[no-untyped-def]
    """Set the k probe bits of each key in every tier its count reaches."""
    for i in range(n):
        for t in range(len(thresholds)):
            if counts[i] < thresholds[t]:
                break
            base = _base(w0[i], blocks[t], first[t])
            k = probes[t]
            k1 = (k + 1) // 2
            a = np.int64(w1[i]) & 0x7FFF
            b = (np.int64(w1[i]) >> 16) | 1
            for j in range(k1):
                p = (a + j * b) & 0x7FFF
                body[base + (p >> 3)] |= np.uint8(1 << (p & 7))
            a = np.int64(w2[i]) & 0x7FFF
            b = (np.int64(w2[i]) >> 16) | 1
            for j in range(k - k1):
                p = (a + j * b) & 0x7FFF
                body[base + (p >> 3)] |= np.uint8(1 << (p & 7))
            inserted[t] += 1


@_jit
def _member(body, base, a1, b1, a2, b2, k):  # type: ignore[no-untyped-def]
    k1 = (k + 1) // 2
    for j in range(k1):
        p = (a1 + j * b1) & 0x7FFF
        if not (body[base + (p >> 3)] >> (p & 7)) & 1:
            return False
    for j in range(k - k1):
        p = (a2 + j * b2) & 0x7FFF
        if not (body[base + (p >> 3)] >> (p & 7)) & 1:
            return False
    return True


@_jit
def lookup(body, w0, w1, w2, n, blocks, probes, first, out):  # type: ignore[no-untyped-def]
    """out[i] = highest tier index holding key i, or -1."""
    for i in range(n):
        found = -1
        a1 = np.int64(w1[i]) & 0x7FFF
        b1 = (np.int64(w1[i]) >> 16) | 1
        a2 = np.int64(w2[i]) & 0x7FFF
        b2 = (np.int64(w2[i]) >> 16) | 1
        for t in range(len(blocks)):
            if not _member(body, _base(w0[i], blocks[t], first[t]), a1, b1, a2, b2, probes[t]):
                break
            found = t
        out[i] = found
