"""Vectorised twins of bouncer.filter.keys for the builder and batch lookups (numpy).

`probes_batch` must agree exactly with keys.probe_offsets (tests check it, including
byte offsets past 2^32 bits); `hex_words` turns ASCII hex lines into key words
without a Python loop per line.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from bouncer.filter.format import BLOCK_BYTES
from bouncer.filter.keys import POS_MASK

__all__ = ["probes_batch", "member_mask", "hex_words", "hex_valid8", "BIT_MASKS"]

_POS_MASK = POS_MASK
BIT_MASKS = np.array([1 << i for i in range(8)], dtype=np.uint8)

U32 = npt.NDArray[np.uint32]


def probes_batch(
    w0: U32, w1: U32, w2: U32, blocks: int, probes: int, first_block: int
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.uint8]]:
    """Vectorised probe_offsets: (N, k) body byte offsets (int64) and bit masks (uint8)."""
    n = len(w0)
    block = (w0.astype(np.uint64) * np.uint64(blocks)) >> np.uint64(32)
    base = (block.astype(np.int64) + first_block) * BLOCK_BYTES
    pos = np.empty((n, probes), dtype=np.uint16)
    k1 = (probes + 1) // 2
    for w, cols in ((w1, slice(0, k1)), (w2, slice(k1, probes))):
        count = cols.stop - cols.start
        if count == 0:
            continue
        a = (w & _POS_MASK).astype(np.uint16)
        b = (w >> 16).astype(np.uint16) | np.uint16(1)
        # uint16 arithmetic wraps mod 65536, a multiple of 32768, so masking later gives mod 32768
        # (bit 15 of b does not matter for the same reason).
        step = np.multiply.outer(b, np.arange(count, dtype=np.uint16))
        step += a[:, None]
        pos[:, cols] = step
    pos &= np.uint16(_POS_MASK)
    masks = np.left_shift(np.uint8(1), (pos & np.uint16(7)).astype(np.uint8))
    pos >>= np.uint16(3)
    offsets = pos.astype(np.int64)
    offsets += base[:, None]
    return offsets, masks


def member_mask(
    body: npt.NDArray[np.uint8], w0: U32, w1: U32, w2: U32, blocks: int, probes: int, first_block: int
) -> npt.NDArray[np.bool_]:
    """Which keys have all their probe bits set, testing one probe at a time for the survivors.

    A non-member fails a probe with probability ~1/2 (an optimally filled Bloom filter
    is half ones), so after probe j only ~2^-j of the non-members are still tested:
    about 2 probes per non-member instead of k. Same positions as probes_batch.
    """
    n = len(w0)
    base = ((w0.astype(np.uint64) * np.uint64(blocks)) >> np.uint64(32)).astype(np.int64)
    base += first_block
    base *= BLOCK_BYTES
    streams = [(w & _POS_MASK, (w >> 16) | 1) for w in (w1, w2)]  # uint32: no overflow below
    k1 = (probes + 1) // 2
    alive = np.arange(n)
    for j in range(probes):
        stream, step = (0, j) if j < k1 else (1, j - k1)
        a, b = streams[stream]
        pos = (a + np.uint32(step) * b) & np.uint32(_POS_MASK)
        bit = (body[base + (pos >> 3)] >> (pos & 7).astype(np.uint8)) & 1
        keep = bit.astype(bool)
        if not keep.all():
            alive, base = alive[keep], base[keep]
            streams = [(a[keep], b[keep]) for a, b in streams]
            if len(alive) == 0:
                break
    out = np.zeros(n, dtype=bool)
    out[alive] = True
    return out


# ASCII hex in a little-endian uint64 of 8 characters: SWAR decode (no per-line loop).
_M = {
    name: np.uint64(v)
    for name, v in {
        "hi": 0x8080808080808080,
        "x40": 0x4040404040404040,
        "x0f": 0x0F0F0F0F0F0F0F0F,
        "x20": 0x2020202020202020,
        "d_lo": 0x5050505050505050,
        "d_hi": 0x4646464646464646,
        "a_lo": 0x1F1F1F1F1F1F1F1F,
        "a_hi": 0x1919191919191919,
        "n16": 0x000F000F000F000F,
        "p32": 0x0000FFFF0000FFFF,
        "low32": 0xFFFFFFFF,
    }.items()
}


def hex_valid8(x: npt.NDArray[np.uint64]) -> npt.NDArray[np.bool_]:
    """True where all 8 bytes of the uint64 are ASCII hex digits."""
    # Validity: every byte is 0-9, A-F or a-f. Adding (0x80 - lo) sets a byte's top bit iff
    # byte >= lo; no carry crosses bytes because every byte is < 0x80 (checked first).
    ge_0 = x + _M["d_lo"]  # >= '0' (0x30)
    ge_9 = x + _M["d_hi"]  # >= ':' (0x3A)
    lower = x | _M["x20"]
    ge_a = lower + _M["a_lo"]  # >= 'a' (0x61)
    ge_g = lower + _M["a_hi"]  # >= 'g' (0x67)
    ok = ((ge_0 & ~ge_9) | (ge_a & ~ge_g)) & _M["hi"]
    valid: npt.NDArray[np.bool_] = (ok == _M["hi"]) & ((x & _M["hi"]) == 0)
    return valid


def _decode8(x: npt.NDArray[np.uint64]) -> tuple[U32, npt.NDArray[np.bool_]]:
    """8 ASCII hex characters per uint64 -> (big-endian 32-bit values, per-row validity)."""
    valid = hex_valid8(x)
    letter = (x & _M["x40"]) >> np.uint64(6)
    v = (x & _M["x0f"]) + letter * np.uint64(9)
    t = ((v & _M["n16"]) << np.uint64(4)) | ((v >> np.uint64(8)) & _M["n16"])
    u = (t | (t >> np.uint64(8))) & _M["p32"]
    u = (u | (u >> np.uint64(16))) & _M["low32"]
    return u.astype(np.uint32).byteswap(), valid


def _at(
    wide: npt.NDArray[np.uint64], starts: npt.NDArray[np.int64], off: int, stride: int | None, n: int
) -> npt.NDArray[np.uint64]:
    # Lines of one fixed length: a strided view, no gather at all.
    if stride is not None:
        return wide[off::stride][:n]
    return wide[starts + off]


def hex_words(
    buf: npt.NDArray[np.uint8], starts: npt.NDArray[np.int64], hexlen: int = 24, stride: int | None = None
) -> tuple[U32, U32, U32, npt.NDArray[np.bool_]]:
    """Decode the first 24 hex digits at each start into (w0, w1, w2) and check all `hexlen` are hex.

    `buf` must extend at least max(hexlen, 24) bytes past every start; `stride` says the
    starts are 0, stride, 2*stride, ... (fixed-length lines).
    """
    wide = np.ndarray(shape=(len(buf) - 7,), dtype="<u8", buffer=buf, strides=(1,))
    n = len(starts)
    out = []
    valid = np.ones(n, dtype=bool)
    for shift in (0, 8, 16):
        w, ok = _decode8(_at(wide, starts, shift, stride, n))
        out.append(w)
        valid &= ok
    for shift in range(24, hexlen, 8):
        valid &= hex_valid8(_at(wide, starts, shift, stride, n))
    return out[0], out[1], out[2], valid
