"""Policy files: TOML, validated by pydantic, rules as a list tagged by `type`.

The schema is frozen in docs/schema.md. Errors name the file and the field,
and never echo values (a policy's examples hold passwords).
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Annotated, Any, Literal, Union

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from bouncer.errors import PolicyError
from bouncer.resources import policies_dir
from bouncer.rules import RULES

__all__ = ["Policy", "Example", "load_policy", "list_presets", "DEFAULT_POLICY", "parse_policy"]

DEFAULT_POLICY = "nist-800-63b"
# Checked before any normalisation or expensive rule; past it the verdict is too_long.
DEFAULT_MAX_INPUT = 4096

# Built at run time from the registry, so mypy sees it as Any.
RuleConfigUnion: Any = Annotated[
    Union[tuple(cls.config_model for cls in RULES.values())],  # noqa: UP007
    Field(discriminator="type"),
]


class Example(BaseModel):
    """A must-accept or must-reject example run by `bouncer policy test` and the tests."""

    model_config = ConfigDict(extra="forbid", frozen=True, hide_input_in_errors=True)

    password: str
    expect: Literal["accept", "reject"]
    # With expect = "reject": codes that must be among the violations.
    codes: list[str] = Field(default_factory=list)
    context: dict[str, Any] = Field(default_factory=dict)
    note: str = ""


class Policy(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, hide_input_in_errors=True)

    name: str = Field(pattern=r"^[a-z0-9][a-z0-9._-]{0,63}$")
    version: str = "1"
    description: str = ""
    mode: Literal["enforce", "audit"] = "enforce"
    report: Literal["all", "first"] = "all"
    max_input: int = Field(default=DEFAULT_MAX_INPUT, ge=1, le=1_000_000)
    on_error: Literal["reject", "accept"] = "reject"
    rules: list[RuleConfigUnion] = Field(min_length=1)
    examples: list[Example] = Field(default_factory=list)
    # Where the policy was read from (relative rule paths resolve against it). Not part of the file.
    source: Path | None = Field(default=None, exclude=True)


def _format_errors(origin: str, exc: ValidationError) -> str:
    lines = []
    for err in exc.errors(include_input=False, include_url=False):
        loc = ".".join(str(p) for p in err["loc"]) or "(top level)"
        lines.append(f"{origin}: {loc}: {err['msg']}")
    return "\n".join(lines)


def parse_policy(data: dict[str, Any], origin: str = "<policy>", source: Path | None = None) -> Policy:
    """Validate a policy mapping; raise PolicyError naming `origin` and each bad field."""
    try:
        return Policy.model_validate({**data, "source": source})
    except ValidationError as exc:
        raise PolicyError(_format_errors(origin, exc)) from None


def list_presets() -> list[str]:
    return sorted(p.stem for p in policies_dir().glob("*.toml"))


def _resolve(name_or_path: str | Path) -> Path:
    text = str(name_or_path)
    path = Path(text)
    preset = policies_dir() / f"{text}.toml"
    # A bare preset name is the preset, whatever the working directory holds: a file there named
    # `nist-800-63b` must not silently replace the default policy. `./name` loads such a file.
    if not isinstance(name_or_path, Path) and "/" not in text and path.suffix != ".toml" and preset.is_file():
        return preset
    if path.suffix == ".toml" or "/" in text or path.exists():
        if not path.is_file():
            raise PolicyError(f"{text}: policy file not found")
        return path
    if not preset.is_file():
        raise PolicyError(f"unknown policy {text!r}; presets: {', '.join(list_presets())}")
    return preset


def load_policy(name_or_path: str | Path = DEFAULT_POLICY) -> Policy:
    """Load a preset by name (`nist-800-63b`) or a policy file by path."""
    path = _resolve(name_or_path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise PolicyError(f"{path}: cannot read: {exc.__class__.__name__}") from None
    except tomllib.TOMLDecodeError as exc:
        raise PolicyError(f"{path}: invalid TOML: {exc}") from None
    return parse_policy(data, origin=str(path), source=path.resolve())
