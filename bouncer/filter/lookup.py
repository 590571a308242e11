"""Read-only lookups through an mmap of the filter file.

The file is mapped read-only (MAP_SHARED, PROT_READ): every gunicorn worker
shares one page-cache copy, a read-only mount works, and opening a multi-GB
filter costs one header read. A single lookup is plain Python on the mmap
(a few microseconds: a numpy call alone costs more); batch lookups are numpy.
"""

from __future__ import annotations

import mmap
import os
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from bouncer.errors import FilterError, FilterFormatError
from bouncer.filter.format import HEADER_SIZE, HashKind, Header, read_header
from bouncer.filter.hashing import digest, lookup_forms
from bouncer.filter.keys import probe_offsets, words_from_digest

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

__all__ = ["BreachFilter"]

# Batch lookups go in slices of this many keys: the probe arrays stay under glibc's 32 MB
# mmap threshold and are reused rather than page-faulted in afresh (see build.INSERT_SLICE).
BATCH_SLICE = 1 << 17
# A key stands for about one 48-byte input line when deciding whether the kernels pay off.
KEY_BYTES_EQUIVALENT = 48


class BreachFilter:
    """An open breach filter file. Thread-safe for lookups; close() when done.

    Raises (from the constructor):
        FilterFormatError: truncated, wrong version, wrong kind or corrupt header.
        FilterError: the file cannot be opened.
    """

    def __init__(self, path: str | Path, expect_kind: HashKind | None = None) -> None:
        self.path = Path(path)
        self.header: Header = read_header(self.path, expect_kind)
        self._mm: mmap.mmap | bytes
        try:
            fd = os.open(self.path, os.O_RDONLY)
        except OSError as exc:
            raise FilterError(f"{self.path}: cannot open: {exc.strerror}") from None
        try:
            self._mm = mmap.mmap(fd, self.header.file_size, access=mmap.ACCESS_READ)
        except (OSError, ValueError) as exc:
            raise FilterError(f"{self.path}: cannot map: {exc.__class__.__name__}") from None
        finally:
            os.close(fd)
        self._init_tiers()

    @classmethod
    def from_bytes(cls, data: bytes, name: str = "<memory>") -> BreachFilter:
        """A filter held in memory (header page + body), e.g. when no data directory is writable."""
        self = cls.__new__(cls)
        self.path = Path(name)
        self.header = Header.unpack(data[:HEADER_SIZE], name)
        if len(data) != self.header.file_size:
            raise FilterFormatError(f"{name}: {len(data)} bytes, the header says {self.header.file_size}")
        self._mm = data
        self._init_tiers()
        return self

    def _init_tiers(self) -> None:
        self._tiers = [
            (t.blocks, t.probes, first)
            for t, first in zip(self.header.tiers, self.header.block_offsets, strict=True)
        ]

    @property
    def kind(self) -> HashKind:
        return self.header.kind

    @property
    def thresholds(self) -> tuple[int, ...]:
        return tuple(t.threshold for t in self.header.tiers)

    def tier_of_digest(self, d: bytes) -> int:
        """Index of the highest tier holding this digest, or -1 if none does."""
        words = words_from_digest(d)
        mm = self._mm
        found = -1
        for i, (blocks, probes, first) in enumerate(self._tiers):
            for offset, mask in probe_offsets(words, blocks, probes, first):
                if not mm[HEADER_SIZE + offset] & mask:
                    return found
            found = i
        return found

    def seen_at_least(self, password: str) -> int | None:
        """The highest tier threshold the password reaches (raw and NFC forms), or None.

        "Reaches" is probabilistic: a Bloom filter can answer yes for a password that
        is not in the list (at the header's target rate), never no for one that is.
        """
        best = -1
        for form in lookup_forms(password):
            best = max(best, self.tier_of_digest(digest(form, self.kind)))
        return None if best < 0 else self.header.tiers[best].threshold

    def tiers_batch(
        self, w0: npt.NDArray[np.uint32], w1: npt.NDArray[np.uint32], w2: npt.NDArray[np.uint32]
    ) -> npt.NDArray[np.int8]:
        """Vectorised tier_of_digest over keys given as words (see bouncer.filter.keys)."""
        import numpy as np

        from bouncer.filter import kernels
        from bouncer.filter.batch import member_mask

        body = np.frombuffer(self._mm, dtype=np.uint8, offset=HEADER_SIZE)
        if kernels.wanted(len(w0) * KEY_BYTES_EQUIVALENT):
            return kernels.lookup(body, w0, w1, w2, kernels.tier_arrays(self.header))  # type: ignore[no-any-return]
        out = np.full(len(w0), -1, dtype=np.int8)
        for start in range(0, len(w0), BATCH_SLICE):
            sl = slice(start, start + BATCH_SLICE)
            idx = np.arange(sl.start, min(sl.start + BATCH_SLICE, len(w0)))
            a, b, c = w0[sl], w1[sl], w2[sl]
            for i, (blocks, probes, first) in enumerate(self._tiers):
                hit = member_mask(body, a, b, c, blocks, probes, first)
                idx, a, b, c = idx[hit], a[hit], b[hit], c[hit]
                out[idx] = i
                if len(idx) == 0:
                    break
        del body
        return out

    def close(self) -> None:
        if not isinstance(self._mm, mmap.mmap):
            return
        try:
            self._mm.close()
        except BufferError:
            pass  # a batch view is still alive; the map is released when it goes

    def __enter__(self) -> BreachFilter:
        return self

    def __exit__(
        self, t: type[BaseException] | None, e: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"BreachFilter({str(self.path)!r}, kind={self.kind}, tiers={self.thresholds})"
