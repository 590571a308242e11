"""`breached`: the password appears in a breached-password filter.

Options (docs/schema.md): `filters` ["default"] (filter files; "default" is the
embedded offline filter built from real leaked passwords), `min_count` [1]
(reject when the password reaches a count tier of at least this; a hit in a
lower tier is a warning), `online` [false] (opt-in HIBP range query).

Wording is honest: a Bloom filter can say "maybe" for a password that is not in
the list, so the message says the password *appears in* a list of breached
passwords. Params name the filter and the tier threshold reached, never the
password or its hash. A filter that cannot be read raises, which the engine
turns into check_failed (fail closed) unless the policy chose on_error = "accept".
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from bouncer.candidate import Candidate
from bouncer.context import Context
from bouncer.filter.hashing import digest
from bouncer.filter.registry import get_filter, resolve
from bouncer.reasons import Reason, render_help
from bouncer.rules.base import LoadContext, Rule, RuleConfig, RuleResult
from bouncer.verdict import Finding

__all__ = ["BreachedConfig", "BreachedRule"]


class BreachedConfig(RuleConfig):
    type: Literal["breached"] = "breached"
    filters: list[str] = Field(default_factory=lambda: ["default"], min_length=1)
    min_count: int = Field(default=1, ge=1)
    online: bool = False


def _times(threshold: int) -> str:
    return "" if threshold <= 1 else f" (seen in breaches at least {threshold:,} times)"


class BreachedRule(Rule[BreachedConfig]):
    type = "breached"
    config_model = BreachedConfig
    # A hash and a few page reads: dearer than length checks, far cheaper than zxcvbn.
    cost = 30

    def __init__(self, config: BreachedConfig, load: LoadContext) -> None:
        super().__init__(config, load)
        self._filters = [(name, resolve(name, load.policy_dir)) for name in config.filters]

    @property
    def filter_specs(self) -> list[tuple[str, str]]:
        """(name as written in the policy, resolved spec) of each configured filter."""
        return list(self._filters)

    def check(self, pw: Candidate, ctx: Context) -> RuleResult | None:
        forms = (pw.raw,) if pw.nfc == pw.raw else (pw.raw, pw.nfc)
        best: tuple[int, str] | None = None
        for name, resolved in self._filters:
            filt = get_filter(resolved)  # raises FilterError: fail closed via the engine
            tier = max(filt.tier_of_digest(digest(form, filt.kind)) for form in forms)
            if tier >= 0:
                threshold = filt.header.tiers[tier].threshold
                if best is None or threshold > best[0]:
                    best = (threshold, name)
        if best is None and self.config.online:
            from bouncer.filter.online import online_count

            count = online_count(pw)
            if count:
                best = (count, "hibp-online")
        if best is None:
            return None
        threshold, name = best
        finding = Finding(
            Reason.BREACHED, {"filter": name, "seen_at_least": threshold, "times": _times(threshold)}
        )
        if threshold >= self.config.min_count:
            return RuleResult(violations=[finding])
        return RuleResult(warnings=[finding])

    def help_texts(self) -> list[str]:
        return [render_help(Reason.BREACHED, {})]
