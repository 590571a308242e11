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
import threading
from collections import OrderedDict
from collections.abc import Hashable, Iterable
from itertools import permutations
from typing import Literal, cast

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
# A user checks several candidates in a row (as-you-type previews, retries), so the words
# derived from a context and their whole-match index are kept for recent contexts. Only
# context words are cached (names, email parts), never a password or a previous password.
CONTEXT_CACHE_SIZE = 1024
# Only small contexts are cached, and only when what they derive is small too: a context's
# length alone does not bound its words (NFKC turns one code point into up to 18; many short
# extra words each yield several words and index entries). These limits keep an entry under
# ~20 KB (a real context of username, email, display name and two words: 50 words, 328
# characters, ~9 KB), so the caches stay under ~20 MB per process whatever callers send
# (tests/rules/test_context_words.py measures it).
CACHED_CONTEXT_CHARS = 256
CACHED_WORDS = 64
CACHED_WORDS_CHARS = 1024


class _LRU:
    """A thread-safe LRU of at most `size` entries; the caller decides what is small enough to enter."""

    def __init__(self, size: int) -> None:
        self._size = size
        self._data: OrderedDict[Hashable, object] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable) -> object | None:
        with self._lock:
            value = self._data.get(key)
            if value is not None:
                self._data.move_to_end(key)
            return value

    def put(self, key: Hashable, value: object) -> None:
        with self._lock:
            self._data[key] = value
            self._data.move_to_end(key)
            while len(self._data) > self._size:
                self._data.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._data.clear()

    def __len__(self) -> int:
        return len(self._data)


_derived_cache = _LRU(CONTEXT_CACHE_SIZE)
_index_cache = _LRU(CONTEXT_CACHE_SIZE)


def _small(words: Iterable[str]) -> bool:
    """True when these derived words are few and short enough to keep in a cache."""
    count = chars = 0
    for word in words:
        count += 1
        chars += len(word)
        if count > CACHED_WORDS or chars > CACHED_WORDS_CHARS:
            return False
    return True


def clear_caches() -> None:
    """Forget every cached context (tests)."""
    _derived_cache.clear()
    _index_cache.clear()


# (field, its words) of each field that has words.
_Derived = tuple[tuple[str, tuple[str, ...]], ...]


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
    args = (ctx.username, ctx.email, ctx.display_name, tuple(ctx.words), tuple(fields), min_length)
    size = sum(len(v) for v in (ctx.username, ctx.email, ctx.display_name) if v) + sum(map(len, ctx.words))
    cacheable = size <= CACHED_CONTEXT_CHARS
    derived = cast("_Derived | None", _derived_cache.get(args) if cacheable else None)
    if derived is None:
        derived = _derive(*args)
        if cacheable and _small(word for _, words in derived for word in words):
            _derived_cache.put(args, derived)
    return {name: list(words) for name, words in derived}


def _derive(
    username: str | None,
    email: str | None,
    display_name: str | None,
    extra: tuple[str, ...],
    fields: tuple[str, ...],
    min_length: int,
) -> _Derived:
    out: list[tuple[str, tuple[str, ...]]] = []
    for name in fields:
        found: list[str] = []
        if name == "username" and username:
            found = _with_tokens(username, min_length)
        elif name == "email" and email:
            found = _email_words(email, min_length)
        elif name == "display_name" and display_name:
            found = _with_tokens(display_name, min_length)
        elif name == "words":
            for word in extra:
                found.extend(_with_tokens(word, min_length))
        # dict.fromkeys: deduplicate, keeping the order (the word before its reverse).
        words = dict.fromkeys(
            form for word in found for form in (word, word[::-1]) if len(form) >= min_length
        )
        if words:
            out.append((name, tuple(words)))
    return tuple(out)


def _word_index(words: list[str]) -> WordIndex:
    """The whole-match index of a field's words, shared by checks of the same small context."""
    if not _small(words):
        return WordIndex(words)
    key = tuple(words)
    index = _index_cache.get(key)
    if not isinstance(index, WordIndex):
        index = WordIndex(words)
        _index_cache.put(key, index)
    return index


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
                hit = _word_index(words).match_whole(f, self.config.min_word_length)
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
