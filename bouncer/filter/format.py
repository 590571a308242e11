"""The breach filter file format: a 4 KiB header page, then the Bloom body.

Byte layout (all integers little-endian; the table is repeated in docs/filter.md):

| offset | size | field |
|---|---|---|
| 0 | 8 | magic `BNCRBF\\r\\n` (the CR/LF pair catches text-mode mangling) |
| 8 | 4 | format version (1) |
| 12 | 4 | header size = body offset (4096) |
| 16 | 1 | hash kind: 1 = SHA-1, 2 = NTLM |
| 17 | 1 | layout: 1 = blocked Bloom, 4 KiB blocks |
| 18 | 2 | tier count (1..16) |
| 20 | 4 | block size in bytes (4096) |
| 24 | 8 | body size in bytes |
| 32 | 8 | target false-positive rate per tier (float64) |
| 40 | 8 | build time (Unix seconds) |
| 48 | 32 | BLAKE2b-256 of the body |
| 128 | 32 x 16 | tier table: threshold u64, entries u64, blocks u64, probes u32, reserved u32 |
| 1024 | 4 + n | source description: length u32, then UTF-8 (at most 2048 bytes) |
| 4092 | 4 | CRC-32 of bytes 0..4091 (the header itself) |

The body holds the tiers one after another, each `blocks` x 4096 bytes.
Opening checks the header CRC, the version, the kind and the exact file size,
which is instant at any file size; the body checksum is checked only by
`bouncer filter verify`, because reading gigabytes on every open is not instant.
"""

from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from bouncer.errors import FilterFormatError

__all__ = [
    "MAGIC",
    "FORMAT_VERSION",
    "HEADER_SIZE",
    "BLOCK_BYTES",
    "BLOCK_BITS",
    "MAX_TIERS",
    "HashKind",
    "Tier",
    "Header",
    "read_header",
]

MAGIC = b"BNCRBF\r\n"
FORMAT_VERSION = 1
# One page: the body starts 4 KiB-aligned, so every block is one page of the mmap.
HEADER_SIZE = 4096
# One 4 KiB block per lookup: one page, i.e. at most one disk read on a cold cache.
BLOCK_BYTES = 4096
BLOCK_BITS = BLOCK_BYTES * 8
# Tiers are count thresholds (1, 100, 10 000, ...); 16 is far more than anyone needs.
MAX_TIERS = 16
LAYOUT_BLOCKED_BLOOM = 1
MAX_SOURCE_BYTES = 2048

HashKind = Literal["sha1", "ntlm"]
_KIND_IDS: dict[HashKind, int] = {"sha1": 1, "ntlm": 2}
_KIND_NAMES: dict[int, HashKind] = {v: k for k, v in _KIND_IDS.items()}

_FIXED = struct.Struct("<8sIIBBHIQdQ32s")
_TIER = struct.Struct("<QQQII")
_TIER_OFFSET = 128
_SOURCE_OFFSET = 1024
_CRC_OFFSET = HEADER_SIZE - 4


@dataclass(frozen=True)
class Tier:
    """One Bloom region: keys seen at least `threshold` times."""

    threshold: int
    entries: int
    blocks: int
    probes: int


@dataclass(frozen=True)
class Header:
    """Everything the header page says about a filter file."""

    kind: HashKind
    tiers: tuple[Tier, ...]
    target_fp: float
    source: str
    build_time: int
    checksum: bytes = b"\0" * 32
    version: int = FORMAT_VERSION
    block_offsets: tuple[int, ...] = field(init=False)

    def __post_init__(self) -> None:
        offsets, total = [], 0
        for tier in self.tiers:
            offsets.append(total)
            total += tier.blocks
        object.__setattr__(self, "block_offsets", tuple(offsets))

    @property
    def body_size(self) -> int:
        return sum(t.blocks for t in self.tiers) * BLOCK_BYTES

    @property
    def file_size(self) -> int:
        return HEADER_SIZE + self.body_size

    def pack(self) -> bytes:
        """The 4096-byte header page, CRC included."""
        if not 1 <= len(self.tiers) <= MAX_TIERS:
            raise FilterFormatError(f"a filter holds 1 to {MAX_TIERS} tiers, not {len(self.tiers)}")
        source = self.source.encode("utf-8")[:MAX_SOURCE_BYTES]
        page = bytearray(HEADER_SIZE)
        _FIXED.pack_into(
            page,
            0,
            MAGIC,
            self.version,
            HEADER_SIZE,
            _KIND_IDS[self.kind],
            LAYOUT_BLOCKED_BLOOM,
            len(self.tiers),
            BLOCK_BYTES,
            self.body_size,
            self.target_fp,
            self.build_time,
            self.checksum,
        )
        for i, t in enumerate(self.tiers):
            _TIER.pack_into(
                page, _TIER_OFFSET + i * _TIER.size, t.threshold, t.entries, t.blocks, t.probes, 0
            )
        struct.pack_into("<I", page, _SOURCE_OFFSET, len(source))
        page[_SOURCE_OFFSET + 4 : _SOURCE_OFFSET + 4 + len(source)] = source
        struct.pack_into("<I", page, _CRC_OFFSET, zlib.crc32(page[:_CRC_OFFSET]))
        return bytes(page)

    @classmethod
    def unpack(cls, page: bytes, origin: str = "<filter>") -> Header:
        """Parse and validate a header page; raise FilterFormatError naming `origin`."""
        if len(page) < HEADER_SIZE:
            raise FilterFormatError(f"{origin}: truncated: shorter than its {HEADER_SIZE}-byte header")
        if page[:8] != MAGIC:
            raise FilterFormatError(f"{origin}: not a bouncer breach filter (bad magic)")
        (_, version, hsize, kind_id, layout, ntiers, bsize, body, fp, built, checksum) = _FIXED.unpack_from(
            page, 0
        )
        if version != FORMAT_VERSION:
            raise FilterFormatError(
                f"{origin}: format version {version} is not supported (this bouncer reads {FORMAT_VERSION})"
            )
        (crc,) = struct.unpack_from("<I", page, _CRC_OFFSET)
        if crc != zlib.crc32(page[:_CRC_OFFSET]):
            raise FilterFormatError(f"{origin}: corrupt header (CRC mismatch)")
        if kind_id not in _KIND_NAMES:
            raise FilterFormatError(f"{origin}: unknown hash kind {kind_id}")
        if hsize != HEADER_SIZE or layout != LAYOUT_BLOCKED_BLOOM or bsize != BLOCK_BYTES:
            raise FilterFormatError(
                f"{origin}: unsupported layout (header {hsize}, layout {layout}, block {bsize})"
            )
        if not 1 <= ntiers <= MAX_TIERS:
            raise FilterFormatError(f"{origin}: bad tier count {ntiers}")
        tiers = []
        for i in range(ntiers):
            threshold, entries, blocks, probes, _ = _TIER.unpack_from(page, _TIER_OFFSET + i * _TIER.size)
            if blocks < 1 or not 1 <= probes <= 64 or threshold < 1:
                raise FilterFormatError(f"{origin}: bad parameters in tier {i}")
            tiers.append(Tier(threshold, entries, blocks, probes))
        if any(b.threshold <= a.threshold for a, b in zip(tiers, tiers[1:], strict=False)):
            raise FilterFormatError(f"{origin}: tier thresholds must increase")
        (slen,) = struct.unpack_from("<I", page, _SOURCE_OFFSET)
        if slen > MAX_SOURCE_BYTES:
            raise FilterFormatError(f"{origin}: bad source description length")
        source = page[_SOURCE_OFFSET + 4 : _SOURCE_OFFSET + 4 + slen].decode("utf-8", "replace")
        header = cls(_KIND_NAMES[kind_id], tuple(tiers), fp, source, built, bytes(checksum), version)
        if header.body_size != body:
            raise FilterFormatError(f"{origin}: body size in header does not match its tiers")
        return header


def read_header(path: str | Path, expect_kind: HashKind | None = None) -> Header:
    """Read and validate a filter's header and its file size (instant at any size).

    Raises:
        FilterFormatError: truncated, wrong version, wrong kind, or corrupt header.
        FilterError: the file cannot be read (an OSError is wrapped, its text kept).
    """
    from bouncer.errors import FilterError

    origin = str(path)
    try:
        with open(path, "rb") as fh:
            page = fh.read(HEADER_SIZE)
            size = fh.seek(0, 2)
    except OSError as exc:
        raise FilterError(f"{origin}: cannot read: {exc.strerror or exc.__class__.__name__}") from None
    header = Header.unpack(page, origin)
    if size < header.file_size:
        raise FilterFormatError(f"{origin}: truncated: {size} bytes, the header says {header.file_size}")
    if size > header.file_size:
        raise FilterFormatError(f"{origin}: {size - header.file_size} unexpected trailing bytes")
    if expect_kind is not None and header.kind != expect_kind:
        raise FilterFormatError(f"{origin}: holds {header.kind} hashes, {expect_kind} expected")
    return header
