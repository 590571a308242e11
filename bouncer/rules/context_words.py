"""Context words: the password must not be built from the user's own names and words.

Words taken from the context (all folded, whitespace removed, and only those
of at least `min_word_length` code points):

- `username`: the username, and its tokens split on non-letters
  (`john.doe42` -> `john.doe42`, `john`, `doe`; `ACME\\jdoe` -> `acme`, `jdoe`).
- `email`: the local part and its tokens; each domain label except the
  top-level one and generic labels (`com`, `co`, `mail`, `www`, ...), and the
  label's tokens: `jdoe@acme-corp.com` -> `jdoe`, `acme-corp`, `acme`, `corp`.
  `corp` is kept on purpose: it is part of the organisation's name, and a
  policy that finds it too broad can raise `min_word_length`.
- `display_name`: its tokens (`John Doe` -> `john`, `doe`).
- `words`: each extra word, and its tokens.

Every word is also tried reversed. `match = "substring"`: a leet spelling of
a word anywhere in the password (bouncer.normalize.leet_pattern, searched
with a linear regular expression). `match = "whole"` (NIST): the password,
after stripping leading/trailing non-letters, is a leet spelling of a word
(`jdoe2024!` matches `jdoe`). One finding per field that matched, with params
`{"field": ...}` only.
"""

from __future__ import annotations

import re
from typing import Literal

from pydantic import Field

from bouncer.candidate import Candidate
from bouncer.context import Context
from bouncer.normalize import compact, fold, forms, leet_pattern, word_tokens
from bouncer.reasons import Reason, render_help
from bouncer.rules.base import LoadContext, Rule, RuleConfig, RuleResult
from bouncer.verdict import Finding
from bouncer.wordindex import WordIndex

__all__ = ["ContextWordsConfig", "ContextWordsRule", "context_words"]

FieldName = Literal["username", "email", "display_name", "words"]

# Domain labels that say nothing about the user or the organisation.
GENERIC_DOMAIN_LABELS = frozenset(
    {"com", "org", "net", "edu", "gov", "mil", "int", "co", "ac", "or", "ne", "go", "www", "mail", "email"}
)

CODES: dict[str, Reason] = {
    "username": Reason.CONTAINS_USERNAME,
    "email": Reason.CONTAINS_EMAIL,
    "display_name": Reason.CONTAINS_DISPLAY_NAME,
    "words": Reason.CONTAINS_CONTEXT_WORD,
}


class ContextWordsConfig(RuleConfig):
    type: Literal["context_words"] = "context_words"
    fields: list[FieldName] = Field(default_factory=lambda: ["username", "email", "display_name", "words"])
    # Shorter words would reject too much (a 2-letter username is inside many passwords).
    min_word_length: int = Field(default=3, ge=1, le=64)
    match: Literal["substring", "whole"] = "substring"


def _with_tokens(value: str, min_length: int) -> list[str]:
    folded = fold(value)
    return [compact(folded), *word_tokens(folded, min_length)]


def _email_words(email: str, min_length: int) -> list[str]:
    local, _, domain = email.rpartition("@") if "@" in email else (email, "", "")
    words = _with_tokens(local, min_length)
    labels = [label for label in fold(domain).split(".") if label]
    for label in labels[:-1]:  # the last label is the top-level domain
        if label not in GENERIC_DOMAIN_LABELS:
            words.extend(_with_tokens(label, min_length))
    return words


def context_words(ctx: Context, fields: list[str], min_length: int) -> dict[str, list[str]]:
    """The words of each field (deduplicated, reversed forms included), keyed by field."""
    out: dict[str, list[str]] = {}
    for name in fields:
        found: list[str] = []
        if name == "username" and ctx.username:
            found = _with_tokens(ctx.username, min_length)
        elif name == "email" and ctx.email:
            found = _email_words(ctx.email, min_length)
        elif name == "display_name" and ctx.display_name:
            found = word_tokens(fold(ctx.display_name), min_length)
        elif name == "words":
            for word in ctx.words:
                found.extend(_with_tokens(word, min_length))
        words: list[str] = []
        for word in found:
            for form in (word, word[::-1]):
                if len(form) >= min_length and form not in words:
                    words.append(form)
        if words:
            out[name] = words
    return out


class ContextWordsRule(Rule[ContextWordsConfig]):
    type = "context_words"
    config_model = ContextWordsConfig
    cost = 20

    def __init__(self, config: ContextWordsConfig, load: LoadContext) -> None:
        super().__init__(config, load)

    def check(self, pw: Candidate, ctx: Context) -> RuleResult | None:
        by_field = context_words(ctx, list(self.config.fields), self.config.min_word_length)
        if not by_field:
            return None
        f = forms(pw)
        found: list[Finding] = []
        for name, words in by_field.items():
            if self.config.match == "whole":
                hit = WordIndex(words).match_whole(f, self.config.min_word_length)
            else:
                hit = any(re.search(leet_pattern(w), f.compact) for w in words)
            if hit:
                found.append(Finding(CODES[name], {"field": name}))
        return RuleResult(violations=found) if found else None

    def help_texts(self) -> list[str]:
        return [render_help(CODES[name], {}) for name in self.config.fields]
