"""Runs of one character, and alphabetic, numeric or keyboard sequences.

Both checks are case-insensitive and make one pass over the NFC form: each
pair of neighbouring characters is looked up once, so the cost is linear in
the length whatever the content.

- Alphabetic: letters whose code points step by +1 or -1 (abcde, edcba; also
  Greek or Cyrillic runs such as αβγδε).
- Numeric: decimal digits stepping by +1 or -1 (12345, 54321).
- Keyboard: neighbours along one row of a listed layout, forwards or reversed
  (qwert, trewq, asdfg, azert, qwertz, 12345 on the number row, !@#$% shifted).
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from bouncer.candidate import Candidate
from bouncer.context import Context
from bouncer.reasons import Reason, render_help
from bouncer.rules.base import LoadContext, Rule, RuleConfig, RuleResult
from bouncer.verdict import Finding

__all__ = ["RepetitionConfig", "RepetitionRule", "KEYBOARD_ROWS", "fold"]

Layout = Literal["qwerty", "azerty", "qwertz"]

# Rows as typed, lower case (the check folds case first). Shifted number rows are
# listed too because "!@#$%" is as common a walk as "12345".
KEYBOARD_ROWS: dict[str, tuple[str, ...]] = {
    "qwerty": ("`1234567890-=", "~!@#$%^&*()_+", "qwertyuiop[]\\", "asdfghjkl;'", "zxcvbnm,./"),
    "azerty": ("²&é\"'(-è_çà)=", "1234567890°+", "azertyuiop^$", "qsdfghjklmù*", "<wxcvbn,;:!"),
    "qwertz": ("^1234567890ß´", "°!\"§$%&/()=?`", "qwertzuiopü+", "asdfghjklöä#", "<yxcvbnm,.-"),
}

Kind = Literal["alphabetic", "numeric", "keyboard"]
_LAYOUTS: tuple[Layout, ...] = ("qwerty", "azerty", "qwertz")


def fold(text: str) -> str:
    """Lower-case one code point at a time, so positions keep their meaning."""
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


def _keyboard_steps(layouts: list[str]) -> dict[tuple[str, str], frozenset[tuple[int, int]]]:
    """(a, b) -> the (row id, direction) pairs along which b is a's neighbour."""
    steps: dict[tuple[str, str], set[tuple[int, int]]] = {}
    row_id = 0
    for layout in layouts:
        for row in KEYBOARD_ROWS[layout]:
            row_id += 1
            for a, b in zip(row, row[1:], strict=False):
                steps.setdefault((a, b), set()).add((row_id, 1))
                steps.setdefault((b, a), set()).add((row_id, -1))
    return {pair: frozenset(ids) for pair, ids in steps.items()}


class RepetitionConfig(RuleConfig):
    type: Literal["repetition"] = "repetition"
    max_repeat: int = Field(default=3, ge=0, le=4096)
    sequence_length: int = Field(default=5, ge=0, le=4096)
    keyboards: list[Layout] = Field(default_factory=lambda: list(_LAYOUTS))

    @model_validator(mode="after")
    def _sequence_length(self) -> RepetitionConfig:
        if self.sequence_length == 1:
            raise ValueError("sequence_length must be 0 (off) or at least 2")
        return self


class RepetitionRule(Rule[RepetitionConfig]):
    """Too many identical characters in a row, or a run along the alphabet, digits or a keyboard row."""

    type = "repetition"
    config_model = RepetitionConfig
    cost = 2

    def __init__(self, config: RepetitionConfig, load: LoadContext) -> None:
        super().__init__(config, load)
        self._steps = _keyboard_steps(list(dict.fromkeys(config.keyboards)))

    def longest_repeat(self, text: str) -> int:
        best = run = 0
        prev = None
        for ch in text:
            run = run + 1 if ch == prev else 1
            prev = ch
            best = max(best, run)
        return best

    def sequences(self, text: str, length: int) -> list[Kind]:
        """Kinds of sequence with a run of at least `length` characters, in a fixed order."""
        found: set[Kind] = set()
        alpha = digit = 1  # current run lengths; *_dir is the direction of the run
        alpha_dir = digit_dir = 0
        rows: dict[tuple[int, int], int] = {}
        for a, b in zip(text, text[1:], strict=False):
            delta = ord(b) - ord(a)
            step = delta if delta in (1, -1) else 0
            if step and a.isalpha() and b.isalpha():
                alpha = alpha + 1 if step == alpha_dir else 2
                alpha_dir = step
            else:
                alpha, alpha_dir = 1, 0
            if step and a.isdecimal() and b.isdecimal():
                digit = digit + 1 if step == digit_dir else 2
                digit_dir = step
            else:
                digit, digit_dir = 1, 0
            ids = self._steps.get((a, b))
            rows = {key: rows.get(key, 1) + 1 for key in ids} if ids else {}
            if alpha >= length:
                found.add("alphabetic")
            if digit >= length:
                found.add("numeric")
            # A digit run along the number row is reported once, as numeric.
            if rows and max(rows.values()) >= length and digit < length:
                found.add("keyboard")
        order: tuple[Kind, ...] = ("alphabetic", "numeric", "keyboard")
        return [k for k in order if k in found]

    def check(self, pw: Candidate, ctx: Context) -> RuleResult | None:
        text = fold(pw.nfc)
        result = RuleResult()
        max_repeat = self.config.max_repeat
        if max_repeat and self.longest_repeat(text) > max_repeat:
            result.violations.append(Finding(Reason.REPEATED_CHARACTERS, {"max_repeat": max_repeat}))
        length = self.config.sequence_length
        if length:
            for kind in self.sequences(text, length):
                result.violations.append(Finding(Reason.SEQUENCE, {"kind": kind, "length": length}))
        return result if result.violations else None

    def help_texts(self) -> list[str]:
        texts = []
        if self.config.max_repeat:
            texts.append(render_help(Reason.REPEATED_CHARACTERS, {"max_repeat": self.config.max_repeat}))
        if self.config.sequence_length:
            texts.append(render_help(Reason.SEQUENCE, {"length": self.config.sequence_length}))
        return texts
