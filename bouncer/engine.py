"""The policy engine: Bouncer(policy).check(password, context) -> Verdict.

Order: input validation (a fault), the absolute input cap and control
characters (short-circuit rejections), then the rules, cheapest first. A rule
that raises rejects with check_failed (fail closed) unless the policy or the
rule chose on_error = "accept". Nothing here logs or stores the password.
"""

from __future__ import annotations

import logging
import time
import unicodedata
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from bouncer.candidate import Candidate
from bouncer.context import Context, validate_input
from bouncer.policy import Policy, load_policy
from bouncer.reasons import Reason, render_help
from bouncer.rules import LoadContext, Rule, build_rule
from bouncer.verdict import Finding, Strength, Verdict

__all__ = ["Bouncer", "check_password", "validate_input"]

log = logging.getLogger(__name__)


def _has_control(text: str) -> bool:
    # Cc covers NUL, C0/C1 controls, tab and line breaks. Format characters (Cf) such
    # as the zero-width joiner are legitimate inside emoji and scripts, so they pass.
    return any(unicodedata.category(ch) == "Cc" for ch in text)


class Bouncer:
    """A loaded policy, ready to check passwords. Thread-safe; build once, reuse."""

    def __init__(self, policy: Policy | str | Path) -> None:
        self.policy = policy if isinstance(policy, Policy) else load_policy(policy)
        load = LoadContext(policy_dir=self.policy.source.parent if self.policy.source else None)
        built = [build_rule(cfg, load) for cfg in self.policy.rules]
        # Stable sort: equal costs keep the policy file's order.
        self.rules: tuple[Rule, ...] = tuple(sorted(built, key=lambda r: r.cost))  # type: ignore[type-arg]

    @property
    def name(self) -> str:
        return self.policy.name

    def help_texts(self) -> list[str]:
        texts = [render_help(Reason.TOO_LONG, {"max_length": self.policy.max_input})]
        seen = set(texts)
        for rule in self.rules:
            for text in rule.help_texts():
                if text not in seen:
                    seen.add(text)
                    texts.append(text)
        # The absolute cap goes last: it is a guard, not the rule users care about.
        return texts[1:] + texts[:1]

    def check(self, password: str, context: Context | Mapping[str, Any] | None = None) -> Verdict:
        """Judge `password`. Raises InputError only if it is not a valid Unicode string."""
        started = time.perf_counter()
        validate_input(password)
        ctx = _as_context(context)
        if ctx.previous_password is not None:
            validate_input(ctx.previous_password, "previous_password")

        # The cap is applied to the raw code points, before any normalisation work.
        if len(password) > self.policy.max_input:
            return self._verdict(
                [Finding(Reason.TOO_LONG, {"max_length": self.policy.max_input}, "input")],
                [], None, ("input",), started,
            )
        if _has_control(password):
            return self._verdict(
                [Finding(Reason.CONTROL_CHARACTER, {}, "input")], [], None, ("input",), started
            )

        pw = Candidate(password)
        violations: list[Finding] = []
        warnings: list[Finding] = []
        strength: Strength | None = None
        ran: list[str] = []
        for rule in self.rules:
            ran.append(rule.type)
            try:
                result = rule.check(pw, ctx)
            except Exception as exc:  # fail closed: a fault in a check rejects
                # Only the rule and the exception type: an exception's text may quote its input.
                log.error("rule %s failed: %s", rule.type, exc.__class__.__name__)
                fail = Finding(Reason.CHECK_FAILED, {"rule": rule.type}, rule.type)
                on_error = rule.config.on_error or self.policy.on_error
                (warnings if on_error == "accept" else violations).append(fail)
                if on_error != "accept" and self.policy.report == "first":
                    break
                continue
            if result is None:
                continue
            found = [Finding(f.code, f.params, rule.type) for f in result.violations]
            if rule.config.severity == "warn":
                warnings.extend(found)
            else:
                violations.extend(found)
            warnings.extend(Finding(f.code, f.params, rule.type) for f in result.warnings)
            if result.strength is not None:
                strength = result.strength
            if violations and self.policy.report == "first":
                break
        return self._verdict(violations, warnings, strength, tuple(ran), started)

    def _verdict(
        self,
        violations: list[Finding],
        warnings: list[Finding],
        strength: Strength | None,
        ran: tuple[str, ...],
        started: float,
    ) -> Verdict:
        failed = bool(violations)
        audit = self.policy.mode == "audit"
        return Verdict(
            accepted=audit or not failed,
            would_reject=audit and failed,
            mode=self.policy.mode,
            policy=self.policy.name,
            policy_version=self.policy.version,
            violations=tuple(violations),
            warnings=tuple(warnings),
            strength=strength,
            rules_run=ran,
            duration_ms=(time.perf_counter() - started) * 1000.0,
        )


def _as_context(context: Context | Mapping[str, Any] | None) -> Context:
    if context is None:
        return Context()
    if isinstance(context, Context):
        return context
    return Context.from_dict(context)


def check_password(
    password: str,
    context: Context | Mapping[str, Any] | None = None,
    policy: Policy | str | Path = "nist-800-63b",
) -> Verdict:
    """One-off check. For many checks build a Bouncer once and reuse it."""
    return Bouncer(policy).check(password, context)
