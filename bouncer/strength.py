"""The zxcvbn adapter: the only module that imports zxcvbn's matching and scoring.

zxcvbn 4.5.0 as shipped cannot be called directly from a server:

- it raises ValueError past 72 characters, and its cost grows much faster than
  the length (the l33t matcher runs one dictionary pass per combination of
  substitutions: 736 passes for a 20-character string of l33t symbols);
- it keeps the caller's user inputs in the module-global
  `matching.RANKED_DICTIONARIES['user_inputs']`, so concurrent calls can be
  scored with each other's user names;
- its result holds the plaintext password and Decimal numbers.

This module keeps zxcvbn's scoring (`most_guessable_match_sequence`, the
spatial, sequence, date and regex matchers, the score thresholds and the
feedback texts) and replaces only the three matchers that read global state or
explode: dictionary (one merged lookup table; user inputs passed per call, so
no global is written and no lock is needed), l33t (a bounded set of
substitution maps) and repeat (recursion through the bounded matchers).

Inputs of up to WINDOW code points are scored in one piece, as zxcvbn would.
Longer inputs are parsed by `bouncer.strength_parse` into new pieces of at most
PIECE code points and copies of earlier text; new pieces are scored by zxcvbn
and their guesses multiply (log10 guesses add), copies count as repeats, and
scoring stops once the total is far past the top score, or after MAX_PIECES
new pieces. No lock: calls share only read-only tables, so threads never wait
on each other (the GIL still serialises the pure-Python work).
See docs/rules-strength.md for the honest limits.
"""

from __future__ import annotations

import gettext
import math
import re
from collections.abc import Iterable, Sequence
from decimal import Decimal
from functools import lru_cache
from itertools import product
from typing import Any

from zxcvbn import feedback as zx_feedback
from zxcvbn import matching as zx_matching
from zxcvbn import scoring as zx_scoring
from zxcvbn import time_estimates as zx_time

from bouncer.strength_parse import segments
from bouncer.verdict import Strength

# zxcvbn's feedback calls gettext.gettext per message, which searches the locale
# directories (a dozen stat() calls) every time: ~13 % of a whole check. The translation
# of a message does not change while the process runs, so look each one up once.
zx_feedback._ = lru_cache(maxsize=256)(gettext.gettext)

__all__ = ["estimate", "WINDOW", "PIECE", "STOP_LOG10", "MAX_PIECES", "MAX_L33T_SUBS"]

# Inputs up to this many code points are scored in one piece, exactly as zxcvbn
# scores them. zxcvbn's search over match sequences grows with the square of the
# length: a 48-character piece costs up to ~7-15 ms on the 2-core build machine, a
# 72-character one (zxcvbn's own max_length) 20-45 ms, past the worst-case budget
# of 50x a typical check (~0.5 ms).
WINDOW = 48
# Longer inputs are scored in pieces of at most this many code points: long enough to
# hold several words of a passphrase, short enough that a piece costs ~3 ms at worst.
PIECE = 32
# zxcvbn's score is 4 from 1e10 guesses on; past 1e12 more pieces cannot change the
# score, so longer inputs stop being scored there (guesses_log10 is then a lower bound).
STOP_LOG10 = 12.0
# Hard bound on the new pieces zxcvbn scores per long input, so any input costs at
# most six ~3 ms pieces plus a few str.find calls per copy. A new 32-character piece
# is worth at least ~10^2.5 guesses (a run of one letter), so honest long inputs
# reach STOP_LOG10 first; if not, the remainder counts for nothing (a lower bound).
MAX_PIECES = 6
# zxcvbn tries every combination of one l33t character per letter (up to 736 dictionary
# passes). Up to this many combinations we use zxcvbn's own list (identical results);
# above it, one map per reading of the ambiguous characters (1, |, 7: at most 8).
MAX_L33T_SUBS = 16
# A piece boundary may move this far back from an even split (or forward up to PIECE)
# to fall after a space or symbol, or between letters and digits, so words stay whole.
BOUNDARY_SLACK = 10
# User inputs longer than this cannot be typed inside a bounded piece anyway.
MAX_USER_INPUT = 128

# zxcvbn's recent_year regex stops at 2019 (REFERENCE_YEAR = 2017); years up to its
# DATE_MAX_YEAR are just as guessable. REFERENCE_YEAR itself is left alone: its
# MIN_YEAR_SPACE of 20 already covers 1997-2037.
_REGEXEN = {"recent_year": re.compile(r"19\d\d|20[0-4]\d|2050")}


def _merge_frequency_lists() -> tuple[dict[str, tuple[tuple[str, int], ...]], int]:
    """One lookup per substring instead of one per list; order kept as zxcvbn iterates."""
    names = tuple(name for name in zx_matching.RANKED_DICTIONARIES if name != "user_inputs")
    merged: dict[str, list[tuple[str, int]]] = {}
    for name in names:
        for word, rank in zx_matching.RANKED_DICTIONARIES[name].items():
            merged.setdefault(word, []).append((name, rank))
    longest = max(len(word) for word in merged)
    return {w: tuple(hits) for w, hits in merged.items()}, longest


_WORDS, _LONGEST_WORD = _merge_frequency_lists()


def _lower(text: str) -> str:
    """Lower-case without changing length (str.lower turns 'İ' into two code points)."""
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in text)


class _Matcher:
    """zxcvbn's omnimatch for one call, with this call's user inputs and bounded costs."""

    def __init__(self, user_inputs: Sequence[str]) -> None:
        # Ranked by position as zxcvbn ranks them (a repeated word keeps its last rank).
        self.user: dict[str, int] = {
            _lower(word): rank
            for rank, word in enumerate(user_inputs, 1)
            if word and len(word) <= MAX_USER_INPUT
        }
        self.longest = max([_LONGEST_WORD, *map(len, self.user)])

    def dictionary(self, text: str) -> list[dict[str, Any]]:
        lower = _lower(text)
        n = len(lower)
        found: list[dict[str, Any]] = []
        for i in range(n):
            for j in range(i, min(n, i + self.longest)):
                word = lower[i : j + 1]
                hits = _WORDS.get(word, ())
                user_rank = self.user.get(word)
                if user_rank is not None:
                    hits = (*hits, ("user_inputs", user_rank))
                for name, rank in hits:
                    found.append({
                        "pattern": "dictionary", "i": i, "j": j, "token": text[i : j + 1],
                        "matched_word": word, "rank": rank, "dictionary_name": name,
                        "reversed": False, "l33t": False,
                    })
        return found

    def reverse_dictionary(self, text: str) -> list[dict[str, Any]]:
        last = len(text) - 1
        found = self.dictionary(text[::-1])
        for m in found:
            m["token"] = m["token"][::-1]
            m["reversed"] = True
            m["i"], m["j"] = last - m["j"], last - m["i"]
        found.sort(key=lambda m: (m["i"], m["j"]))
        return found

    def l33t(self, text: str) -> list[dict[str, Any]]:
        found: list[dict[str, Any]] = []
        for sub in _l33t_subs(text):
            for m in self.dictionary(text.translate({ord(k): v for k, v in sub.items()})):
                token = text[m["i"] : m["j"] + 1]
                if len(token) < 2 or _lower(token) == m["matched_word"]:
                    continue  # only matches that really use a substitution
                used = {k: v for k, v in sub.items() if k in token}
                m.update(token=token, l33t=True, sub=used,
                         sub_display=", ".join(f"{k} -> {v}" for k, v in used.items()))
                found.append(m)
        found.sort(key=lambda m: (m["i"], m["j"]))
        return found

    def repeat(self, text: str) -> list[dict[str, Any]]:
        """Repeated blocks (aaa, abcabc); the block is scored with these same bounded matchers."""
        found: list[dict[str, Any]] = []
        pos = 0
        while pos < len(text):
            greedy = _GREEDY_REPEAT.search(text, pos)
            if greedy is None:
                break
            lazy = _LAZY_REPEAT.search(text, pos)
            assert lazy is not None  # a greedy repeat implies a lazy one
            if len(greedy.group(0)) > len(lazy.group(0)):
                whole = greedy
                shortest = _ANCHORED_REPEAT.search(whole.group(0))
                base = shortest.group(1) if shortest else whole.group(1)
            else:
                whole, base = lazy, lazy.group(1)
            analysis = zx_scoring.most_guessable_match_sequence(base, self.omnimatch(base))
            found.append({
                "pattern": "repeat", "i": whole.start(), "j": whole.end() - 1,
                "token": whole.group(0), "base_token": base,
                "base_guesses": analysis["guesses"], "base_matches": analysis["sequence"],
                "repeat_count": len(whole.group(0)) / len(base),
            })
            pos = whole.end()
        return found

    def omnimatch(self, text: str) -> list[dict[str, Any]]:
        matches = [
            *self.dictionary(text), *self.reverse_dictionary(text), *self.l33t(text),
            *zx_matching.spatial_match(text), *self.repeat(text),
            *zx_matching.sequence_match(text), *zx_matching.regex_match(text, _regexen=_REGEXEN),
            *zx_matching.date_match(text),
        ]
        matches.sort(key=lambda m: (m["i"], m["j"]))
        return matches


_GREEDY_REPEAT = re.compile(r"(.+)\1+", re.DOTALL)
_LAZY_REPEAT = re.compile(r"(.+?)\1+", re.DOTALL)
_ANCHORED_REPEAT = re.compile(r"^(.+?)\1+$", re.DOTALL)


def _l33t_subs(text: str) -> list[dict[str, str]]:
    """Substitution maps to try: zxcvbn's own when few, else one per reading of ambiguous chars."""
    table: dict[str, list[str]] = zx_matching.relevant_l33t_subtable(text, zx_matching.L33T_TABLE)
    if not table:
        return []
    if math.prod(len(subs) for subs in table.values()) <= MAX_L33T_SUBS:
        return [s for s in zx_matching.enumerate_l33t_subs(table) if s]
    # Merged maps: every l33t character present is substituted at once; a character
    # standing for several letters (1 -> i or l) gets one map per choice.
    readings: dict[str, list[str]] = {}
    for letter, subs in table.items():
        for char in subs:
            readings.setdefault(char, []).append(letter)
    chars = sorted(readings)
    return [dict(zip(chars, choice, strict=True)) for choice in product(*(readings[c] for c in chars))]


def _log10(guesses: Any) -> float:
    """log10 of zxcvbn's guesses (int, float or Decimal, possibly past float range)."""
    value = float(Decimal(guesses).log10()) if guesses > 0 else 0.0
    return value if math.isfinite(value) else 0.0


def _score_piece(matcher: _Matcher, piece: str) -> tuple[float, int, list[dict[str, Any]]]:
    result = zx_scoring.most_guessable_match_sequence(piece, matcher.omnimatch(piece))
    guesses = result["guesses"]
    return _log10(guesses), zx_time.guesses_to_score(guesses), result["sequence"]


def estimate(password: str, user_inputs: Iterable[str] = ()) -> Strength:
    """Estimate how guessable a password is, with bounded cost and no shared state.

    Args:
        password: The password (callers pass the NFC form). Any length is accepted.
        user_inputs: Words the password should not be built from (user name, email
            parts, ...), most specific first: zxcvbn ranks the first as most guessable.

    Returns:
        The score (0-4), log10 of the estimated guesses (a finite float; a lower bound
        when `scored_length` is less than the length) and zxcvbn's feedback texts.
        Neither the password nor any part of it is in the result.
    """
    if not password:
        return Strength(score=0, guesses_log10=0.0, warning="", suggestions=(), scored_length=0)
    matcher = _Matcher(list(user_inputs))
    if len(password) <= WINDOW:
        log10, score, sequence = _score_piece(matcher, password)
        return _strength(score, log10, sequence, len(password))
    log10, sequence, scored = _score_long(matcher, password)
    score = zx_time.guesses_to_score(10.0 ** min(log10, 300.0))
    return _strength(score, log10, sequence, scored)


def _score_long(matcher: _Matcher, text: str) -> tuple[float, list[dict[str, Any]], int]:
    """log10 guesses, match sequence (for feedback) and code points scored, for a long input.

    New pieces are scored by zxcvbn and their guesses multiply. A copy that
    continues a repeating unit multiplies by the repeat count, as zxcvbn's repeat
    pattern does (the unit was paid for when it first appeared); a copy of a
    distant stretch multiplies by its distance and length.
    """
    total = 0.0
    scored = 0
    novel = 0
    sequence: list[dict[str, Any]] = []
    for seg in segments(text, PIECE, BOUNDARY_SLACK):
        if seg.is_copy:
            length, distance = seg.end - seg.start, seg.start - seg.source
            if distance <= length:  # continues a repeating unit: zxcvbn's repeat count
                total += math.log10((length + distance) / distance)
            else:  # repeats a distant earlier stretch: guess where it starts and its length
                total += math.log10(distance) + math.log10(length)
            # For zxcvbn's feedback ("Repeats like ... are easy to guess"), never returned.
            sequence.append({"pattern": "repeat", "i": seg.start, "j": seg.end - 1,
                             "token": text[seg.start : seg.end],
                             "base_token": text[seg.source : seg.start]})
        else:
            if novel == MAX_PIECES:
                break
            log10, _, piece_sequence = _score_piece(matcher, text[seg.start : seg.end])
            total += log10
            novel += 1
            sequence.extend(piece_sequence)
        scored = seg.end
        if total >= STOP_LOG10:
            break
    return total, sequence, scored


def _strength(score: int, log10: float, sequence: list[dict[str, Any]], scored: int) -> Strength:
    # Feedback is computed from the match sequence only; its texts never quote tokens.
    advice = zx_feedback.get_feedback(score, sequence)
    return Strength(
        score=int(score),
        guesses_log10=round(log10, 6),
        warning=str(advice.get("warning") or ""),
        suggestions=tuple(str(s) for s in advice.get("suggestions", ())),
        scored_length=scored,
    )
