"""A minimal password-reset portal whose own backend calls the bouncer.

The browser never sees the API key: it talks only to this portal, which adds
the key server-side. As-you-type feedback uses `preview: true` (answered, not
counted as an attempt); the final submit is checked again here, so a client
that skips the JavaScript cannot set a password the policy rejects.

    BOUNCER_URL=http://127.0.0.1:8080 BOUNCER_API_KEY=bk_... \\
        .venv/bin/flask --app examples/reset-portal/portal.py run --port 5000

(The Flask development server is fine for trying this out on your own machine only.)
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

import requests
from flask import Flask, render_template, request

Checker = Callable[[dict[str, Any]], dict[str, Any]]
TIMEOUT_S = 5  # a portal must answer its user even if the bouncer is slow


def http_checker(url: str, key: str) -> Checker:
    """POST the body to the bouncer with the key added here, on the server."""
    session = requests.Session()
    session.headers["Authorization"] = f"Bearer {key}"

    def check(body: dict[str, Any]) -> dict[str, Any]:
        r = session.post(f"{url}/v1/check", json=body, timeout=TIMEOUT_S)
        r.raise_for_status()
        result: dict[str, Any] = r.json()
        return result

    return check


def create_portal(checker: Checker | None = None) -> Flask:
    app = Flask(__name__, root_path=os.path.dirname(os.path.abspath(__file__)))
    check = checker or http_checker(os.environ.get("BOUNCER_URL", "http://127.0.0.1:8080"),
                                    os.environ["BOUNCER_API_KEY"])

    def body(preview: bool) -> dict[str, Any]:
        form = request.get_json(silent=True) if preview else request.form
        form = form or {}
        # In a real portal the username comes from the session, never from the form.
        return {"password": str(form.get("password", "")), "preview": preview,
                "context": {"username": str(form.get("username", "")) or None, "operation": "change"},
                "client": "reset-portal", "channel": "web"}

    @app.get("/")
    def page() -> str:
        return render_template("reset.html")

    @app.post("/api/preview")
    def preview() -> dict[str, Any]:
        try:
            verdict = check(body(preview=True))
        except requests.RequestException:
            return {"accepted": False, "messages": ["The password checker is unavailable; try again."]}
        return {"accepted": verdict["accepted"], "messages": [v["message"] for v in verdict["violations"]]}

    @app.post("/reset")
    def reset() -> tuple[str, int]:
        try:
            verdict = check(body(preview=False))  # the decisive check, on the server
        except requests.RequestException:
            return render_template("reset.html", errors=["The password checker is unavailable."]), 503
        if not verdict["accepted"]:
            return render_template("reset.html", errors=[v["message"] for v in verdict["violations"]]), 422
        # Here the portal would set the password in the directory.
        return render_template("reset.html", done=True), 200

    return app


if os.environ.get("BOUNCER_API_KEY"):
    app = create_portal()
