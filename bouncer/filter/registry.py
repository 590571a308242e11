"""Filters named in policies, opened once per process and reopened only when replaced.

A policy names a filter as "default" (the embedded offline filter) or as a path,
absolute or relative to the policy file. Opened filters are cached by resolved
path and (mtime, size, inode): a rebuilt filter renamed into place is picked up
on the next check, and an unchanged one costs one stat() per check.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

from bouncer.errors import FilterError
from bouncer.filter.lookup import BreachFilter

__all__ = ["DEFAULT", "resolve", "get_filter", "clear_cache"]

DEFAULT = "default"

_cache: dict[str, tuple[tuple[int, int, int], BreachFilter]] = {}
_lock = threading.Lock()


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
    if resolved == DEFAULT:
        from bouncer.filter.default import default_filter_path, open_default_filter

        path = default_filter_path()
        if not path.is_file():
            built = open_default_filter()  # builds the file, or in memory if it cannot
            if not path.is_file():
                return built
        resolved = str(path)
    try:
        st = os.stat(resolved)
    except OSError as exc:
        raise FilterError(f"{resolved}: cannot read: {exc.strerror}") from None
    stamp = (st.st_mtime_ns, st.st_size, st.st_ino)
    with _lock:
        hit = _cache.get(resolved)
        if hit is not None and hit[0] == stamp:
            return hit[1]
        filt = BreachFilter(resolved)
        _cache[resolved] = (stamp, filt)
        return filt


def clear_cache() -> None:
    """Forget every opened filter (tests; the mmaps close when unreferenced)."""
    with _lock:
        _cache.clear()
