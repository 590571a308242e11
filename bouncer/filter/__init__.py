"""Breached-password filters: a self-describing file format, a streaming builder and
one-page lookups (blocked Bloom filter, 4 KiB blocks), with count tiers.

Public API (numpy is imported only by the builder and batch lookups):

    >>> from bouncer.filter import BreachFilter, build_filter
    >>> build_filter(["pwned-passwords-sha1.txt"], "hibp.bpf", tiers=(1, 100, 10_000))
    >>> BreachFilter("hibp.bpf").seen_at_least("password1")
    10000

See docs/filter.md for the format, the sizing and the measurements.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from bouncer.filter.format import FORMAT_VERSION, HashKind, Header, Tier, read_header
from bouncer.filter.hashing import digest, lookup_forms
from bouncer.filter.lookup import BreachFilter

if TYPE_CHECKING:
    from bouncer.filter.build import BuildResult, build_filter
    from bouncer.filter.default import ensure_default_filter
    from bouncer.filter.verify import verify_filter

__all__ = [
    "BreachFilter",
    "BuildResult",
    "FORMAT_VERSION",
    "HashKind",
    "Header",
    "Tier",
    "build_filter",
    "digest",
    "ensure_default_filter",
    "lookup_forms",
    "read_header",
    "verify_filter",
]

_LAZY = {
    "build_filter": "bouncer.filter.build",
    "BuildResult": "bouncer.filter.build",
    "ensure_default_filter": "bouncer.filter.default",
    "verify_filter": "bouncer.filter.verify",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(name)
