"""Writing a filter file atomically: temporary file in the target directory, fsync, rename.

A reader never sees a half-written filter, a running service picks the new file
up at its next check (bouncer.filter.registry), and two racing writers leave one
complete file. The body's BLAKE2b-256 is computed while writing.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

import numpy as np
import numpy.typing as npt

from bouncer.filter.format import HEADER_SIZE, Header

__all__ = ["write_filter", "WRITE_SLICE"]

# The body is hashed and written in slices this big, so writing adds no second copy.
WRITE_SLICE = 64 << 20


def write_filter(body: npt.NDArray[np.uint8], header: Header, output: Path) -> Header:
    """Write header + body atomically (temp file in the same directory, fsync, rename)."""
    output.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{output.name}.", suffix=".tmp", dir=output.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(b"\0" * HEADER_SIZE)
            digest = hashlib.blake2b(digest_size=32)
            view = body.data  # a memoryview of the array itself: no copy
            for start in range(0, len(view), WRITE_SLICE):
                piece = view[start : start + WRITE_SLICE]
                digest.update(piece)
                fh.write(piece)
            done = Header(
                header.kind, header.tiers, header.target_fp, header.source, header.build_time, digest.digest()
            )
            fh.seek(0)
            fh.write(done.pack())
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, output)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    try:
        dir_fd = os.open(output.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)
    except OSError:
        pass  # some filesystems refuse fsync on a directory; the rename itself is atomic
    return done
