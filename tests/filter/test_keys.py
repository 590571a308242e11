"""Index arithmetic: one 4 KiB block per lookup, numpy and plain Python agree, past 2^32 bits too."""

from __future__ import annotations

import hashlib
import mmap
import os
from pathlib import Path

import numpy as np
import pytest

from bouncer.filter.batch import probes_batch
from bouncer.filter.format import BLOCK_BITS, BLOCK_BYTES, HEADER_SIZE, Header, Tier
from bouncer.filter.keys import probe_offsets, words_from_digest
from bouncer.filter.lookup import BreachFilter

from .conftest import random_digests


def _words(digests: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    w = digests[:, :12].copy().view(">u4").astype(np.uint32)
    return w[:, 0].copy(), w[:, 1].copy(), w[:, 2].copy()


@pytest.mark.parametrize(("blocks", "probes", "first"), [(1, 1, 0), (7, 16, 3), (1000, 23, 0), (5, 48, 11)])
def test_every_probe_in_one_block(blocks: int, probes: int, first: int) -> None:
    """All k probe bytes of a key fall inside the single block its w0 selects."""
    d = random_digests(20_000, seed=blocks)
    w0, w1, w2 = _words(d)
    offsets, masks = probes_batch(w0, w1, w2, blocks, probes, first)
    block = offsets // BLOCK_BYTES
    assert (block == block[:, :1]).all()
    expected = first + ((w0.astype(np.uint64) * np.uint64(blocks)) >> np.uint64(32)).astype(np.int64)
    assert (block[:, 0] == expected).all()
    assert (block >= first).all() and (block < first + blocks).all()
    assert set(np.unique(masks).tolist()) <= {1 << i for i in range(8)}


def test_streams_never_repeat_a_position() -> None:
    """Within one double-hashing stream the positions are distinct (b is odd)."""
    d = random_digests(2_000, seed=5)
    w0, w1, w2 = _words(d)
    offsets, masks = probes_batch(w0, w1, w2, 1, 32, 0)
    bits = offsets * 8 + np.log2(masks).astype(np.int64)
    for row in bits[:, :16]:
        assert len(set(row.tolist())) == 16


def test_numpy_and_python_agree() -> None:
    """The vectorised probes equal the plain-Python ones used for single lookups."""
    d = random_digests(500, seed=9)
    w0, w1, w2 = _words(d)
    offsets, masks = probes_batch(w0, w1, w2, 12_345, 19, 77)
    for i in range(len(d)):
        py = probe_offsets(words_from_digest(bytes(d[i])), 12_345, 19, 77)
        assert py == list(zip(offsets[i].tolist(), masks[i].tolist(), strict=True))


def test_block_edges() -> None:
    """The smallest and largest w0 select the first and last block."""
    for blocks in (1, 2, 131_073, 2**32 - 1):
        assert probe_offsets((0, 5, 7), blocks, 4, 0)[0][0] // BLOCK_BYTES == 0
        assert probe_offsets((2**32 - 1, 5, 7), blocks, 4, 0)[0][0] // BLOCK_BYTES == blocks - 1


def test_filter_over_4_gib_of_bits(tmp_path: Path) -> None:
    """On a sparse file past 2^32 bits, keys in the top blocks are stored and found where expected."""
    blocks = 2**32 // BLOCK_BITS + 1_000  # 2^32 + 32.8 M bits: byte offsets past 512 MiB
    header = Header("sha1", (Tier(1, 0, blocks, 20),), 1e-6, "sparse test", 0)
    path = tmp_path / "huge.bpf"
    with open(path, "wb") as fh:
        fh.write(header.pack())
        fh.truncate(header.file_size)  # sparse: nothing of the body is written
    # Keys whose w0 lands in the last blocks (top of the digest range).
    keys = [hashlib.sha1(str(i).encode()).digest() for i in range(20_000)]
    top = [d for d in keys if d[0] == 0xFF][:20]
    assert top
    d = np.frombuffer(b"".join(top), dtype=np.uint8).reshape(-1, 20)
    w0, w1, w2 = _words(d)
    offsets, masks = probes_batch(w0, w1, w2, blocks, 20, 0)
    assert offsets.max() * 8 >= 2**32  # really past 2^32 bits
    fd = os.open(path, os.O_RDWR)
    try:
        with mmap.mmap(fd, header.file_size) as mm:
            for off, m in zip(offsets.ravel().tolist(), masks.ravel().tolist(), strict=True):
                mm[HEADER_SIZE + off] |= m
    finally:
        os.close(fd)
    with BreachFilter(path) as f:
        for i, digest in enumerate(top):
            assert f.tier_of_digest(digest) == 0
            assert probe_offsets(words_from_digest(digest), blocks, 20, 0) == list(
                zip(offsets[i].tolist(), masks[i].tolist(), strict=True)
            )
        assert (f.tiers_batch(w0, w1, w2) == 0).all()
        absent = [k for k in keys if k[0] == 0xFF][20:60]
        assert sum(f.tier_of_digest(k) >= 0 for k in absent) == 0
