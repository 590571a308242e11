"""GET /healthz, /readyz, /openapi.json (no key, nothing secret) and /metrics (role stats)."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, current_app, g, request

from bouncer.web.api import service
from bouncer.web.auth import require_role
from bouncer.web.metrics import CONTENT_TYPE
from bouncer.web.models import FilterStatus, Health, PolicyRef, Readiness, Verification
from bouncer.web.openapi import openapi_document

__all__ = ["bp", "metrics_response"]

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz() -> dict[str, Any]:
    return Health(status="ok").model_dump()


@bp.get("/readyz")
def readyz() -> tuple[dict[str, Any], int]:
    svc = service()
    engines = svc.engines
    status = svc.status.read()
    v = svc.verification
    verification = Verification(status="pending", checked_at=None, files=len(engines.filters)) if v is None \
        else Verification(status=v.status, checked_at=v.checked_at, files=v.files)  # type: ignore[arg-type]
    ready = bool(engines.bouncers) and verification.status != "failed"
    body = Readiness(
        ready=ready,
        policies=[PolicyRef(name=n, version=b.policy.version) for n, b in engines.bouncers.items()],
        filters=[FilterStatus(name=f.name, age_seconds=f.age_seconds()) for f in engines.filters],
        verification=verification,
        reload_failed=bool(status.get("reload_failed")),
        last_reload_at=status.get("last_reload_at"),
    )
    return body.model_dump(), 200 if ready else 503


@bp.get("/openapi.json")
def openapi() -> dict[str, Any]:
    return openapi_document()


def metrics_response() -> Response:
    return Response(service().metrics.render(), content_type=CONTENT_TYPE)


@bp.get("/metrics")
def metrics() -> Response:
    # A request that arrived on the separate metrics listener needs no key.
    if g.get("metrics_listener"):
        return metrics_response()
    return require_role("stats")(metrics_response)()


def on_metrics_listener() -> bool:
    """True if this request came in on `metrics_bind` (gunicorn reports the listener's port)."""
    bind = current_app.extensions["bouncer"].settings.metrics_bind
    if not bind:
        return False
    port = bind.rsplit(":", 1)[-1]
    return bool(str(request.environ.get("SERVER_PORT", "")) == port)
