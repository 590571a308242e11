"""The zxcvbn adapter: zxcvbn's results where it can, bounded cost, no shared state."""

from __future__ import annotations

import json
import math
import random
import string
import sys
import threading
import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from zxcvbn import matching as zx_matching
from zxcvbn import scoring as zx_scoring
from zxcvbn import zxcvbn

from bouncer import strength as adapter
from bouncer.strength import MAX_L33T_SUBS, MAX_PIECES, WINDOW, estimate

L33T = "4@8({[<3691!|70$5+%2"
PRINTABLE = string.ascii_letters + string.digits + string.punctuation
# Samba kills a password script after 10 s: the one deadline a real caller imposes.
CALLER_DEADLINE_S = 10.0


def random_string(n: int, alphabet: str = PRINTABLE, seed: int = 7) -> str:
    rng = random.Random(seed + n)
    return "".join(rng.choice(alphabet) for _ in range(n))


def zxcvbn_log10(password: str, user_inputs: list[str]) -> tuple[int, float, str]:
    result = zxcvbn(password, user_inputs=user_inputs)
    return result["score"], float(Decimal(result["guesses"]).log10()), result["feedback"]["warning"]


SAME_AS_ZXCVBN = [
    "password1", "Tr0ub4dor&3", "correcthorsebatterystaple", "P@ssw0rd!", "qwertyuiop",
    "jdoe2016!", "Summer2016", "11/11/1991", "abcabcabc", "zzzzzzzz", "9753124680",
    "dragon-Monkey-42", "xK9#mP2$vL5@nQ8!", "Пароль2016", "日本語のパスワード", "johndoe",
    random_string(40), random_string(WINDOW, string.ascii_lowercase), (L33T * 2)[:24],
]

# Longer than one piece but within zxcvbn's own 72: scored in pieces, same score as zxcvbn.
SAME_SCORE_AS_ZXCVBN = [
    "correct horse battery staple and a purple elephant",
    "monkey12monkey12monkey12monkey12monkey12monkey12monkey12",
    "dragon-Monkey-42 dragon-Monkey-42 dragon-Monkey-42 dragon",
    "ilovejesusilovejesusilovejesus1234567890passwordpassword",
    random_string(60), "a" * 72,
]


@pytest.mark.parametrize("password", SAME_AS_ZXCVBN)
def test_matches_zxcvbn_up_to_72_characters(password: str) -> None:
    """Up to WINDOW code points, score, guesses and warning equal zxcvbn's."""
    inputs = ["jdoe", "john", "doe"]
    got = estimate(password, inputs)
    score, log10, warning = zxcvbn_log10(password, inputs)
    assert (got.score, got.warning) == (score, warning)
    assert got.guesses_log10 == pytest.approx(log10, abs=1e-5)
    assert got.scored_length == len(password)


@pytest.mark.parametrize("password", SAME_SCORE_AS_ZXCVBN)
def test_pieces_keep_zxcvbn_score(password: str) -> None:
    """Past WINDOW (up to zxcvbn's own limit of 72) the score still equals zxcvbn's."""
    assert len(password) > WINDOW
    assert estimate(password, ["jdoe"]).score == zxcvbn_log10(password, ["jdoe"])[0]


def test_matches_zxcvbn_on_real_passwords(xato_path: Path) -> None:
    """On a sample of a real leaked list, every score and guess count equals zxcvbn's."""
    lines = xato_path.read_text(encoding="utf-8", errors="replace").splitlines()
    sample = [p for p in random.Random(3).sample(lines, 400) if 0 < len(p) <= WINDOW]
    mismatches = [
        p for p in sample
        if (lambda got, want: (got.score, round(got.guesses_log10, 4)) != (want[0], round(want[1], 4)))(
            estimate(p, ["jdoe"]), zxcvbn_log10(p, ["jdoe"]))
    ]
    assert not mismatches, f"{len(mismatches)} of {len(sample)} differ"


def test_recent_years_are_guessable() -> None:
    """Years after zxcvbn's 2019 cut-off score like recent years, not as random digits."""
    assert estimate("Summer2024").guesses_log10 == pytest.approx(estimate("Summer2016").guesses_log10)
    assert estimate("Summer2024").guesses_log10 < zxcvbn_log10("Summer2024", [])[1]


@pytest.mark.parametrize("length", [0, 1, 72, 73, 100, 500, 4096])
@pytest.mark.parametrize("content", ["random", "repeat", "l33t", "words"])
def test_any_length_returns_json_safe_numbers(length: int, content: str) -> None:
    """No input length raises, and the result is plain JSON with finite numbers."""
    text = {
        "random": random_string(length),
        "repeat": "a" * length,
        "l33t": (L33T * 300)[:length],
        "words": ("correct horse battery staple " * 200)[:length],
    }[content]
    got = estimate(text, ["jdoe"])
    assert isinstance(got.score, int) and 0 <= got.score <= 4
    assert type(got.guesses_log10) is float and math.isfinite(got.guesses_log10)
    json.dumps(got.to_dict(), allow_nan=False)
    assert 0 <= got.scored_length <= length


@pytest.mark.parametrize("length", [100, 1000, 4096])
def test_long_random_strings_stay_strong(length: int) -> None:
    """A long random string scores 4 however it is cut into pieces."""
    for seed in range(3):
        assert estimate(random_string(length, seed=seed)).score == 4


@pytest.mark.parametrize("text", [
    "a" * 4096, "ab" * 2048, ("abc" * 2000)[:4096], ("password" * 600)[:4096],
    ("qwerty" * 700)[:4096], ("P@ssw0rd!" * 20), ("1234567890" * 10),
])
def test_long_repeated_patterns_stay_weak(text: str) -> None:
    """A long input that repeats one short pattern stays below score 3."""
    assert estimate(text).score <= 2


def test_user_inputs_lower_the_score() -> None:
    """A password built from a user input is weak with that input and strong without it."""
    assert estimate("qzvkxwjbtrml", ["qzvkxwjbtrml"]).score == 0
    assert estimate("qzvkxwjbtrml").score >= 3


def test_zxcvbn_globals_are_neither_read_nor_written() -> None:
    """User inputs left in zxcvbn's global table by another caller do not leak in, and none are left."""
    before = dict(zx_matching.RANKED_DICTIONARIES)
    zx_matching.RANKED_DICTIONARIES["user_inputs"] = {"qzvkxwjbtrml": 1}
    try:
        assert estimate("qzvkxwjbtrml").score >= 3
        estimate("anything", ["other"])
        assert zx_matching.RANKED_DICTIONARIES["user_inputs"] == {"qzvkxwjbtrml": 1}
    finally:
        zx_matching.RANKED_DICTIONARIES.clear()
        zx_matching.RANKED_DICTIONARIES.update(before)


def race_errors(score: Callable[[str, list[str]], object], rounds: int = 25) -> int:
    """Wrong answers when 16 threads at once score their own user name with it as user input.

    Each password is a random string that is weak only with its own user name as
    a user input; scored with another thread's inputs (the race zxcvbn's global
    table allows) it comes out strong, so the answer differs from the serial one.
    A tiny switch interval makes threads interleave inside every call.
    """
    names = [random_string(12, string.ascii_lowercase, seed=i) for i in range(16)]
    expected = {n: score(n, [n]) for n in names}
    barrier = threading.Barrier(len(names))
    wrong: list[str] = []

    def worker(name: str) -> None:
        barrier.wait()
        for _ in range(rounds):
            if score(name, [name]) != expected[name]:
                wrong.append(name)

    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    try:
        threads = [threading.Thread(target=worker, args=(n,)) for n in names]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    finally:
        sys.setswitchinterval(interval)
    return len(wrong)


def test_threads_never_see_each_others_user_inputs() -> None:
    """Concurrent calls with different user inputs each get exactly their serial result."""
    names = [random_string(12, string.ascii_lowercase, seed=i) for i in range(3)]
    assert all(estimate(n, [n]).score == 0 for n in names)
    assert all(estimate(n, [o]).score >= 3 for n, o in zip(names, names[1:], strict=False))
    assert race_errors(estimate) == 0


def test_race_harness_catches_plain_zxcvbn() -> None:
    """The same harness finds wrong answers when zxcvbn is called directly (so it can fail)."""

    def plain(password: str, user_inputs: list[str]) -> int:
        return int(zxcvbn(password, user_inputs=user_inputs)["score"])

    try:
        assert any(race_errors(plain) for _ in range(3))
    finally:
        zx_matching.RANKED_DICTIONARIES.pop("user_inputs", None)  # what plain zxcvbn leaves behind


def test_result_holds_no_part_of_the_password() -> None:
    """Neither the fields nor the repr of the result quote the password."""
    secret = "Zebra" + "Quokka" + "7731"
    got = estimate(secret, ["jdoe"])
    text = repr(got) + json.dumps(got.to_dict())
    for fragment in ("Zebra", "zebra", "Quokka", "quokka", "7731"):
        assert fragment not in text


def test_l33t_substitutions_are_bounded() -> None:
    """A string of every l33t symbol gets a handful of substitution maps, not zxcvbn's hundreds."""
    table = zx_matching.relevant_l33t_subtable(L33T, zx_matching.L33T_TABLE)
    assert len(zx_matching.enumerate_l33t_subs(table)) > 100  # what zxcvbn would try
    assert len(adapter._l33t_subs(L33T)) <= MAX_L33T_SUBS


@pytest.mark.parametrize("text", [
    "".join(ch * 32 for ch in string.ascii_letters + string.digits)[:4096],
    (L33T * 300)[:4096], random_string(4096, L33T), "a" * 4096,
])
def test_pieces_scored_per_input_are_bounded(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """However long the input, zxcvbn's sequence search runs on at most MAX_PIECES top-level pieces."""
    pieces: list[int] = []
    real = adapter._score_piece

    def counting(matcher: object, piece: str) -> object:
        pieces.append(len(piece))
        return real(matcher, piece)  # type: ignore[arg-type]

    monkeypatch.setattr(adapter, "_score_piece", counting)
    estimate(text)
    assert 1 <= len(pieces) <= MAX_PIECES
    assert max(pieces) <= adapter.PIECE


def test_worst_cases_finish_within_a_callers_deadline() -> None:
    """Every crafted worst case together finishes well inside Samba's 10 s limit."""
    cases = [(L33T * 4)[:n] for n in (16, 32, 48, 64, 72)]
    cases += [random_string(4096), "a" * 4096, random_string(4096, L33T), "İ" * 4096]
    started = time.monotonic()
    for text in cases:
        estimate(text, ["jdoe", "john.doe@example.com"])
    assert time.monotonic() - started < CALLER_DEADLINE_S


def test_sequence_search_still_comes_from_zxcvbn() -> None:
    """The adapter keeps zxcvbn's own scoring: a lone dictionary word is its rank plus one guess."""
    rank = zx_matching.RANKED_DICTIONARIES["passwords"]["password"]
    # zxcvbn's sequence metric is l! * product(guesses) + 10000 ** (l - 1); here l = 1.
    assert estimate("password").guesses_log10 == pytest.approx(math.log10(rank + 1))
    assert adapter.zx_scoring is zx_scoring


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=300))
def test_any_string_gets_a_strength(text: str) -> None:
    """Any Unicode string (case-changing letters like İ included) returns a valid strength."""
    got = estimate(text, ["jdoe"])
    assert 0 <= got.score <= 4 and math.isfinite(got.guesses_log10)
