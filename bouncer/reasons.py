"""The closed set of reason codes: one table, each code with a message and a help text.

Codes are public API (JSON `code`, CLI output, metric label, translation key).
Messages state a finding and help texts state a requirement; both are
`str.format` templates filled from the finding's params, which never contain
the password or any part of it. Adding a code means adding a row here and to
tests/snapshots/reason_codes.txt; renaming one breaks clients, so don't.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

__all__ = ["Reason", "REASON_TEXTS", "render_message", "render_help"]


class Reason(StrEnum):
    # Engine-level: input handling and faults.
    TOO_LONG = "too_long"
    CONTROL_CHARACTER = "control_character"
    CHECK_FAILED = "check_failed"
    # length
    TOO_SHORT = "too_short"
    # composition
    TOO_FEW_CLASSES = "too_few_classes"
    MISSING_CLASS = "missing_class"
    # repetition
    REPEATED_CHARACTERS = "repeated_characters"
    SEQUENCE = "sequence"
    # context words
    CONTAINS_USERNAME = "contains_username"
    CONTAINS_EMAIL = "contains_email"
    CONTAINS_DISPLAY_NAME = "contains_display_name"
    CONTAINS_CONTEXT_WORD = "contains_context_word"
    # banned words and common passwords
    BANNED_WORD = "banned_word"
    CONTAINS_BANNED_WORDS = "contains_banned_words"
    COMMON_PASSWORD = "common_password"
    # regex
    PATTERN_REQUIRED = "pattern_required"
    PATTERN_FORBIDDEN = "pattern_forbidden"
    # previous password
    SAME_AS_PREVIOUS = "same_as_previous"
    SIMILAR_TO_PREVIOUS = "similar_to_previous"
    # strength
    TOO_GUESSABLE = "too_guessable"
    # breach filters
    BREACHED = "breached"


# code -> (message template, help template)
REASON_TEXTS: dict[Reason, tuple[str, str]] = {
    Reason.TOO_LONG: (
        "The password is longer than {max_length} characters.",
        "Use at most {max_length} characters.",
    ),
    Reason.CONTROL_CHARACTER: (
        "The password contains a control character (such as NUL, tab or a line break).",
        "Use only printable characters and spaces.",
    ),
    Reason.CHECK_FAILED: (
        "The password could not be checked; please try again later.",
        "The password must pass every check.",
    ),
    Reason.TOO_SHORT: (
        "The password is shorter than {min_length} characters.",
        "Use at least {min_length} characters.",
    ),
    Reason.TOO_FEW_CLASSES: (
        "The password uses {classes} kinds of characters; at least {min_classes} are needed"
        " at this length.",
        "Use at least {min_classes} of these kinds of characters: {class_names}.",
    ),
    Reason.MISSING_CLASS: (
        "The password has no {class_name}.",
        "Include at least one {class_name}.",
    ),
    Reason.REPEATED_CHARACTERS: (
        "The password repeats the same character more than {max_repeat} times in a row.",
        "Do not repeat a character more than {max_repeat} times in a row.",
    ),
    Reason.SEQUENCE: (
        "The password contains a {kind} sequence of {length} or more characters.",
        "Avoid sequences such as abcd, 1234 or qwerty ({length} or more characters).",
    ),
    Reason.CONTAINS_USERNAME: (
        "The password contains your username.",
        "Do not use your username, even reversed or with letters swapped for symbols.",
    ),
    Reason.CONTAINS_EMAIL: (
        "The password contains part of your email address.",
        "Do not use your email address or its parts.",
    ),
    Reason.CONTAINS_DISPLAY_NAME: (
        "The password contains part of your name.",
        "Do not use your name or parts of it.",
    ),
    Reason.CONTAINS_CONTEXT_WORD: (
        "The password contains a word related to you or this service.",
        "Do not use words related to you, your organisation or this service.",
    ),
    Reason.BANNED_WORD: (
        "The password is a banned word with small changes.",
        "Do not base the password on a banned word such as the organisation's name.",
    ),
    Reason.CONTAINS_BANNED_WORDS: (
        "The password is built mostly from banned words ({points} of {min_points} points).",
        "Do not build the password mainly from banned words; add more of your own.",
    ),
    Reason.COMMON_PASSWORD: (
        "This is a commonly used password, or a small variation of one.",
        "Do not use a common password or a small variation of one.",
    ),
    Reason.PATTERN_REQUIRED: (
        "The password does not meet this requirement: {description}.",
        "{description}.",
    ),
    Reason.PATTERN_FORBIDDEN: (
        "The password matches a forbidden pattern: {description}.",
        "Avoid this pattern: {description}.",
    ),
    Reason.SAME_AS_PREVIOUS: (
        "The password is the same as your previous one.",
        "Do not reuse your previous password.",
    ),
    Reason.SIMILAR_TO_PREVIOUS: (
        "The password is too similar to your previous one.",
        "Choose a password that is not a small change of your previous one.",
    ),
    Reason.TOO_GUESSABLE: (
        "The password is too easy to guess (strength {score} of 4; at least {min_score} is needed).",
        "Choose a password with a strength score of at least {min_score} of 4.",
    ),
    Reason.BREACHED: (
        "This password appears in a list of breached passwords{times}.",
        "Do not use a password that appears in known data breaches.",
    ),
}


class _Defaults(dict[str, Any]):
    """Leave unknown placeholders empty rather than raising inside a check."""

    def __missing__(self, key: str) -> str:
        return ""


def render_message(code: Reason, params: dict[str, Any]) -> str:
    return REASON_TEXTS[code][0].format_map(_Defaults(params))


def render_help(code: Reason, params: dict[str, Any]) -> str:
    return REASON_TEXTS[code][1].format_map(_Defaults(params))
