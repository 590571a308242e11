"""The rule registry: the one place a rule type is registered.

Each entry maps the `type` tag used in policy files to its Rule class; the
policy schema's tagged union is built from this table, so a rule that is not
listed here cannot appear in a policy.
"""

from __future__ import annotations

from bouncer.rules.banned_words import BannedWordsRule
from bouncer.rules.base import LoadContext, Rule, RuleConfig, RuleResult
from bouncer.rules.breached import BreachedRule
from bouncer.rules.common_passwords import CommonPasswordsRule
from bouncer.rules.composition import CompositionRule
from bouncer.rules.context_words import ContextWordsRule
from bouncer.rules.length import LengthRule
from bouncer.rules.previous_password import PreviousPasswordRule
from bouncer.rules.regex import RegexRule
from bouncer.rules.repetition import RepetitionRule
from bouncer.rules.strength import StrengthRule

__all__ = ["RULES", "Rule", "RuleConfig", "RuleResult", "LoadContext", "build_rule"]

RULES: dict[str, type[Rule]] = {  # type: ignore[type-arg]
    cls.type: cls
    for cls in (
        LengthRule,
        ContextWordsRule,
        BannedWordsRule,
        CommonPasswordsRule,
        PreviousPasswordRule,
        CompositionRule,
        RepetitionRule,
        RegexRule,
        StrengthRule,
        BreachedRule,
    )
}


def build_rule(config: RuleConfig, load: LoadContext) -> Rule:  # type: ignore[type-arg]
    return RULES[config.type](config, load)
