"""Service settings: a TOML file plus `BOUNCER_*` environment variables (pydantic-settings).

Priority, highest first: keyword arguments (the CLI's options), environment
variables, the settings file, the defaults here. The settings file is
`--config`, else `$BOUNCER_CONFIG`, else `bouncer.toml` in the data directory
(optional: a missing default file means "all defaults").

Settings are deployment configuration; policies are data and live in their own
TOML files (docs/schema.md). Every path default hangs off the data directory.
"""

from __future__ import annotations

import ipaddress
import os
import threading
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

from bouncer.errors import ConfigError
from bouncer.resources import environment_data_dir

__all__ = ["Settings", "Routing", "GroupRoute", "load_settings", "default_data_dir", "config_path"]

CONFIG_NAME = "bouncer.toml"
# flask-limiter syntax. Per key: a portal checks as the user types (previews), so
# 20 requests a second from one integration is normal; per address it guards against
# one client hammering the service whatever key it holds.
DEFAULT_RATE_PER_KEY = "1200/minute"
DEFAULT_RATE_PER_ADDRESS = "600/minute"


def default_data_dir() -> Path:
    """`$BOUNCER_DATA_DIR`, else `$XDG_DATA_HOME/bouncer`, else `~/.local/share/bouncer`.

    Not the directory an earlier service in this process set (resources.set_data_dir): a
    second service's settings, and its settings file, must not follow the first one's.
    """
    return environment_data_dir()


def config_path(explicit: str | Path | None = None) -> Path:
    """Where the settings file is read from (it need not exist)."""
    if explicit:
        return Path(explicit)
    env = os.environ.get("BOUNCER_CONFIG")
    return Path(env) if env else default_data_dir() / CONFIG_NAME


class GroupRoute(BaseModel):
    """Members of `group` are checked against `policy` (first matching entry wins)."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    group: str = Field(min_length=1)
    policy: str


class Routing(BaseModel):
    """How the enforced policy is chosen before the request's own `policy` field."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    # Ordered: the first group the user belongs to decides.
    groups: list[GroupRoute] = Field(default_factory=list)
    operations: dict[Literal["change", "set"], str] = Field(default_factory=dict)


# The TOML file of the current load_settings() call (pydantic-settings reads sources
# from the class; a lock keeps two concurrent loads from mixing files).
_toml_file: Path | None = None
_toml_lock = threading.Lock()


class Settings(BaseSettings):
    """All service settings. See docs/http.md for the table."""

    model_config = SettingsConfigDict(
        env_prefix="BOUNCER_", extra="forbid", frozen=True, env_nested_delimiter="__"
    )

    data_dir: Path = Field(default_factory=default_data_dir)
    bind: str = "127.0.0.1:8080"
    workers: int = Field(default=2, ge=1, le=64)
    tls_cert: Path | None = None
    tls_key: Path | None = None
    insecure_http: bool = False
    # Policies loaded at start: preset names or policy file paths. Their order is
    # their strictness, weakest first: a request may only name one at or above the
    # routed policy (the routed policy is a floor).
    policies: list[str] = Field(default_factory=lambda: ["nist-800-63b"], min_length=1)
    default_policy: str = "nist-800-63b"
    shadow_policy: str | None = None
    routing: Routing = Field(default_factory=Routing)
    # Breach filter files (seam for the filter branch; none are loaded yet).
    filters: list[Path] = Field(default_factory=list)
    key_store: Path | None = None
    stats_secret: Path | None = None
    # Where the statistics store will live (reserved: nothing in this service writes it yet).
    stats_database: Path | None = None
    rate_limits_enabled: bool = True
    # redis://host:port/db, or None for the shared SQLite file in the data directory.
    rate_limit_storage: str | None = None
    rate_limit_per_key: str = DEFAULT_RATE_PER_KEY
    rate_limit_per_address: str = DEFAULT_RATE_PER_ADDRESS
    # Peers whose X-Forwarded-For is believed (addresses or networks).
    trusted_proxies: list[str] = Field(default_factory=list)
    # A second listen address serving only /metrics without a key (e.g. 127.0.0.1:9108).
    metrics_bind: str | None = None
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    # Adds GET /bench/hello for benchmarks/http_bench.py; never enable in production.
    bench_routes: bool = False

    @field_validator("trusted_proxies")
    @classmethod
    def _networks(cls, value: list[str]) -> list[str]:
        for item in value:
            ipaddress.ip_network(item, strict=False)  # ValueError names the bad entry
        return value

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        sources: list[PydanticBaseSettingsSource] = [init_settings, env_settings]
        if _toml_file is not None:
            sources.append(TomlConfigSettingsSource(settings_cls, toml_file=_toml_file))
        return tuple(sources)

    # Derived paths: everything defaults to a file in the data directory.
    @property
    def key_store_path(self) -> Path:
        return self.key_store or self.data_dir / "keys.json"

    @property
    def stats_secret_path(self) -> Path:
        return self.stats_secret or self.data_dir / "stats.secret"

    @property
    def stats_database_path(self) -> Path:
        return self.stats_database or self.data_dir / "stats.sqlite3"

    @property
    def rate_limit_uri(self) -> str:
        if self.rate_limit_storage:
            return self.rate_limit_storage
        return f"bouncer-sqlite://{self.data_dir / 'ratelimit.sqlite3'}"

    @property
    def filters_dir(self) -> Path:
        return self.data_dir / "filters"


def _source_of(name: str, given: dict[str, Any], path: Path) -> str:
    """Where a bad value came from, in the sources' priority order: options, environment, file."""
    if name in given:
        return "options"
    prefix = f"BOUNCER_{name.upper()}"
    for var in os.environ:
        if var.upper() == prefix or var.upper().startswith(prefix + "__"):
            return var
    return str(path)


def load_settings(config: str | Path | None = None, **overrides: Any) -> Settings:
    """Read the settings file (if any) and the environment; raise ConfigError naming the field.

    Args:
        config: settings file; defaults to `$BOUNCER_CONFIG` or `bouncer.toml` in the data dir.
        overrides: values that win over both (command-line options); None values are ignored.
    """
    global _toml_file
    path = config_path(config)
    explicit = config is not None or "BOUNCER_CONFIG" in os.environ
    if explicit and not path.is_file():
        raise ConfigError(f"{path}: settings file not found")
    given = {k: v for k, v in overrides.items() if v is not None}
    with _toml_lock:
        _toml_file = path if path.is_file() else None
        try:
            return Settings(**given)
        except ValidationError as exc:
            lines = []
            for err in exc.errors(include_input=False, include_url=False):
                loc = ".".join(str(p) for p in err["loc"]) or "(top level)"
                lines.append(f"{_source_of(str(err['loc'][0]) if err['loc'] else '', given, path)}: "
                             f"{loc}: {err['msg']}")
            raise ConfigError("\n".join(lines)) from None
        except ValueError as exc:  # TOML syntax errors
            raise ConfigError(f"{path}: {exc}") from None
        finally:
            _toml_file = None
