"""Previous password: the new password must not be the old one or a small change of it.

When the context carries `previous_password`:

- `same_as_previous`: the NFC forms are identical.
- `similar_to_previous`, comparing NFKC + casefold forms with whitespace
  removed (so a case change is similar), where leet-compatible characters
  count as equal (`p@ssword` is `password`):
  - the edit distance is at most `max_edit_distance` (banded, so its cost is
    O(length x distance) even for 4,096-character inputs);
  - the old password is contained in the new one with at most
    `APPENDED_LIMIT` characters added before and/or after it
    (`Summer2023!` -> `Summer2023!2024`);
  - with `check_reversed`, either of the above against the reversed old password.

Findings carry no params: nothing about either password is reported.
"""

from __future__ import annotations

import unicodedata
from typing import Literal

from pydantic import Field

from bouncer.candidate import Candidate
from bouncer.context import Context
from bouncer.distance import within_distance
from bouncer.normalize import compact, compatible, fold, forms, skeleton
from bouncer.reasons import Reason, render_help
from bouncer.rules.base import Rule, RuleConfig, RuleResult

__all__ = ["PreviousPasswordConfig", "PreviousPasswordRule", "is_similar"]

# Characters that may be added around the old password and still count as "the old
# password plus a few characters": a four-digit year plus two symbols.
APPENDED_LIMIT = 6


class PreviousPasswordConfig(RuleConfig):
    type: Literal["previous_password"] = "previous_password"
    # The band of the edit distance grows with this; 8 already allows a new half of a short password.
    max_edit_distance: int = Field(default=3, ge=0, le=8)
    check_reversed: bool = True


def _contains_with_affixes(new: str, new_skel: str, old: str) -> bool:
    """True when `old` occurs in `new` (leet-aware) with at most APPENDED_LIMIT characters around it."""
    extra = len(new) - len(old)
    if not old or extra < 0 or extra > APPENDED_LIMIT:
        return False
    old_skel = skeleton(old)
    for start in range(extra + 1):  # at most APPENDED_LIMIT + 1 positions
        end = start + len(old)
        if new_skel[start:end] == old_skel and compatible(new[start:end], old):
            return True
    return False


def is_similar(new: str, new_skel: str, old: str, max_distance: int, check_reversed: bool) -> bool:
    """Similarity of two compact folded passwords (see the module docstring)."""
    candidates = [old, old[::-1]] if check_reversed else [old]
    for form in candidates:
        if within_distance(new, form, max_distance) or _contains_with_affixes(new, new_skel, form):
            return True
    return False


class PreviousPasswordRule(Rule[PreviousPasswordConfig]):
    type = "previous_password"
    config_model = PreviousPasswordConfig
    cost = 15

    def check(self, pw: Candidate, ctx: Context) -> RuleResult | None:
        previous = ctx.previous_password
        if previous is None:
            return None
        if unicodedata.normalize("NFC", previous) == pw.nfc:
            return self.violation(Reason.SAME_AS_PREVIOUS)
        f = forms(pw)
        old = compact(fold(previous))
        if is_similar(f.compact, f.skeleton, old, self.config.max_edit_distance, self.config.check_reversed):
            return self.violation(Reason.SIMILAR_TO_PREVIOUS)
        return None

    def help_texts(self) -> list[str]:
        return [render_help(Reason.SAME_AS_PREVIOUS, {}), render_help(Reason.SIMILAR_TO_PREVIOUS, {})]
