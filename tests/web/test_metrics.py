"""Metrics: checks by outcome, rejections by reason, previews apart, closed label sets."""

from __future__ import annotations

from collections.abc import Callable

from prometheus_client.parser import text_string_to_metric_families

from bouncer.reasons import Reason

from .conftest import Service


def samples(svc: Service) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    text = svc.client.get("/metrics", headers=svc.headers("stats")).get_data(as_text=True)
    out = {}
    for family in text_string_to_metric_families(text):
        for s in family.samples:
            out[(s.name, tuple(sorted(s.labels.items())))] = s.value
    return out


def value(data: dict, name: str, **labels: str) -> float:  # type: ignore[type-arg]
    return data[(name, tuple(sorted(labels.items())))]


def test_checks_and_rejections_are_counted(svc: Service) -> None:
    """Each check counts once by outcome; each violation once by reason."""
    svc.check({"password": "abc"})
    svc.check({"password": "abc"})
    svc.check({"password": "long enough"})
    data = samples(svc)
    assert value(data, "bouncer_checks_total", policy="weak", outcome="rejected") == 2
    assert value(data, "bouncer_checks_total", policy="weak", outcome="accepted") == 1
    assert value(data, "bouncer_rejections_total", policy="weak", reason="too_short") == 2
    assert value(data, "bouncer_check_duration_seconds_count", policy="weak") == 3


def test_previews_are_not_attempts(svc: Service) -> None:
    """preview: true is counted apart and never as a check."""
    svc.check({"password": "abc", "preview": True})
    data = samples(svc)
    assert value(data, "bouncer_checks_total", policy="weak", outcome="rejected") == 0
    assert value(data, "bouncer_rejections_total", policy="weak", reason="too_short") == 0
    assert value(data, "bouncer_previews_total", policy="weak", outcome="rejected") == 1


def test_label_sets_are_closed_and_preinitialised(svc: Service) -> None:
    """Every policy x reason series exists from the start, and nothing else appears."""
    svc.check({"password": "abc", "policy": "nosuch"})
    svc.client.post("/v1/check", data=b"junk", headers=svc.headers(**{"Content-Type": "application/json"}))
    data = samples(svc)
    policies = {dict(labels).get("policy") for (_, labels) in data if dict(labels).get("policy")}
    assert policies == {"weak", "mid", "strict"}
    reasons = {dict(labels)["reason"] for (name, labels) in data if name == "bouncer_rejections_total"}
    assert reasons == {str(r) for r in Reason}


def test_each_app_has_its_own_registry(make_service: Callable[..., Service]) -> None:
    """Two apps in one process do not share or clash on metrics."""
    a = make_service()
    a.check({"password": "abc"})
    b = make_service()
    assert value(samples(b), "bouncer_checks_total", policy="weak", outcome="rejected") == 0
