"""Password Bouncer: one policy engine for every password change.

    >>> from bouncer import Bouncer, Context
    >>> verdict = Bouncer("nist-800-63b").check("correct horse", Context(username="jdoe"))
    >>> verdict.accepted, verdict.codes
    (False, ('too_short',))

The public names load on first use (PEP 562), so `bouncer filter ...` and other
commands that need no rules don't pay for loading the engine, every rule and
zxcvbn's dictionaries.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
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

# public name -> the module that defines it
_HOMES = {
    "Bouncer": "bouncer.engine",
    "check_password": "bouncer.engine",
    "Context": "bouncer.context",
    "Verdict": "bouncer.verdict",
    "Finding": "bouncer.verdict",
    "Strength": "bouncer.verdict",
    "Reason": "bouncer.reasons",
    "Policy": "bouncer.policy",
    "load_policy": "bouncer.policy",
    "list_presets": "bouncer.policy",
    "DEFAULT_POLICY": "bouncer.policy",
    "BouncerError": "bouncer.errors",
    "PolicyError": "bouncer.errors",
    "InputError": "bouncer.errors",
    "ConfigError": "bouncer.errors",
    "FilterError": "bouncer.errors",
    "FilterFormatError": "bouncer.errors",
}


# Hidden from type checkers: a module-level __getattr__ makes every unknown name `Any` to
# them (`from bouncer import Bouncr` would pass); they see the imports above instead.
if not TYPE_CHECKING:

    def __getattr__(name: str) -> Any:
        if name in _HOMES:
            value = getattr(importlib.import_module(_HOMES[name]), name)
            globals()[name] = value  # later look-ups skip this function
            return value
        raise AttributeError(f"module 'bouncer' has no attribute {name!r}")


def __dir__() -> list[str]:
    # A set: a name already loaded is both a global and in __all__.
    return sorted({*globals(), *__all__})
