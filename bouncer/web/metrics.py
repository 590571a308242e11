"""Prometheus metrics, correct across gunicorn workers (multiprocess mode).

Labels come only from closed sets: policy names loaded at start, the reason
codes of bouncer/reasons.py, a fixed list of outcomes, the filters loaded at
start. Every combination is created up front so zero-valued series exist.

Under `bouncer serve`, PROMETHEUS_MULTIPROC_DIR is set (and wiped) before
prometheus_client is imported; each worker writes its own files and /metrics
sums them. Without it (the test client), each app gets its own registry, so
several apps can live in one process.
"""

from __future__ import annotations

import os
from collections.abc import Iterable

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest, values
from prometheus_client import multiprocess as mp

from bouncer.reasons import Reason
from bouncer.verdict import Verdict

__all__ = ["Metrics", "OUTCOMES", "outcome_of", "multiprocess_enabled", "CONTENT_TYPE"]

CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"
OUTCOMES = ("accepted", "rejected", "would_reject")
# Checks take ~0.1 ms (length only) to tens of ms (zxcvbn on long input): finer buckets low.
BUCKETS = (0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5)


def multiprocess_enabled() -> bool:
    """True when prometheus_client was imported with PROMETHEUS_MULTIPROC_DIR set."""
    return bool(os.environ.get("PROMETHEUS_MULTIPROC_DIR")) and values.ValueClass is not values.MutexValue


def outcome_of(verdict: Verdict) -> str:
    if not verdict.accepted:
        return "rejected"
    return "would_reject" if verdict.would_reject else "accepted"


class Metrics:
    """The service's metric families, registered once per app."""

    def __init__(self, policies: Iterable[str], filters: Iterable[str] = ()) -> None:
        self.multiprocess = multiprocess_enabled()
        # Multiprocess values live in files; collection goes through MultiProcessCollector.
        self.registry: CollectorRegistry | None = None if self.multiprocess else CollectorRegistry()
        reg = self.registry
        self.policies = tuple(policies)
        self.checks = Counter("bouncer_checks", "Completed checks (previews excluded).",
                              ["policy", "outcome"], registry=reg)
        self.rejections = Counter("bouncer_rejections", "Violations reported, one per reason code.",
                                  ["policy", "reason"], registry=reg)
        self.previews = Counter("bouncer_previews", "As-you-type preview checks (not attempts).",
                                ["policy", "outcome"], registry=reg)
        self.shadow = Counter("bouncer_shadow_checks", "Shadow-policy outcomes (never enforced).",
                              ["policy", "outcome"], registry=reg)
        self.duration = Histogram("bouncer_check_duration_seconds", "Time inside the engine per check.",
                                  ["policy"], buckets=BUCKETS, registry=reg)
        self.filter_info = Gauge("bouncer_filter_info", "Breach filters loaded (value 1).",
                                 ["filter"], registry=reg, multiprocess_mode="max")
        for name in self.policies:
            self.duration.labels(name)
            for outcome in OUTCOMES:
                self.checks.labels(name, outcome)
                self.previews.labels(name, outcome)
                self.shadow.labels(name, outcome)
            for reason in Reason:
                self.rejections.labels(name, str(reason))
        for name in filters:
            self.filter_info.labels(name).set(1)

    def record(self, verdict: Verdict, preview: bool) -> None:
        if verdict.policy not in self.policies:  # closed label set: never invent a series
            return
        outcome = outcome_of(verdict)
        if preview:
            self.previews.labels(verdict.policy, outcome).inc()
            return
        self.checks.labels(verdict.policy, outcome).inc()
        self.duration.labels(verdict.policy).observe(verdict.duration_ms / 1000.0)
        for finding in verdict.violations:
            self.rejections.labels(verdict.policy, str(finding.code)).inc()

    def record_shadow(self, verdict: Verdict) -> None:
        if verdict.policy in self.policies:
            self.shadow.labels(verdict.policy, "rejected" if verdict.violations else "accepted").inc()

    def render(self) -> bytes:
        if self.multiprocess:
            registry = CollectorRegistry()
            mp.MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
            return generate_latest(registry)
        assert self.registry is not None
        return generate_latest(self.registry)
