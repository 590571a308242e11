"""What a running service holds: the loaded engines, the key store, metrics, reload status.

`Engines` is immutable and swapped as a whole on reload, so a request that
took a snapshot finishes on the policies it started with (zero failed requests
across a reload). Under gunicorn the master loads and validates the engines and
the workers inherit them; the reload status lives in a small JSON file that
every worker reads, so /readyz agrees across workers.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import tempfile
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bouncer.engine import Bouncer
from bouncer.errors import BouncerError, ConfigError
from bouncer.resources import set_data_dir
from bouncer.web.filters import LoadedFilter, VerifyResult, load_filters, verify_filters
from bouncer.web.keystore import KeyStore
from bouncer.web.metrics import Metrics
from bouncer.web.settings import Settings

__all__ = ["Engines", "load_engines", "ReloadStatus", "Service", "now_iso"]

log = logging.getLogger("bouncer.web")


def now_iso() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


@dataclass(frozen=True)
class Engines:
    """Loaded policies (in strictness order, weakest first) and filters."""

    bouncers: dict[str, Bouncer]
    rank: dict[str, int]
    filters: tuple[LoadedFilter, ...] = ()
    loaded_at: str = field(default_factory=now_iso)


def load_engines(settings: Settings) -> Engines:
    """Load and validate every configured policy and filter; raise BouncerError on any problem."""
    bouncers: dict[str, Bouncer] = {}
    for spec in settings.policies:
        bouncer = Bouncer(spec)
        if bouncer.name in bouncers:
            raise ConfigError(f"policies: two entries load the policy name {bouncer.name!r}")
        bouncers[bouncer.name] = bouncer
    wanted: dict[str, str | None] = {"default_policy": settings.default_policy,
                                     "shadow_policy": settings.shadow_policy}
    for op, target in settings.routing.operations.items():
        wanted[f"routing.operations.{op}"] = target
    for i, route in enumerate(settings.routing.groups):
        wanted[f"routing.groups.{i}.policy"] = route.policy
    for where, wanted_name in wanted.items():
        if wanted_name is not None and wanted_name not in bouncers:
            raise ConfigError(f"{where}: {wanted_name!r} is not among the loaded policies "
                              f"({', '.join(bouncers)}); add it to `policies`")
    # The embedded default filter lives in the service's data directory.
    set_data_dir(settings.data_dir)
    filters = tuple(load_filters(settings.filters, bouncers.values()))
    return Engines(bouncers, {n: i for i, n in enumerate(bouncers)}, filters)


def reload_engines(settings: Settings, current: Engines, status: ReloadStatus) -> Engines | None:
    """Load fresh policies and filters; on failure log it, record it and return None.

    The caller keeps serving `current` when this returns None. A reload may not change the
    set of policy names: they are metric labels, fixed at start.
    """
    try:
        engines = load_engines(settings)
        if set(engines.bouncers) != set(current.bouncers):
            raise ConfigError("a reload may not change the set of policy names (metric labels)")
    except BouncerError as exc:
        log.error("reload failed; keeping the previous policies",
                  extra={"event": "reload_failed", "detail": str(exc)})
        status.record(ok=False)
        return None
    status.record(ok=True)
    log.info("reloaded", extra={"event": "reloaded"})
    return engines


class ReloadStatus:
    """Whether the last reload failed; shared through a file when `path` is set (gunicorn)."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path
        self._memory: dict[str, Any] = {"reload_failed": False, "last_reload_at": None}

    def record(self, ok: bool) -> None:
        data = {"reload_failed": not ok, "last_reload_at": now_iso()}
        if self.path is None:
            self._memory = data
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".status.")
        with os.fdopen(fd, "w") as out:
            json.dump(data, out)
        os.replace(tmp, self.path)

    def read(self) -> dict[str, Any]:
        if self.path is None:
            return dict(self._memory)
        try:
            data: dict[str, Any] = json.loads(self.path.read_text())
            return data
        except (OSError, ValueError):
            return {"reload_failed": False, "last_reload_at": None}


class Service:
    """Shared state of one app, in `app.extensions["bouncer"]`."""

    def __init__(self, settings: Settings, engines: Engines, status: ReloadStatus) -> None:
        self.settings = settings
        self.engines = engines
        self.status = status
        self.keys = KeyStore(settings.key_store_path)
        self.metrics = Metrics(engines.bouncers, [f.name for f in engines.filters])
        self.verification: VerifyResult | None = None
        self._reload_lock = threading.Lock()
        # Each verification is numbered; only the latest may publish its result, so a slow
        # check of the filters before a reload cannot overwrite the result for the new ones.
        self._verify_lock = threading.Lock()
        self._verify_generation = 0
        self.start_verification()

    def start_verification(self) -> None:
        """Verify filter checksums in the background; /readyz shows "pending" meanwhile."""
        filters = list(self.engines.filters)
        with self._verify_lock:
            self._verify_generation += 1
            generation = self._verify_generation
            self.verification = None

        def run() -> None:
            try:
                result = verify_filters(filters)
            except Exception as exc:  # a failed verification is a readiness fact, not a crash
                log.error("filter verification failed", extra={"exc_type": type(exc).__name__})
                result = VerifyResult("failed", now_iso(), len(filters))
            with self._verify_lock:
                if generation == self._verify_generation:
                    self.verification = result

        threading.Thread(target=run, name="bouncer-verify", daemon=True).start()

    def reload(self) -> bool:
        """Reload policies and filters in this process; keep the old ones if the new ones fail."""
        with self._reload_lock:
            engines = reload_engines(self.settings, self.engines, self.status)
            if engines is None:
                return False
            self.engines = engines
            self.start_verification()
            return True
