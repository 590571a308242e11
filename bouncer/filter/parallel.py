"""Ordered parallel map over input chunks, with backpressure (bounded memory).

Parsing hex lines is half of a build and most of a batch lookup, and chunks are
independent, so worker processes parse while the main process does the part that
needs one writer (setting bits). `multiprocessing.Pool.imap` would read the whole
input ahead of the workers; here at most `inflight` chunks are pending, so memory
stays bounded whatever the input size. Workers are forked (they inherit an opened
filter's mmap); where fork is unavailable, or with one worker, it runs inline.
"""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any, TypeVar

__all__ = ["ordered_map", "default_workers"]

T = TypeVar("T")
R = TypeVar("R")

# Two pending chunks per worker keep every worker busy without reading far ahead.
INFLIGHT_PER_WORKER = 2


def default_workers() -> int:
    """One worker per CPU this process may use (BOUNCER_WORKERS overrides; 1 = no processes)."""
    if env := os.environ.get("BOUNCER_WORKERS"):
        return max(1, int(env))
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def ordered_map(fn: Callable[..., R], items: Iterable[tuple[Any, ...]], workers: int) -> Iterator[R]:
    """Yield fn(*item) for each item, in order, computed by `workers` forked processes."""
    if workers <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        for item in items:
            yield fn(*item)
        return
    pending: deque[Future[R]] = deque()
    limit = workers * INFLIGHT_PER_WORKER
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
        try:
            for item in items:
                pending.append(pool.submit(fn, *item))
                if len(pending) >= limit:
                    yield pending.popleft().result()
            while pending:
                yield pending.popleft().result()
        finally:
            for fut in pending:
                fut.cancel()
