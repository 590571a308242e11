"""Filters named in policies, opened once per process and reopened only when replaced.

A policy names a filter as "default" (the embedded offline filter) or as a path,
absolute or relative to the policy file. Opened filters are cached by resolved
path and (mtime, size, inode), re-validated at most once a second: a rebuilt filter
renamed into place is picked up within a second.
"""

from __future__ import annotations

import os
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from bouncer.errors import FilterError
from bouncer.filter.lookup import BreachFilter
from bouncer.resources import data_dir_key

__all__ = ["DEFAULT", "resolve", "get_filter", "clear_cache"]

DEFAULT = "default"

# Opened filters are re-validated (one stat) at most this often: a rebuilt filter renamed
# into place is picked up within a second, and a check doesn't pay a stat and a path
# resolution (tens of microseconds here, several times the lookup itself) every time.
RECHECK_SECONDS = 1.0


@dataclass
class _Entry:
    stamp: tuple[int, int, int] | None  # None: an in-memory default filter
    filt: BreachFilter
    checked: float


_cache: dict[tuple[str | None, ...], _Entry] = {}
_lock = threading.Lock()


def _key(resolved: str) -> tuple[str | None, ...]:
    # The default filter's file depends on the data directory, which a service or test may set.
    return (resolved, *data_dir_key()) if resolved == DEFAULT else (resolved,)


def resolve(spec: str, base_dir: Path | None) -> str:
    """ "default", or the absolute path of a filter file named in a policy."""
    if spec == DEFAULT:
        return DEFAULT
    path = Path(spec).expanduser()
    if not path.is_absolute() and base_dir is not None:
        path = base_dir / path
    return str(path.resolve())


def get_filter(resolved: str) -> BreachFilter:
    """The open filter for a resolved spec.

    Raises:
        FilterError: the file is missing, unreadable or not a valid filter.
    """
    key = _key(resolved)
    now = time.monotonic()
    hit = _cache.get(key)
    if hit is not None and now - hit.checked < RECHECK_SECONDS:
        return hit.filt
    path = resolved
    if resolved == DEFAULT:
        from bouncer.filter.default import default_filter_path, open_default_filter

        default_path = default_filter_path()
        if not default_path.is_file():
            built = open_default_filter()  # builds the file, or in memory if it cannot
            if not default_path.is_file():
                with _lock:
                    _cache[key] = _Entry(None, built, now)
                return built
        path = str(default_path)
    try:
        st = os.stat(path)
    except OSError as exc:
        raise FilterError(f"{path}: cannot read: {exc.strerror}") from None
    stamp = (st.st_mtime_ns, st.st_size, st.st_ino)
    with _lock:
        hit = _cache.get(key)
        if hit is not None and hit.stamp == stamp:
            hit.checked = now
            return hit.filt
        filt = BreachFilter(path)
        _cache[key] = _Entry(stamp, filt, now)
        return filt


def clear_cache() -> None:
    """Forget every opened filter (tests; the mmaps close when unreferenced)."""
    with _lock:
        _cache.clear()
