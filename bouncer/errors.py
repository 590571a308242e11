"""Faults: every exception the bouncer raises derives from BouncerError.

A weak password is never an exception: it is a violation inside a Verdict.
Faults caused by the caller's input also subclass ValueError. No message here
ever contains a password or any part of one.
"""

from __future__ import annotations

__all__ = [
    "BouncerError",
    "PolicyError",
    "InputError",
    "FilterError",
    "FilterFormatError",
    "ConfigError",
]


class BouncerError(Exception):
    """Base of every fault raised by the bouncer. Never raised directly."""


class PolicyError(BouncerError, ValueError):
    """A policy file or name is invalid; the message names the file and the field."""


class InputError(BouncerError, ValueError):
    """The input cannot be checked at all (invalid UTF-8, lone surrogates, wrong type)."""


class ConfigError(BouncerError, ValueError):
    """A setting is invalid or a required resource is missing."""


class FilterError(BouncerError):
    """A breach filter cannot be read."""


class FilterFormatError(FilterError, ValueError):
    """A breach filter file is truncated, corrupt, of the wrong version or the wrong hash kind."""
