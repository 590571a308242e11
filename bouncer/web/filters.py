"""The breach filters a running service depends on: opened at start, verified in the background.

The filters are those named by the loaded policies' `breached` rules, plus any
extra files listed in the `filters` setting. Opening reads only the header
(instant at any size), so a broken or missing filter stops start-up (or a
reload) with a clear message; the body checksum is verified in a background
thread and its result shown by /readyz.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from bouncer.engine import Bouncer
from bouncer.errors import BouncerError, ConfigError
from bouncer.filter.registry import DEFAULT, get_filter, resolve
from bouncer.filter.verify import verify_filter
from bouncer.rules.breached import BreachedRule

__all__ = ["LoadedFilter", "VerifyResult", "load_filters", "verify_filters"]


@dataclass(frozen=True)
class LoadedFilter:
    """An opened filter: its name (a metric label), file (None if held in memory) and build time."""

    name: str
    path: Path | None
    built_at: float | None = None

    def age_seconds(self) -> float | None:
        return None if self.built_at is None else max(0.0, time.time() - self.built_at)


@dataclass(frozen=True)
class VerifyResult:
    status: str  # "ok" | "failed"
    checked_at: str
    files: int


def _label(name: str, resolved: str) -> str:
    return DEFAULT if resolved == DEFAULT else Path(resolved).name


def load_filters(extra: Iterable[Path], bouncers: Iterable[Bouncer] = ()) -> list[LoadedFilter]:
    """Open every filter the policies name and every extra file; raise ConfigError if one is unusable."""
    specs: dict[str, str] = {}
    for bouncer in bouncers:
        for rule in bouncer.rules:
            if isinstance(rule, BreachedRule):
                for name, resolved in rule.filter_specs:
                    specs.setdefault(resolved, _label(name, resolved))
    for path in extra:
        resolved = resolve(str(path), None)
        specs.setdefault(resolved, _label(str(path), resolved))
    loaded = []
    for resolved, label in specs.items():
        try:
            filt = get_filter(resolved)
        except BouncerError as exc:
            raise ConfigError(f"breach filter {label}: {exc}") from None
        on_disk = filt.path if filt.path.is_file() else None
        loaded.append(LoadedFilter(label, on_disk, float(filt.header.build_time)))
    return loaded


def verify_filters(filters: list[LoadedFilter]) -> VerifyResult:
    """Verify every on-disk filter's body checksum (slow for big files: run in a background thread).

    Raises:
        BouncerError: a filter's header or body checksum does not match.
    """
    for f in filters:
        if f.path is not None:
            verify_filter(f.path)
    now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    return VerifyResult("ok", now, len(filters))
