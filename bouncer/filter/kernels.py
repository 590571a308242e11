"""Compiled kernels (numba) for the builder and batch lookups; numpy remains the reference.

Measured on this machine (benchmarks/filter_bench.py): the numpy pipeline spends
most of its time in whole-array passes (hex decode, probe arrays, `bitwise_or.at`);
a compiled loop touches each line once and each key's block once. The kernels
implement exactly the arithmetic of bouncer.filter.keys (tests compare their
output bit for bit with the numpy path). numba is optional: without it, or with
BOUNCER_KERNEL=numpy, the numpy path runs.

Compiled code is cached on disk (NUMBA_CACHE_DIR, by default
$XDG_CACHE_HOME/bouncer/numba) so only the first run on a machine pays the compile time.
"""

from __future__ import annotations

import os
from functools import cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from bouncer.filter.format import Header

__all__ = [
    "available",
    "wanted",
    "tier_arrays",
    "parse_hex",
    "insert",
    "lookup",
    "MODE_HASHES",
    "MODE_HIBP",
    "MODE_QUERY",
]

# Below this much input, numpy finishes before numba is even imported (~0.5 s with cached code).
KERNEL_MIN_BYTES = 4 << 20

MODE_HASHES, MODE_HIBP, MODE_QUERY = 0, 1, 2
ERR_SHAPE, ERR_HEX, ERR_COUNT = 1, 2, 3


def wanted(size: int) -> bool:
    """Use the kernels for `size` bytes of input (or keys x 48)? BOUNCER_KERNEL=numpy|numba forces."""
    mode = os.environ.get("BOUNCER_KERNEL", "auto")
    if mode == "numpy":
        return False
    return (mode == "numba" or size >= KERNEL_MIN_BYTES) and available()


@cache
def available() -> bool:
    """True when numba is installed and its kernels load."""
    if "NUMBA_CACHE_DIR" not in os.environ:
        cache_home = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
        os.environ["NUMBA_CACHE_DIR"] = os.path.join(cache_home, "bouncer", "numba")
    try:
        _compiled()
    except ImportError:
        return False
    return True


@cache
def _compiled() -> dict[str, Any]:
    from bouncer.filter import _numba_kernels as k

    return {"parse_hex": k.parse_hex, "insert": k.insert, "lookup": k.lookup}


def parse_hex(buf: Any, n_bytes: int, hexlen: int, mode: int) -> tuple[Any, ...]:
    """Parse hex lines: (w0, w1, w2, counts, line indexes, n, blank, zero, error code, error line index
    or, without error, the number of lines)."""
    return _compiled()["parse_hex"](buf, n_bytes, hexlen, mode)  # type: ignore[no-any-return]


def insert(body: Any, w0: Any, w1: Any, w2: Any, counts: Any, n: int, tiers: Any, inserted: Any) -> None:
    """Set the probe bits of n keys in every tier their count reaches; adds to inserted[t]."""
    thresholds, blocks, probes, first = tiers
    _compiled()["insert"](body, w0, w1, w2, counts, n, thresholds, blocks, probes, first, inserted)


def lookup(body: Any, w0: Any, w1: Any, w2: Any, tiers: Any) -> Any:
    """Highest tier index holding each key (-1: none), as an int8 array."""
    import numpy as np

    _, blocks, probes, first = tiers
    out = np.empty(len(w0), dtype=np.int8)
    _compiled()["lookup"](body, w0, w1, w2, len(w0), blocks, probes, first, out)
    return out


def tier_arrays(header: Header) -> tuple[Any, ...]:
    """(thresholds, blocks, probes, first block) of each tier, as int64 arrays for the kernels."""
    import numpy as np

    return tuple(
        np.array(v, dtype=np.int64)
        for v in zip(
            *(
                (t.threshold, t.blocks, t.probes, f)
                for t, f in zip(header.tiers, header.block_offsets, strict=True)
            ),
            strict=True,
        )
    )
