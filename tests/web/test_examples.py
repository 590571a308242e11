"""examples/reset-portal: the key stays server-side, previews are not attempts, the submit is re-checked."""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from flask import Flask

from .conftest import Service

PORTAL = Path(__file__).resolve().parents[2] / "examples" / "reset-portal" / "portal.py"


def portal_for(svc: Service) -> Flask:
    spec = importlib.util.spec_from_file_location("reset_portal", PORTAL)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)

    def checker(body: dict[str, Any]) -> dict[str, Any]:
        r = svc.client.post("/v1/check", json=body, headers=svc.headers())
        assert r.status_code == 200, r.get_json()
        result: dict[str, Any] = r.get_json()
        return result

    app: Flask = module.create_portal(checker)
    return app


def metric(svc: Service, name: str, outcome: str) -> float:
    text = svc.client.get("/metrics", headers=svc.headers("stats")).get_data(as_text=True)
    line = f'{name}{{outcome="{outcome}",policy="weak"}} '
    return float(next(row for row in text.splitlines() if row.startswith(line)).split()[-1])


def test_page_never_contains_the_key(svc: Service) -> None:
    """The HTML the browser gets has no API key in it."""
    html = portal_for(svc).test_client().get("/").get_data(as_text=True)
    assert "bk_" not in html and svc.keys["check"] not in html and "/api/preview" in html


def test_preview_is_feedback_not_an_attempt(svc: Service) -> None:
    """Typing sends preview: true: messages come back, the attempt counters stay at zero."""
    r = portal_for(svc).test_client().post("/api/preview", json={"username": "jdoe", "password": "abc"})
    assert r.get_json() == {"accepted": False, "messages": ["The password is shorter than 4 characters."]}
    assert metric(svc, "bouncer_previews_total", "rejected") == 1
    assert metric(svc, "bouncer_checks_total", "rejected") == 0


def test_final_submit_is_rechecked_server_side(svc: Service) -> None:
    """A form posted straight to /reset (no JavaScript) is still checked and refused when weak."""
    client = portal_for(svc).test_client()
    r = client.post("/reset", data={"username": "jdoe", "password": "abc"})
    assert r.status_code == 422 and "shorter than 4" in r.get_data(as_text=True)
    assert client.post("/reset", data={"username": "jdoe", "password": "long enough"}).status_code == 200
    assert metric(svc, "bouncer_checks_total", "rejected") == 1
    assert metric(svc, "bouncer_checks_total", "accepted") == 1


WALKTHROUGH = Path(__file__).resolve().parents[2] / "examples" / "curl-walkthrough.sh"
# Stands in for curl: records its argv, the header files it is given and its stdin, answers {}.
CURL_SHIM = """#!/usr/bin/env bash
printf '%s\\n' "$*" >> "$SHIM_DIR/argv"
for arg in "$@"; do
  case "$arg" in @/*) cat "${arg#@}" >> "$SHIM_DIR/headers" ;; esac
  if [[ "$arg" == "@-" ]]; then cat >> "$SHIM_DIR/bodies"; fi
done
echo '{}'
"""


def test_curl_walkthrough_keeps_secrets_off_the_command_line(tmp_path: Path) -> None:
    """The walkthrough hands curl its key in a header file and bodies on stdin, never in argv (ps)."""
    bash = shutil.which("bash")
    if bash is None:
        pytest.skip("bash is not installed")
    shim = tmp_path / "curl"
    shim.write_text(CURL_SHIM)
    shim.chmod(0o755)
    key, admin = "bk_0123456789abcdef_" + "K" * 43, "bk_fedcba9876543210_" + "A" * 43
    env = {**os.environ, "PATH": f"{tmp_path}:{os.environ['PATH']}", "SHIM_DIR": str(tmp_path),
           "BOUNCER_KEY": key, "BOUNCER_ADMIN_KEY": admin, "BOUNCER_URL": "http://127.0.0.1:9"}
    run = subprocess.run([bash, str(WALKTHROUGH)], env=env, capture_output=True, timeout=60, check=False)
    assert run.returncode == 0, run.stderr
    argv = (tmp_path / "argv").read_text()
    assert argv.count("\n") >= 10  # every step ran curl
    for secret in (key, admin, "Summer2024!", "jdoe-Spring-2024", "correct horse"):
        assert secret not in argv
    assert key in (tmp_path / "headers").read_text() and admin in (tmp_path / "headers").read_text()
    bodies = (tmp_path / "bodies").read_text()
    assert "Summer2024!" in bodies and "jdoe-Spring-2024" in bodies
