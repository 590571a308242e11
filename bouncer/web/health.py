"""GET /healthz, /readyz, /openapi.json (no key, nothing secret) and /metrics (role stats)."""

from __future__ import annotations

import ipaddress
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


def _is_address(local: object, bind: str) -> bool:
    """True if `local` (a socket's getsockname()) is the listen address `bind`."""
    if bind.startswith("unix:"):
        return local == bind[len("unix:"):]
    if not isinstance(local, tuple) or len(local) < 2:
        return False
    host, _, port = bind.rpartition(":")
    if not port.isdigit() or local[1] != int(port):
        return False
    try:
        wanted = ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return True  # a host name: the port is what tells the two listeners apart
    if wanted.is_unspecified:
        return True  # a wildcard bind on this port: no other listener can share the port
    try:
        return ipaddress.ip_address(str(local[0]).split("%")[0]) == wanted
    except ValueError:
        return False


def on_metrics_listener() -> bool:
    """True if this request was accepted on `metrics_bind`.

    Told by the local address of the connection gunicorn accepted, not by SERVER_PORT: that
    comes from the Host header on a unix socket, and two listeners may share a port on two
    addresses. Outside gunicorn there is no separate listener, so /metrics wants a key.
    """
    bind = current_app.extensions["bouncer"].settings.metrics_bind
    sock = request.environ.get("gunicorn.socket")
    if not bind or sock is None:
        return False
    try:
        local = sock.getsockname()
    except OSError:
        return False
    return _is_address(local, bind)
