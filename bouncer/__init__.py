"""Password Bouncer: one policy engine for every password change.

    >>> from bouncer import Bouncer, Context
    >>> verdict = Bouncer("nist-800-63b").check("correct horse", Context(username="jdoe"))
    >>> verdict.accepted, verdict.codes
"""

from __future__ import annotations

from bouncer.context import Context
from bouncer.engine import Bouncer, check_password
from bouncer.errors import (
    BouncerError,
    ConfigError,
    FilterError,
    FilterFormatError,
    InputError,
    PolicyError,
)
from bouncer.policy import DEFAULT_POLICY, Policy, list_presets, load_policy
from bouncer.reasons import Reason
from bouncer.verdict import Finding, Strength, Verdict

__all__ = [
    "Bouncer",
    "check_password",
    "Context",
    "Verdict",
    "Finding",
    "Strength",
    "Reason",
    "Policy",
    "load_policy",
    "list_presets",
    "DEFAULT_POLICY",
    "BouncerError",
    "PolicyError",
    "InputError",
    "ConfigError",
    "FilterError",
    "FilterFormatError",
]

__version__ = "0.1.0"
