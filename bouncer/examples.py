"""Run a policy's `[[examples]]`: the must-accept and must-reject cases it ships with.

`bouncer policy test` and the test suite both call `run_examples`, so a preset
that passes one passes the other. Outcomes refer to an example by its index
and note, never by its password.
"""

from __future__ import annotations

from dataclasses import dataclass

from bouncer.context import Context
from bouncer.engine import Bouncer
from bouncer.errors import BouncerError
from bouncer.policy import Example, Policy
from bouncer.reasons import Reason

__all__ = ["ExampleOutcome", "run_examples"]

_KNOWN_CODES = frozenset(str(r) for r in Reason)


@dataclass(frozen=True, slots=True)
class ExampleOutcome:
    """How one example fared. `problem` explains a failure in codes, never with the password."""

    index: int
    note: str
    expect: str
    passed: bool
    codes: tuple[str, ...] = ()
    problem: str = ""

    @property
    def label(self) -> str:
        """`#3 (note)`: how reports name the example."""
        return f"#{self.index}" + (f" ({self.note})" if self.note else "")


def _judge(bouncer: Bouncer, index: int, example: Example) -> ExampleOutcome:
    def outcome(problem: str = "", codes: tuple[str, ...] = ()) -> ExampleOutcome:
        return ExampleOutcome(index, example.note, example.expect, not problem, codes, problem)

    unknown = sorted(set(example.codes) - _KNOWN_CODES)
    if unknown:
        return outcome(f"unknown code(s) in example: {', '.join(unknown)}")
    if example.codes and example.expect == "accept":
        return outcome("codes are only meaningful with expect = reject")
    try:
        verdict = bouncer.check(example.password, Context.from_dict(example.context))
    except BouncerError as exc:
        return outcome(f"could not check: {exc}")
    codes = verdict.codes
    # "Rejected" means enforce mode would reject, so examples also hold for audit-mode policies.
    rejected = bool(verdict.violations)
    if example.expect == "accept" and rejected:
        return outcome(f"expected accept, got reject: {', '.join(codes)}", codes)
    if example.expect == "reject" and not rejected:
        return outcome("expected reject, got accept", codes)
    missing = [c for c in example.codes if c not in codes]
    if missing:
        return outcome(f"missing code(s) {', '.join(missing)}; got {', '.join(codes) or 'none'}", codes)
    return outcome(codes=codes)


def run_examples(policy: Policy | Bouncer) -> list[ExampleOutcome]:
    """Check every example of `policy` (numbered from 1) and report each outcome.

    Args:
        policy: a loaded Policy, or a Bouncer already built from one.

    Returns:
        One outcome per example, in file order.

    Raises:
        PolicyError: the policy's rules cannot be built (e.g. a missing word list).
    """
    bouncer = policy if isinstance(policy, Bouncer) else Bouncer(policy)
    return [_judge(bouncer, i, ex) for i, ex in enumerate(bouncer.policy.examples, start=1)]
