"""Run the app under gunicorn (programmatically), with hot reload on SIGHUP.

The master loads and validates the policies once; workers are forked with
them (no preload of the Flask app, so each worker builds its own app, limiter
connection and metrics). On SIGHUP the master reloads the policies: if they
are valid, gunicorn starts new workers with them and stops the old ones
gracefully (in-flight requests finish: zero failed requests); if not, the
old policies stay, the failure is logged and /readyz shows `reload_failed`.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

from gunicorn import util as gunicorn_util  # type: ignore[import-untyped]
from gunicorn.app.base import BaseApplication  # type: ignore[import-untyped]

from bouncer.web.service import Engines, ReloadStatus, reload_engines
from bouncer.web.settings import Settings

__all__ = ["BouncerServer", "gunicorn_options"]

log = logging.getLogger("bouncer.web")
# Seconds a worker may spend on one request (zxcvbn on a 4,096-character input is well under 1 s).
WORKER_TIMEOUT_S = 30
# Old workers get this long to finish in-flight requests on reload or stop.
GRACEFUL_TIMEOUT_S = 30


# Codes for the errors gunicorn answers itself (malformed HTTP, before the app runs).
SERVER_ERROR_CODES = {400: "bad_request", 403: "forbidden", 414: "uri_too_long", 417: "expectation_failed",
                      431: "headers_too_large", 500: "internal_error"}


def _write_error_without_detail(sock: Any, status_int: int, reason: str, mesg: str) -> None:
    # gunicorn answers malformed HTTP with an HTML page quoting the bad request line or header;
    # a URL or header can carry anything, so the answer keeps only the status, and it is JSON
    # like every other error of the service. `reason` is gunicorn's fixed status text.
    body = json.dumps({"error": {"code": SERVER_ERROR_CODES.get(status_int, "http_error"),
                                 "message": f"{reason}."}}).encode("ascii")
    head = (f"HTTP/1.1 {status_int} {reason}\r\nConnection: close\r\nContent-Type: application/json\r\n"
            f"Content-Length: {len(body)}\r\n\r\n").encode("latin-1")
    gunicorn_util.write_nonblock(sock, head + body)


gunicorn_util.write_error = _write_error_without_detail


def _child_exit(server: Any, worker: Any) -> None:
    # Multiprocess metrics: drop a dead worker's live gauges (counters are kept and summed).
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)  # type: ignore[no-untyped-call]


def _pre_request(worker: Any, req: Any) -> None:
    """Replaces gunicorn's default, which logs the raw request path."""


def gunicorn_options(settings: Settings) -> dict[str, Any]:
    binds = [settings.bind] + ([settings.metrics_bind] if settings.metrics_bind else [])
    options: dict[str, Any] = {
        "bind": binds,
        "workers": settings.workers,
        "worker_class": "sync",
        "timeout": WORKER_TIMEOUT_S,
        "graceful_timeout": GRACEFUL_TIMEOUT_S,
        "proc_name": "bouncer",
        "accesslog": None,  # the app logs one JSON line per request itself
        "errorlog": "-",
        "loglevel": settings.log_level.lower(),
        "child_exit": _child_exit,
        # gunicorn's default pre_request logs "METHOD /raw/path" at DEBUG: a URL can carry anything.
        "pre_request": _pre_request,
        # gunicorn 27's control socket lives in $HOME and would collide between instances.
        "control_socket_disable": True,
        "logconfig_dict": {
            "version": 1,
            "disable_existing_loggers": False,
            "formatters": {"json": {"()": "bouncer.web.logging.JSONFormatter"}},
            "filters": {"redact": {"()": "bouncer.web.logging.RedactServerLines"}},
            "handlers": {"stderr": {"class": "logging.StreamHandler", "formatter": "json",
                                    "filters": ["redact"]}},
            "root": {"level": settings.log_level, "handlers": ["stderr"]},
            "loggers": {"gunicorn.error": {"level": settings.log_level, "handlers": ["stderr"],
                                           "propagate": False}},
        },
    }
    if settings.tls_cert and settings.tls_key:
        options["certfile"] = str(settings.tls_cert)
        options["keyfile"] = str(settings.tls_key)
    return options


class BouncerServer(BaseApplication):  # type: ignore[misc]
    """gunicorn application holding the known-good engines."""

    def __init__(self, settings: Settings, engines: Engines, status_path: Path) -> None:
        self.settings = settings
        self.engines = engines
        self.status = ReloadStatus(status_path)
        self.options = gunicorn_options(settings)
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self) -> Any:
        from bouncer.web import create_app

        return create_app(self.settings, engines=self.engines, status=self.status)

    def reload(self) -> None:
        super().reload()
        engines = reload_engines(self.settings, self.engines, self.status)
        if engines is not None:
            self.engines = engines
        log.info("reloaded; restarting workers", extra={"event": "reloaded"})
