"""schemathesis against /openapi.json: no 5xx, every response matches the published schema."""

from __future__ import annotations

from collections.abc import Callable

import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode

from .conftest import Service

# Enough to reach every operation and both modes while keeping the suite quick.
MAX_EXAMPLES = 60


def _run(svc: Service, mode: GenerationMode, only_check: bool = False) -> int:
    schema = schemathesis.openapi.from_wsgi("/openapi.json", svc.app)
    target = schema["/v1/check"]["POST"] if only_check else schema
    store = svc.app.extensions["bouncer"].keys
    key, _ = store.create(["check", "stats", "admin"])
    headers = {"Authorization": f"Bearer {key}"}
    seen: list[str] = []

    @given(case=target.as_strategy(generation_mode=mode))
    @settings(max_examples=MAX_EXAMPLES, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))
    def run(case: schemathesis.Case) -> None:
        seen.append(case.operation.label)
        case.call_and_validate(headers=headers)

    run()
    return len(set(seen))


def test_positive_cases_conform(make_service: Callable[..., Service]) -> None:
    """Valid requests generated from the schema get schema-conforming answers and never a 5xx."""
    svc = make_service(rate_limits_enabled=False)
    assert _run(svc, GenerationMode.POSITIVE) >= 5


def test_negative_cases_are_clean_4xx(make_service: Callable[..., Service]) -> None:
    """Invalid requests generated from the schema are refused with documented JSON 4xx errors."""
    svc = make_service(rate_limits_enabled=False)
    assert _run(svc, GenerationMode.NEGATIVE) >= 1


def test_check_endpoint_both_modes(make_service: Callable[..., Service]) -> None:
    """POST /v1/check on its own gets more examples: valid bodies are verdicts, invalid ones 4xx."""
    svc = make_service(rate_limits_enabled=False)
    assert _run(svc, GenerationMode.POSITIVE, only_check=True) == 1
    assert _run(svc, GenerationMode.NEGATIVE, only_check=True) == 1
