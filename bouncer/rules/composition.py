"""Character classes: required classes, a minimum number of classes, length tiers.

Each code point of the NFC form belongs to at most one class, by its Unicode
general category (`unicodedata.category`):

| class | categories | examples |
|---|---|---|
| `lower` | Ll | a z é ß я |
| `upper` | Lu, Lt | A Z É Я ǅ |
| `digit` | Nd | 0-9, ٣ (Arabic-Indic three) |
| `other_letter` | Lo, Lm | 中 ب א ก, ー (letters without case: Windows' fifth category) |
| `symbol` | P*, S*, Zs, No, Nl, Co | ! @ _ space € ✓ 🙂 ² Ⅻ, private-use characters |
| (none) | M*, Cf, Cn, Zl, Zp | combining marks, zero-width joiner, unassigned code points |

Combining marks and format characters only modify their neighbours, so they
add no class. A class not listed in `classes` is not counted: with the default
four classes, a Chinese character adds nothing (the AD preset counts
`other_letter`, as Windows does).
"""

from __future__ import annotations

import unicodedata
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from bouncer.candidate import Candidate
from bouncer.context import Context
from bouncer.reasons import Reason, render_help
from bouncer.rules.base import LoadContext, Rule, RuleConfig, RuleResult
from bouncer.verdict import Finding

__all__ = ["CompositionConfig", "CompositionRule", "Tier", "char_class", "CLASS_NAMES"]

ClassName = Literal["lower", "upper", "digit", "symbol", "other_letter"]

_DEFAULT_CLASSES: tuple[ClassName, ...] = ("lower", "upper", "digit", "symbol")

# unicodedata category -> class; categories not listed belong to no class.
_CATEGORY_CLASS: dict[str, ClassName] = {
    "Ll": "lower", "Lu": "upper", "Lt": "upper", "Nd": "digit",
    "Lo": "other_letter", "Lm": "other_letter",
    "Pc": "symbol", "Pd": "symbol", "Ps": "symbol", "Pe": "symbol", "Pi": "symbol",
    "Pf": "symbol", "Po": "symbol", "Sm": "symbol", "Sc": "symbol", "Sk": "symbol",
    "So": "symbol", "Zs": "symbol", "No": "symbol", "Nl": "symbol", "Co": "symbol",
}

# (singular for missing_class, plural for too_few_classes): the wording users read.
CLASS_NAMES: dict[str, tuple[str, str]] = {
    "lower": ("lowercase letter", "lowercase letters"),
    "upper": ("uppercase letter", "uppercase letters"),
    "digit": ("digit", "digits"),
    "symbol": ("symbol", "symbols"),
    "other_letter": (
        "letter without case (such as Chinese or Arabic)",
        "Chinese, Arabic or other letters without case",
    ),
}


def char_class(ch: str) -> ClassName | None:
    """The composition class of one code point, or None if it adds no class."""
    return _CATEGORY_CLASS.get(unicodedata.category(ch))


class Tier(BaseModel):
    """Passwords shorter than `below` code points need `min_classes` classes."""

    model_config = ConfigDict(extra="forbid", frozen=True, hide_input_in_errors=True)

    below: int = Field(ge=1, le=4096)
    min_classes: int = Field(ge=0, le=5)


class CompositionConfig(RuleConfig):
    type: Literal["composition"] = "composition"
    classes: list[ClassName] = Field(default_factory=lambda: list(_DEFAULT_CLASSES), min_length=1)
    required: list[ClassName] = Field(default_factory=list)
    min_classes: int = Field(default=0, ge=0, le=5)
    tiers: list[Tier] = Field(default_factory=list)

    @model_validator(mode="after")
    def _consistent(self) -> CompositionConfig:
        if len(set(self.classes)) != len(self.classes):
            raise ValueError("classes must not repeat a class")
        if not set(self.required) <= set(self.classes):
            raise ValueError("every required class must be one of classes")
        counts = [self.min_classes, *(t.min_classes for t in self.tiers)]
        if max(counts) > len(self.classes):
            raise ValueError("min_classes cannot exceed the number of classes")
        belows = [t.below for t in self.tiers]
        if belows != sorted(set(belows)):
            raise ValueError("tiers must be in increasing order of below")
        return self


class CompositionRule(Rule[CompositionConfig]):
    """Counts the character classes of the NFC form against the classes needed at its length."""

    type = "composition"
    config_model = CompositionConfig
    cost = 1

    def __init__(self, config: CompositionConfig, load: LoadContext) -> None:
        super().__init__(config, load)
        self._counted = frozenset(config.classes)
        self._class_names = ", ".join(CLASS_NAMES[c][1] for c in config.classes)

    def needed(self, length: int) -> int:
        """Classes needed at this length: the first tier it is below, else min_classes."""
        for tier in self.config.tiers:
            if length < tier.below:
                return tier.min_classes
        return self.config.min_classes

    def present(self, text: str) -> set[str]:
        found: set[str] = set()
        for ch in text:
            cls = _CATEGORY_CLASS.get(unicodedata.category(ch))
            if cls in self._counted:
                found.add(cls)
                if len(found) == len(self._counted):
                    break  # nothing more to find
        return found

    def check(self, pw: Candidate, ctx: Context) -> RuleResult | None:
        found = self.present(pw.nfc)
        result = RuleResult()
        for cls in self.config.required:
            if cls not in found:
                result.violations.append(
                    Finding(Reason.MISSING_CLASS, {"class_name": CLASS_NAMES[cls][0]})
                )
        needed = self.needed(pw.length)
        if len(found) < needed:
            result.violations.append(Finding(Reason.TOO_FEW_CLASSES, {
                "classes": len(found), "min_classes": needed, "class_names": self._class_names,
            }))
        return result if result.violations else None

    def help_texts(self) -> list[str]:
        texts = [
            render_help(Reason.MISSING_CLASS, {"class_name": CLASS_NAMES[c][0]})
            for c in self.config.required
        ]
        lower = 0
        for tier in self.config.tiers:
            if tier.min_classes:
                texts.append(self._classes_help(tier.min_classes, lower, tier.below))
            lower = tier.below
        if self.config.min_classes:
            texts.append(self._classes_help(self.config.min_classes, lower, None))
        return texts

    def _classes_help(self, count: int, at_least: int, below: int | None) -> str:
        names = self._class_names
        if below is not None:
            names += f" (for passwords shorter than {below} characters)"
        elif at_least:
            names += f" (for passwords of {at_least} characters or more)"
        return render_help(Reason.TOO_FEW_CLASSES, {"min_classes": count, "class_names": names})
