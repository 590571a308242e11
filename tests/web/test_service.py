"""Service state: background filter verification across reloads."""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest

from bouncer.web import service as service_module
from bouncer.web.filters import LoadedFilter, VerifyResult

from .conftest import Service


def test_stale_verification_does_not_overwrite_a_newer_one(
    make_service: Callable[..., Service], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A verification of the filters before a reload that finishes last does not replace the newer result."""
    release = threading.Event()
    calls: list[int] = []

    def fake_verify(filters: list[LoadedFilter]) -> VerifyResult:
        calls.append(len(calls))
        if len(calls) == 1:  # the verification started with the app: slow, and failing
            release.wait(10)
            return VerifyResult("failed", "old", len(filters))
        return VerifyResult("ok", "new", len(filters))

    monkeypatch.setattr(service_module, "verify_filters", fake_verify)
    svc: service_module.Service = make_service().app.extensions["bouncer"]
    assert svc.reload()
    for _ in range(200):
        if svc.verification is not None:
            break
        threading.Event().wait(0.05)
    assert svc.verification is not None and svc.verification.checked_at == "new"
    release.set()
    for thread in threading.enumerate():
        if thread.name == "bouncer-verify":
            thread.join(10)
    assert svc.verification.checked_at == "new"
    assert svc.verification.status == "ok"
