from __future__ import annotations

import json
import unicodedata
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bouncer import Bouncer
from bouncer.candidate import Candidate
from bouncer.context import Context
from bouncer.errors import PolicyError
from bouncer.policy import parse_policy
from bouncer.rules.base import LoadContext
from bouncer.rules.common_passwords import CommonPasswordsConfig, CommonPasswordsRule


def found(password: str, policy_dir: Path | None = None, **options: Any) -> list[tuple[str, dict[str, Any]]]:
    rule = CommonPasswordsRule(CommonPasswordsConfig(**options), LoadContext(policy_dir))
    result = rule.check(Candidate(password), Context())
    return [] if result is None else [(str(f.code), f.params) for f in result.violations]


ZXCVBN = [("common_password", {"list": "zxcvbn"})]


@pytest.mark.parametrize(
    "password", ["P@ssw0rd2024", "Summer2024!", "password", "123456", "qwerty", "L3tm31n!"]
)
def test_issue_examples_and_variants(password: str) -> None:
    """Common passwords and their leet/stripped variants are common_password from zxcvbn's list."""
    assert found(password) == ZXCVBN


@pytest.mark.parametrize(
    "password", ["correct horse battery staple", "7xK#mq2!pL9zR4", "Tr0ub4dor&3-horse", "98123456"]
)
def test_strong_or_unlisted_passwords_pass(password: str) -> None:
    """Passwords that are not a (stripped, leet) list entry pass."""
    assert found(password) == []


def test_normalise_off_matches_exactly() -> None:
    """With normalise = false only the folded password itself is compared."""
    assert found("PASSWORD", normalise=False) == ZXCVBN
    assert found("P@ssw0rd2024", normalise=False) == []


def test_min_length_limits_stripped_cores(tmp_path: Path) -> None:
    """A stripped core shorter than min_length is not matched; the whole password still is."""
    (tmp_path / "short.txt").write_text("abc\n", encoding="utf-8")
    assert found("abc12", tmp_path, sources=["short.txt"]) == []
    assert found("abc12", tmp_path, sources=["short.txt"], min_length=3) == [
        ("common_password", {"list": "short.txt"})
    ]
    assert found("ABC", tmp_path, sources=["short.txt"]) == [("common_password", {"list": "short.txt"})]


def test_file_sources_name_the_list(tmp_path: Path) -> None:
    """A file source reports its name as written in the policy."""
    (tmp_path / "ours.txt").write_text("\ufeffquokkazz\r\n", encoding="utf-8")
    assert found("Qu0kk@zz22!!", tmp_path, sources=["zxcvbn", "ours.txt"]) == [
        ("common_password", {"list": "ours.txt"})
    ]


def test_unknown_source_is_a_policy_error(tmp_path: Path) -> None:
    """A source that is neither zxcvbn nor a file fails at load."""
    with pytest.raises(PolicyError, match="not found"):
        found("x", tmp_path, sources=["nope.txt"])


def test_lists_are_not_reread_per_check(monkeypatch: pytest.MonkeyPatch) -> None:
    """Checks use the index built at load: reading the list again during a check fails the test."""
    rule = CommonPasswordsRule(CommonPasswordsConfig(), LoadContext())

    def boom() -> list[str]:
        raise AssertionError("list re-read during a check")

    monkeypatch.setattr("bouncer.wordlists.zxcvbn_passwords", boom)
    assert rule.check(Candidate("P@ssw0rd2024"), Context()) is not None
    CommonPasswordsRule(CommonPasswordsConfig(), LoadContext())  # cached per process too


def test_help_text() -> None:
    """The help text is a requirement."""
    rule = CommonPasswordsRule(CommonPasswordsConfig(), LoadContext())
    assert rule.help_texts() == ["Do not use a common password or a small variation of one."]


def test_xato_sample_is_mostly_caught(xato_path: Path) -> None:
    """At least 3/4 of the top of a real leaked list (length >= 8) is caught by zxcvbn's passwords list alone.

    Measured 337 of 416: zxcvbn keeps names and English words (jennifer, december)
    in its other dictionaries, which the strength rule uses, not in `passwords`.
    """
    lines = xato_path.read_bytes().decode("utf-8", "replace").splitlines()[:2000]
    sample = [w.strip() for w in lines if len(w.strip()) >= 8][:500]
    rule = CommonPasswordsRule(CommonPasswordsConfig(), LoadContext())
    caught = sum(rule.check(Candidate(w), Context()) is not None for w in sample)
    assert caught / len(sample) >= 0.75


@given(st.text(min_size=1, max_size=30))
def test_property_verdict_never_contains_the_password(text: str) -> None:
    """Findings name only the source; NFC and NFD spellings agree."""
    bouncer = Bouncer(parse_policy({"name": "t", "rules": [{"type": "common_passwords"}]}))
    password = text + "~"
    verdict = bouncer.check(password)
    assert "check_failed" not in verdict.codes  # any string gets a real verdict
    assert password not in json.dumps(verdict.to_dict(), ensure_ascii=False)
    assert all(f.params == {"list": "zxcvbn"} for f in verdict.violations if f.rule == "common_passwords")
    assert verdict.codes == bouncer.check(unicodedata.normalize("NFD", password)).codes


def test_concurrent_checks_agree_with_sequential_ones() -> None:
    """The shared, cached indexes give the same answers when many threads check at once."""
    from concurrent.futures import ThreadPoolExecutor

    policy = parse_policy(
        {
            "name": "t",
            "rules": [
                {"type": "common_passwords"},
                {"type": "banned_words", "files": ["banned-words.txt"], "tokens": True, "edit_distance": 1},
                {"type": "context_words"},
            ],
        }
    )
    bouncer = Bouncer(policy)
    cases = [
        (f"{w}{i}!", {"username": f"user{w}"})
        for i, w in enumerate(["P@ssw0rd", "Summ3r", "xq7#Lm", "jdoe"] * 50)
    ]
    expected = [bouncer.check(p, c).codes for p, c in cases]
    with ThreadPoolExecutor(max_workers=8) as pool:
        got = list(pool.map(lambda case: bouncer.check(*case).codes, cases))
    assert got == expected
