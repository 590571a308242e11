"""Lookups: the measured false-positive rate sits in the Poisson interval of the model; mmap is read-only."""

from __future__ import annotations

import mmap
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from bouncer.errors import FilterFormatError
from bouncer.filter.build import build_filter, build_from_passwords
from bouncer.filter.lookup import BreachFilter
from bouncer.filter.sizing import blocked_fp, poisson_interval

from .conftest import random_digests


@pytest.mark.parametrize(("n", "target", "probes"), [(20_000, 1e-3, 100_000), (50_000, 1e-4, 1_000_000)])
def test_false_positive_rate_in_poisson_interval(
    write_hibp: Callable[..., Path], tmp_path: Path, n: int, target: float, probes: int
) -> None:
    """Non-member hits over ~100 expected fall inside the 99 % Poisson interval of the modelled rate."""
    src = write_hibp(random_digests(n, seed=11), np.ones(n, dtype=int))
    out = tmp_path / "fp.bpf"
    header = build_filter([src], out, target_fp=target).header
    tier = header.tiers[0]
    model = blocked_fp(tier.entries, tier.blocks, tier.probes)
    assert model <= target
    absent = random_digests(probes, seed=12)  # a different seed: members with probability ~0
    w = absent[:, :12].copy().view(">u4").astype(np.uint32)
    with BreachFilter(out) as f:
        hits = int((f.tiers_batch(w[:, 0].copy(), w[:, 1].copy(), w[:, 2].copy()) >= 0).sum())
    lo, hi = poisson_interval(model * probes)
    assert lo <= hits <= hi, (hits, model * probes)


def test_single_and_batch_agree(write_hibp: Callable[..., Path], tmp_path: Path) -> None:
    """The plain-Python lookup and the numpy batch lookup give the same answers."""
    d = random_digests(2_000, seed=13)
    src = write_hibp(d[:1_000], np.arange(1, 1_001))
    out = tmp_path / "a.bpf"
    build_filter([src], out, tiers=(1, 10, 100), target_fp=0.01)
    w = d[:, :12].copy().view(">u4").astype(np.uint32)
    with BreachFilter(out) as f:
        batch = f.tiers_batch(w[:, 0].copy(), w[:, 1].copy(), w[:, 2].copy()).tolist()
        assert batch == [f.tier_of_digest(bytes(r)) for r in d]


def test_mapping_is_read_only(tmp_path: Path) -> None:
    """The filter is mapped read-only: writing through it is impossible."""
    header, body = build_from_passwords(["x"])
    path = tmp_path / "ro.bpf"
    path.write_bytes(header.pack() + body.tobytes())
    path.chmod(0o444)
    with BreachFilter(path) as f:
        assert isinstance(f._mm, mmap.mmap)
        with pytest.raises(TypeError):
            f._mm[5000] = 1  # type: ignore[index]
        assert f.seen_at_least("x") == 1


def test_from_bytes_checks_size() -> None:
    """An in-memory filter of the wrong length is refused like a truncated file."""
    header, body = build_from_passwords(["x"])
    with pytest.raises(FilterFormatError):
        BreachFilter.from_bytes(header.pack() + body.tobytes()[:-1])


def test_repr_hides_nothing_secret(tmp_path: Path) -> None:
    """repr names the file and kind only."""
    header, body = build_from_passwords(["hunter2xyz"])
    path = tmp_path / "r.bpf"
    path.write_bytes(header.pack() + body.tobytes())
    with BreachFilter(path) as f:
        assert "hunter2xyz" not in repr(f) and "sha1" in repr(f)
