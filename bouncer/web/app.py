"""`create_app(settings)`: builds the Flask app of the HTTP check service.

Policies and filters load and validate here, so a broken one stops start-up
with a clear message rather than failing requests later. The debugger is off
and cannot be turned on: this module never calls `app.run`, and `DEBUG` is
forced false whatever the environment says.
"""

from __future__ import annotations

from flask import Flask, g, request

from bouncer.web import api, errors, health, limits
from bouncer.web import logging as weblog
from bouncer.web.auth import current_key_id
from bouncer.web.errors import APIError
from bouncer.web.service import Engines, ReloadStatus, Service, load_engines
from bouncer.web.settings import Settings, load_settings

__all__ = ["create_app", "MAX_BODY_BYTES"]

# Two 4,096-character passwords, JSON-escaped as \uXXXX\uXXXX surrogate pairs (12 bytes
# per code point), are ~98 KiB; 128 KiB leaves room for the context and nothing more.
MAX_BODY_BYTES = 128 * 1024


def create_app(settings: Settings | None = None, *, engines: Engines | None = None,
               status: ReloadStatus | None = None) -> Flask:
    """Build the service.

    Args:
        settings: defaults to `load_settings()` (settings file + `BOUNCER_*` environment).
        engines: already loaded policies (gunicorn's master loads them once for all workers).
        status: where the reload status is shared; in memory by default.

    Raises:
        BouncerError: a policy, filter or setting is invalid (the message names it).
    """
    settings = settings or load_settings()
    engines = engines or load_engines(settings)
    app = Flask("bouncer.web")
    app.config.update(DEBUG=False, MAX_CONTENT_LENGTH=MAX_BODY_BYTES, PROPAGATE_EXCEPTIONS=False,
                      TRAP_HTTP_EXCEPTIONS=False)
    app.debug = False
    app.extensions["bouncer"] = Service(settings, engines, status or ReloadStatus())

    weblog.init_app(app)
    errors.init_app(app)

    @app.before_request
    def _metrics_listener_only() -> None:
        # The separate metrics listener serves /metrics and nothing else.
        g.metrics_listener = health.on_metrics_listener()
        if g.metrics_listener and request.path != "/metrics":
            raise APIError("not_found", "Only /metrics is served on this address.", 404)

    app.register_blueprint(api.bp)
    app.register_blueprint(health.bp)
    limits.init_app(app, settings, api.bp, current_key_id)

    if settings.bench_routes:
        @app.route("/bench/hello", methods=["GET", "POST"])
        def _hello() -> dict[str, bool]:
            return {"hello": True}

    return app
