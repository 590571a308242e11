"""Helpers for filter tests: small HIBP-format inputs generated on the fly."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

HEX = np.frombuffer(b"0123456789ABCDEF", dtype=np.uint8)


def random_digests(n: int, size: int = 20, seed: int = 1) -> np.ndarray:
    """n random digests as an (n, size) uint8 array (uniform, like real hashes)."""
    return np.random.default_rng(seed).integers(0, 256, size=(n, size), dtype=np.uint8)


def hex_lines(digests: np.ndarray) -> list[bytes]:
    h = np.empty((len(digests), digests.shape[1] * 2), dtype=np.uint8)
    h[:, 0::2] = HEX[digests >> 4]
    h[:, 1::2] = HEX[digests & 15]
    return [bytes(row) for row in h]


def sha1_hex(password: str) -> str:
    return hashlib.sha1(password.encode("utf-8")).hexdigest().upper()


@pytest.fixture
def write_hibp(tmp_path: Path) -> Callable[..., Path]:
    """Write a HIBP-format file from digests and counts; returns its path."""

    def write(
        digests: np.ndarray, counts: list[int] | np.ndarray, name: str = "hibp.txt", newline: bytes = b"\r\n"
    ) -> Path:
        path = tmp_path / name
        lines = [h + b":" + str(int(c)).encode() for h, c in zip(hex_lines(digests), counts, strict=True)]
        path.write_bytes(newline.join(lines) + newline)
        return path

    return write
