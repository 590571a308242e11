"""The HTTP check service (Flask). `create_app(settings)` builds the app.

Imports are lazy: `bouncer serve` must set PROMETHEUS_MULTIPROC_DIR before
prometheus_client is first imported, yet it needs `bouncer.web.settings` first.
"""

from __future__ import annotations

from typing import Any

__all__ = ["create_app", "MAX_BODY_BYTES"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from bouncer.web import app

        return getattr(app, name)
    raise AttributeError(name)
