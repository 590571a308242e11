"""API v1: POST /check, GET /policies, GET /policies/<name>, admin reload and key listing."""

from __future__ import annotations

import json
import logging
import os
import signal
from typing import Any, TypeVar

from flask import Blueprint, current_app, g, request
from pydantic import BaseModel, ValidationError
from werkzeug.exceptions import RequestEntityTooLarge

from bouncer.engine import Bouncer
from bouncer.errors import BouncerError, InputError
from bouncer.verdict import Verdict
from bouncer.web.auth import current_key, require_role
from bouncer.web.errors import APIError, from_validation_error
from bouncer.web.metrics import outcome_of
from bouncer.web.models import (
    CheckRequest,
    KeyInfo,
    KeyList,
    PolicyDetail,
    PolicyList,
    PolicyRef,
    PolicySummary,
    ReloadResult,
)
from bouncer.web.routing import route
from bouncer.web.service import Service, load_engines

__all__ = ["bp", "parse_body", "service"]

bp = Blueprint("api", __name__, url_prefix="/v1")
log = logging.getLogger("bouncer.web")
M = TypeVar("M", bound=BaseModel)
JSON_TYPES = ("application/json",)
# Set by `bouncer serve` in the gunicorn master: admin reload signals it to restart workers.
MASTER_PID_ENV = "BOUNCER_MASTER_PID"


def service() -> Service:
    svc: Service = current_app.extensions["bouncer"]
    return svc


def parse_body(model: type[M]) -> M:
    """Validate the JSON body against `model`; every failure is a clear 4xx, never an echo."""
    mimetype = request.mimetype or ""
    if mimetype not in JSON_TYPES and not mimetype.endswith("+json"):
        raise APIError("unsupported_media_type", "Send the body as 'Content-Type: application/json'.", 415)
    data = request.get_data(cache=False)  # 413 past MAX_CONTENT_LENGTH
    cap = current_app.config["MAX_CONTENT_LENGTH"]
    if request.content_length is None and cap is not None and len(data) >= cap:
        # A chunked body is read only up to the cap, silently cut there; one more byte of the
        # raw input tells a body that ends exactly at the cap from one that goes past it.
        if request.environ["wsgi.input"].read(1):
            raise RequestEntityTooLarge()
    if not data.strip():
        raise APIError("empty_body", "The request body is empty; send a JSON object.")
    if _has_duplicate_keys(data):
        raise APIError("duplicate_field", "A field appears twice in one JSON object; send each field once.")
    try:
        return model.model_validate_json(data)
    except ValidationError as exc:
        raise from_validation_error(exc) from None


def _has_duplicate_keys(data: bytes) -> bool:
    """True if some JSON object in `data` repeats a key (parsers disagree on which value wins)."""
    found = False

    def pairs(items: list[tuple[str, Any]]) -> None:
        nonlocal found
        found = found or len({key for key, _ in items}) != len(items)

    try:
        json.loads(data, object_pairs_hook=pairs)
    except (ValueError, RecursionError):
        return False  # malformed: the model's own parse reports it
    return found


def _summary(b: Bouncer) -> dict[str, Any]:
    p = b.policy
    return PolicySummary(name=p.name, version=p.version, description=p.description,
                         mode=p.mode).model_dump()


@bp.post("/check")
@require_role("check")
def check() -> dict[str, Any]:
    req = parse_body(CheckRequest)
    svc = service()
    engines = svc.engines  # one snapshot for the whole request, even across a reload
    ctx = req.context.to_context()
    name = route(engines, svc.settings, current_key(), ctx, req.policy)
    g.policy = name
    password = req.password.get_secret_value()
    try:
        verdict = engines.bouncers[name].check(password, ctx)
    except InputError:
        raise APIError("invalid_input", "The password or context is not valid Unicode text.") from None
    shadow_name = svc.settings.shadow_policy
    if shadow_name and shadow_name != name and not req.preview:
        _shadow(svc, engines.bouncers[shadow_name], password, ctx)
    svc.metrics.record(verdict, preview=req.preview)
    g.outcome = outcome_of(verdict)
    return verdict.to_dict()


def _shadow(svc: Service, bouncer: Bouncer, password: str, ctx: Any) -> Verdict | None:
    """Evaluate the shadow policy for statistics only; its result never reaches the answer."""
    try:
        verdict = bouncer.check(password, ctx)
    except Exception as exc:  # the shadow must never break the real check
        log.warning("shadow check failed", extra={"exc_type": type(exc).__name__})
        return None
    svc.metrics.record_shadow(verdict)
    g.shadow_outcome = "rejected" if verdict.violations else "accepted"
    return verdict


@bp.get("/policies")
@require_role("check")
def policies() -> dict[str, Any]:
    svc = service()
    items = [_summary(b) for b in svc.engines.bouncers.values()]
    return PolicyList(default=svc.settings.default_policy, policies=items).model_dump()  # type: ignore[arg-type]


@bp.get("/policies/<name>")
@require_role("check")
def policy(name: str) -> dict[str, Any]:
    b = service().engines.bouncers.get(name)
    if b is None:
        raise APIError("unknown_policy", "No policy of that name is loaded; see GET /v1/policies.", 404)
    rules = [rule.describe() for rule in b.rules]
    return PolicyDetail(**_summary(b), help_texts=b.help_texts(), rules=rules).model_dump()


@bp.post("/admin/reload")
@require_role("admin")
def reload() -> tuple[dict[str, Any], int]:
    svc = service()
    master = os.environ.get(MASTER_PID_ENV)
    if master and master.isdigit() and int(master) == os.getppid():
        # Under gunicorn: validate here, then let the master restart every worker gracefully.
        try:
            engines = load_engines(svc.settings)
        except BouncerError as exc:
            log.error("reload failed; keeping the previous policies",
                      extra={"event": "reload_failed", "detail": str(exc)})
            svc.status.record(ok=False)
            raise APIError("reload_failed", "The new policies are invalid; the old ones stay (see logs).",
                           409) from None
        os.kill(int(master), signal.SIGHUP)
        refs = [PolicyRef(name=n, version=b.policy.version) for n, b in engines.bouncers.items()]
        return ReloadResult(reloaded=True, policies=refs).model_dump(), 202
    if not svc.reload():
        raise APIError("reload_failed", "The new policies are invalid; the old ones stay (see logs).", 409)
    refs = [PolicyRef(name=n, version=b.policy.version) for n, b in svc.engines.bouncers.items()]
    return ReloadResult(reloaded=True, policies=refs).model_dump(), 200


@bp.get("/admin/keys")
@require_role("admin")
def keys() -> dict[str, Any]:
    items = [KeyInfo(**k.public()) for k in service().keys.list()]
    return KeyList(keys=items).model_dump()
