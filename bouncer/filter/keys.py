"""Key -> bit positions, shared by the builder and both lookups.

A key is the first 12 bytes of a digest, read as three big-endian 32-bit words:

- w0 picks the block: `block = (w0 * blocks) >> 32` (multiply-shift: no modulo,
  uniform, and monotonic, so hash-sorted HIBP input fills the filter front to back);
- w1 and w2 each drive one double-hashing stream inside the block:
  `a = w & 0x7FFF`, `b = (w >> 16) | 1`, positions `(a + i*b) mod 32768`.
  b is odd, so a stream never repeats a position; two independent 29-bit streams
  make a full collision between two keys of one block a 2^-58 event (one stream
  alone would put a floor near 1e-6 under the false-positive rate of a full block).

Probe i < ceil(k/2) comes from stream 1, the rest from stream 2. Every position is
below 32,768, so all k probes of a key fall in the single 4 KiB block
[block * 4096, block * 4096 + 4096): one page per lookup. Bit p of a block is
bit (p & 7) of byte (p >> 3) (LSB first).
"""

from __future__ import annotations

from bouncer.filter.format import BLOCK_BYTES

__all__ = ["words_from_digest", "probe_offsets", "POS_MASK"]

POS_MASK = 0x7FFF


def words_from_digest(d: bytes) -> tuple[int, int, int]:
    """The three big-endian 32-bit key words of a digest's first 12 bytes."""
    return (int.from_bytes(d[0:4], "big"), int.from_bytes(d[4:8], "big"), int.from_bytes(d[8:12], "big"))


def probe_offsets(
    words: tuple[int, int, int], blocks: int, probes: int, first_block: int
) -> list[tuple[int, int]]:
    """(byte offset in the body, bit mask) of each probe, in plain Python (single lookups)."""
    w0, w1, w2 = words
    base = (first_block + ((w0 * blocks) >> 32)) * BLOCK_BYTES
    out = []
    k1 = (probes + 1) // 2
    for w, count in ((w1, k1), (w2, probes - k1)):
        a, b = w & POS_MASK, ((w >> 16) & POS_MASK) | 1
        for i in range(count):
            p = (a + i * b) & POS_MASK
            out.append((base + (p >> 3), 1 << (p & 7)))
    return out
