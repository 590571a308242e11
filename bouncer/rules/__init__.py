"""The rule registry: the one place a rule type is registered.

Each entry maps the `type` tag used in policy files to its Rule class; the
policy schema's tagged union is built from this table, so a rule that is not
listed here cannot appear in a policy.
"""

from __future__ import annotations

from bouncer.rules.base import LoadContext, Rule, RuleConfig, RuleResult
from bouncer.rules.breached import BreachedRule
from bouncer.rules.length import LengthRule

__all__ = ["RULES", "Rule", "RuleConfig", "RuleResult", "LoadContext", "build_rule"]

RULES: dict[str, type[Rule]] = {  # type: ignore[type-arg]
    cls.type: cls
    for cls in (
        LengthRule,
        BreachedRule,
    )
}


def build_rule(config: RuleConfig, load: LoadContext) -> Rule:  # type: ignore[type-arg]
    return RULES[config.type](config, load)
