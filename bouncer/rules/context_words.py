"""Context words: the password must not be built from the user's own names and words.

Words taken from the context (all folded, whitespace removed, and only those
of at least `min_word_length` code points):

- `username`: the username, its tokens run together (as for display names),
  and its tokens split on non-letters (`john.doe42` -> `john.doe42`, `johndoe`, `john`, `doe`;
  `ACME\\jdoe` -> `acme`, `jdoe`).
- `email`: the local part and its tokens; each domain label except the
  top-level one and generic labels (`com`, `co`, `mail`, `www`, ...), and the
  label's tokens except generic ones (`corp`, `inc`, `gmbh`, ...):
  `jdoe@acme-corp.com` -> `jdoe`, `acme-corp`, `acmecorp`, `acme`. `corp` is
  left out on purpose: with its reverse `proc` it matched about 2 % of random
  five-word passphrases (procedures, corporate) while saying nothing about the user.
- `display_name`: the name run together, in every order of up to three tokens,
  and its tokens (`Doe, John` -> `doejohn`, `johndoe`, `john`, `doe`), so
  whole-password matching catches `JohnDoe2024`.
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
from itertools import permutations
from typing import Literal

from pydantic import Field

from bouncer.candidate import Candidate
from bouncer.context import Context
from bouncer.errors import BouncerError
from bouncer.normalize import compact, fold, forms, leet_pattern, skeleton, word_tokens
from bouncer.reasons import Reason, render_help
from bouncer.rules.base import Rule, RuleConfig, RuleResult
from bouncer.verdict import Finding
from bouncer.wordindex import WordIndex

__all__ = [
    "ContextWordsConfig", "ContextWordsRule", "context_words", "ContextTooLarge", "MAX_CANDIDATE_WORDS",
]

FieldName = Literal["username", "email", "display_name", "words"]
ALL_FIELDS: tuple[FieldName, ...] = ("username", "email", "display_name", "words")

# Domain labels that say nothing about the user or the organisation.
GENERIC_DOMAIN_LABELS = frozenset(
    {"com", "org", "net", "edu", "gov", "mil", "int", "co", "ac", "or", "ne", "go", "www", "mail", "email"}
)

# Names are written in either order ("Doe, John"); 3 tokens give 6 orders, 4 would give 24.
MAX_PERMUTED_TOKENS = 3

# Tokens of a domain label that name a kind of organisation, not this one: `corp`
# (reversed `proc`) alone rejected ~2 % of random 5-word passphrases for a user at
# acme-corp.com. The whole label (`acme-corp`, `acmecorp`) is still a word.
GENERIC_DOMAIN_TOKENS = frozenset(
    "corp inc ltd llc plc gmbh group company holdings intl global online the".split()
)

# CPython compiles an alternation at ~0.15 ms per word (measured: 48,849 words from a 256 KiB
# context took 8 s per check). Only words whose letter-class skeleton occurs in the password's
# can match, and a real context leaves a handful; past this many in one check the rule faults
# (check_failed: fail closed) instead of spending about a second or more.
MAX_CANDIDATE_WORDS = 1000


class ContextTooLarge(BouncerError):
    """More context words could occur in the password than the rule will compile; check_failed."""


CODES: dict[str, Reason] = {
    "username": Reason.CONTAINS_USERNAME,
    "email": Reason.CONTAINS_EMAIL,
    "display_name": Reason.CONTAINS_DISPLAY_NAME,
    "words": Reason.CONTAINS_CONTEXT_WORD,
}


class ContextWordsConfig(RuleConfig):
    type: Literal["context_words"] = "context_words"
    fields: list[FieldName] = Field(default_factory=lambda: list(ALL_FIELDS))
    # Shorter words would reject too much (a 2-letter username is inside many passwords).
    min_word_length: int = Field(default=3, ge=1, le=64)
    match: Literal["substring", "whole"] = "substring"


def _with_tokens(value: str, min_length: int) -> list[str]:
    """The value, its tokens run together in every order (up to 3 tokens), and each token."""
    folded = fold(value)
    parts = word_tokens(folded, 1)
    orders = permutations(parts) if len(parts) <= MAX_PERMUTED_TOKENS else [parts]
    return [compact(folded), *("".join(order) for order in orders), *word_tokens(folded, min_length)]


def _email_words(email: str, min_length: int) -> list[str]:
    local, _, domain = email.rpartition("@") if "@" in email else (email, "", "")
    words = _with_tokens(local, min_length)
    labels = [label for label in fold(domain).split(".") if label]
    for label in labels[:-1]:  # the last label is the top-level domain
        if label not in GENERIC_DOMAIN_LABELS:
            words.extend(w for w in _with_tokens(label, min_length) if w not in GENERIC_DOMAIN_TOKENS)
    return words


def context_words(ctx: Context, fields: list[str], min_length: int) -> dict[str, list[str]]:
    """The words of each field (deduplicated, reversed forms included), keyed by field.

    Also usable elsewhere (for example as zxcvbn user inputs) to get the same words.
    """
    out: dict[str, list[str]] = {}
    for name in fields:
        found: list[str] = []
        if name == "username" and ctx.username:
            found = _with_tokens(ctx.username, min_length)
        elif name == "email" and ctx.email:
            found = _email_words(ctx.email, min_length)
        elif name == "display_name" and ctx.display_name:
            found = _with_tokens(ctx.display_name, min_length)
        elif name == "words":
            for word in ctx.words:
                found.extend(_with_tokens(word, min_length))
        # dict.fromkeys: deduplicate, keeping the order (the word before its reverse).
        words = dict.fromkeys(
            form for word in found for form in (word, word[::-1]) if len(form) >= min_length
        )
        if words:
            out[name] = list(words)
    return out


class ContextWordsRule(Rule[ContextWordsConfig]):
    type = "context_words"
    config_model = ContextWordsConfig
    cost = 20

    def check(self, pw: Candidate, ctx: Context) -> RuleResult | None:
        by_field = context_words(ctx, list(self.config.fields), self.config.min_word_length)
        if not by_field:
            return None
        f = forms(pw)
        found: list[Finding] = []
        budget = MAX_CANDIDATE_WORDS
        skeleton_pw = skeleton(f.compact) if self.config.match == "substring" else ""
        for name, words in by_field.items():
            if self.config.match == "whole":
                hit = WordIndex(words).match_whole(f, self.config.min_word_length)
            else:
                # A leet spelling of a word has the word's skeleton (compatible characters share a
                # letter class), so a substring test in C drops the words that cannot occur.
                fitting = [leet_pattern(w) for w in words if skeleton(w) in skeleton_pw]
                budget -= len(fitting)
                if budget < 0:
                    raise ContextTooLarge(f"more than {MAX_CANDIDATE_WORDS} context words to search for")
                # One alternation per field: the regex engine scans once, in C.
                hit = bool(fitting) and re.search("|".join(fitting), f.compact) is not None
            if hit:
                found.append(Finding(CODES[name], {"field": name}))
        return RuleResult(violations=found) if found else None

    def help_texts(self) -> list[str]:
        return [render_help(CODES[name], {}) for name in self.config.fields]
