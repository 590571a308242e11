"""The OpenAPI 3.1 document, generated from the same pydantic models that validate requests."""

from __future__ import annotations

from functools import cache
from typing import Any

from pydantic import BaseModel
from pydantic.json_schema import models_json_schema

import bouncer
from bouncer.web import models as m

__all__ = ["openapi_document"]

REF = "#/components/schemas/{model}"
_IN: list[type[BaseModel]] = [m.CheckRequest]
_OUT: list[type[BaseModel]] = [m.VerdictModel, m.PolicyList, m.PolicyDetail, m.ErrorBody, m.Health,
                               m.Readiness, m.ReloadResult, m.KeyList]


def _ref(model: type[BaseModel]) -> dict[str, str]:
    return {"$ref": REF.format(model=model.__name__)}


def _json(model: type[BaseModel], description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": _ref(model)}}}


def _errors(*statuses: int) -> dict[str, Any]:
    texts = {400: "Malformed request", 401: "Missing or invalid API key", 403: "Key lacks the role or policy",
             404: "Unknown policy", 409: "Reload failed; old policies kept", 413: "Body over 128 KiB",
             415: "Not application/json", 429: "Rate limit exceeded", 500: "Internal fault (never a verdict)",
             503: "Not ready"}
    return {str(s): _json(m.ErrorBody, texts[s]) for s in statuses}


_SECURED: list[dict[str, list[str]]] = [{"bearer": []}]
_AUTH_ERRORS = (401, 403, 429)


@cache
def openapi_document() -> dict[str, Any]:
    """Build once per process; identical for every app (no settings leak into it)."""
    _, schema = models_json_schema(
        [(x, "validation") for x in _IN] + [(x, "serialization") for x in _OUT], ref_template=REF
    )
    paths: dict[str, Any] = {
        "/v1/check": {"post": {
            "summary": "Check a password against the routed policy",
            "description": "Accept and reject are both 200 results; read `accepted`.",
            "operationId": "check", "security": _SECURED,
            "requestBody": {"required": True,
                            "content": {"application/json": {"schema": _ref(m.CheckRequest)}}},
            "responses": {"200": _json(m.VerdictModel, "The verdict"),
                          **_errors(400, 404, 413, 415, 500, *_AUTH_ERRORS)},
        }},
        "/v1/policies": {"get": {
            "summary": "List the loaded policies", "operationId": "listPolicies", "security": _SECURED,
            "responses": {"200": _json(m.PolicyList, "Loaded policies"), **_errors(*_AUTH_ERRORS)},
        }},
        "/v1/policies/{name}": {"get": {
            "summary": "One policy with its help texts", "operationId": "getPolicy", "security": _SECURED,
            "parameters": [{"name": "name", "in": "path", "required": True, "schema": {"type": "string"}}],
            "responses": {"200": _json(m.PolicyDetail, "The policy"), **_errors(404, *_AUTH_ERRORS)},
        }},
        "/v1/admin/reload": {"post": {
            "summary": "Reload policies and filters (role admin)", "operationId": "reload",
            "security": _SECURED,
            "responses": {"200": _json(m.ReloadResult, "Reloaded in this process"),
                          "202": _json(m.ReloadResult, "Validated; workers restart gracefully"),
                          **_errors(409, *_AUTH_ERRORS)},
        }},
        "/v1/admin/keys": {"get": {
            "summary": "List API keys (ids and roles, never the keys)", "operationId": "listKeys",
            "security": _SECURED,
            "responses": {"200": _json(m.KeyList, "Keys"), **_errors(*_AUTH_ERRORS)},
        }},
        "/healthz": {"get": {"summary": "Liveness", "operationId": "healthz",
                             "responses": {"200": _json(m.Health, "Up")}}},
        "/readyz": {"get": {"summary": "Readiness: policies, filters, verification, reload state",
                            "operationId": "readyz",
                            "responses": {"200": _json(m.Readiness, "Ready"),
                                          "503": _json(m.Readiness, "Not ready")}}},
        "/metrics": {"get": {
            "summary": "Prometheus metrics (role stats)", "operationId": "metrics", "security": _SECURED,
            "responses": {"200": {"description": "Prometheus text format",
                                  "content": {"text/plain": {"schema": {"type": "string"}}}},
                          **_errors(*_AUTH_ERRORS)},
        }},
    }
    return {
        "openapi": "3.1.0",
        "info": {"title": "Password Bouncer", "version": bouncer.__version__,
                 "description": "Password policy checks over HTTP. The verdict shape is docs/schema.md."},
        "paths": paths,
        "components": {"schemas": schema.get("$defs", {}),
                       "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}}},
    }
