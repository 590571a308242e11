"""Seam for the breach filters (the filter branch wires the real loader here).

Until then no filter is loaded: `/readyz` reports `filters: []` and the
background verification has nothing to check. The integrator replaces the
bodies of `load_filters` and `verify_filters` with calls into the filter
module; the shapes below are what /readyz and the metrics read.
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass
from pathlib import Path

from bouncer.errors import ConfigError

__all__ = ["LoadedFilter", "VerifyResult", "load_filters", "verify_filters"]


@dataclass(frozen=True)
class LoadedFilter:
    """An opened filter: its name (a metric label), file and build time (for its age)."""

    name: str
    path: Path
    built_at: float | None = None

    def age_seconds(self) -> float | None:
        return None if self.built_at is None else max(0.0, time.time() - self.built_at)


@dataclass(frozen=True)
class VerifyResult:
    status: str  # "ok" | "failed"
    checked_at: str
    files: int


def load_filters(paths: list[Path]) -> list[LoadedFilter]:
    """Open every configured filter; raise ConfigError if one is unusable.

    TODO(integrator): open each file with the filter branch's reader (header
    check only; fast) and take `built_at` from its header.
    """
    if paths:
        raise ConfigError("breach filters are configured but this build has no filter support yet")
    return []


def verify_filters(filters: list[LoadedFilter]) -> VerifyResult:
    """Verify every filter's body checksum (slow: run in a background thread).

    TODO(integrator): call the filter branch's `verify` for each file.
    """
    now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    return VerifyResult("ok", now, len(filters))
