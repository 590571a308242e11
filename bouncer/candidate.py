"""The password prepared once per check, in the forms the rules compare.

- `raw`: exactly what the caller gave (breach lookups use it as well as `nfc`).
- `nfc`: canonical composition; lengths and classes are counted on it, so NFC
  and NFD spellings of one password get one verdict.
- `folded`: NFKC + casefold with accents removed (`fold_text`), used only to
  match against words and lists (NFKC would let `ﬃ` count as three characters
  toward a minimum length; accents would let `jdöe` pass for a user `jdoe`).

Rules that derive further forms (leet skeletons, stripped cores) share them
through `derived()` so the work is done once per check, not once per rule.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from typing import Any, TypeVar

__all__ = ["Candidate", "fold_text"]

T = TypeVar("T")


def fold_text(text: str) -> str:
    """The form words and passwords are compared in: NFKC, accents removed, casefolded.

    Accents (non-spacing marks after canonical decomposition) are removed so `jdöe`
    matches `jdoe` and `pässword` matches `password`; it is lossy for scripts whose
    marks carry meaning, but both sides of every comparison are folded alike.
    """
    decomposed = unicodedata.normalize("NFKD", text)
    if decomposed.isascii():
        return decomposed.casefold()
    bare = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return unicodedata.normalize("NFC", bare).casefold()


class Candidate:
    __slots__ = ("raw", "nfc", "length", "_folded", "_derived")

    def __init__(self, raw: str) -> None:
        self.raw = raw
        self.nfc = unicodedata.normalize("NFC", raw)
        self.length = len(self.nfc)
        self._folded: str | None = None
        self._derived: dict[str, Any] = {}

    @property
    def folded(self) -> str:
        if self._folded is None:
            self._folded = fold_text(self.nfc)
        return self._folded

    def derived(self, key: str, make: Callable[[Candidate], T]) -> T:
        """Compute a derived form once per check and share it between rules."""
        if key not in self._derived:
            self._derived[key] = make(self)
        value: T = self._derived[key]
        return value

    def __repr__(self) -> str:  # never show the password, not even its length
        return "Candidate(<hidden>)"
