from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bouncer import Bouncer
from bouncer.candidate import Candidate
from bouncer.context import Context
from bouncer.errors import PolicyError
from bouncer.policy import load_policy, parse_policy
from bouncer.rules.banned_words import BannedWordsConfig, BannedWordsRule
from bouncer.rules.base import LoadContext

ENTRA = {"words": ["contoso", "blank"]}


def found(password: str, policy_dir: Path | None = None, **options: Any) -> list[tuple[str, dict[str, Any]]]:
    rule = BannedWordsRule(BannedWordsConfig(**options), LoadContext(policy_dir))
    result = rule.check(Candidate(password), Context())
    return [] if result is None else [(str(f.code), f.params) for f in result.violations]


def test_issue_example_summer2024_with_the_bundled_list() -> None:
    """Summer2024! is banned_word with the bundled banned-words.txt."""
    assert found("Summer2024!", files=["banned-words.txt"]) == [("banned_word", {"list": "banned"})]


@pytest.mark.parametrize("password", ["contoso", "C0nt0s0", "!!C0ntoso2024", "c o n t o s o", "@ctive99"])
def test_whole_match_after_normalisation(password: str) -> None:
    """Case, leet, spaces and leading/trailing digits and symbols do not hide a banned word."""
    assert found(password, words=["contoso", "active"]) == [("banned_word", {"list": "banned"})]


@pytest.mark.parametrize("password", ["contosos-are-great", "xcontoso", "blank-contoso"])
def test_whole_mode_ignores_words_inside(password: str) -> None:
    """Whole matching does not reject a banned word surrounded by letters."""
    assert found(password, **ENTRA) == []


def test_edit_distance_one() -> None:
    """With edit_distance = 1, one change away from a banned word is still banned."""
    for password in ("c0ntosa", "contosso", "contso2024"):
        assert found(password, words=["contoso"]) == []
        assert found(password, words=["contoso"], edit_distance=1) == [("banned_word", {"list": "banned"})]
    assert found("cantasa", words=["contoso"], edit_distance=1) == []


def test_entra_points_examples() -> None:
    """Entra's examples: C0ntos0Blank12 (4 points) is rejected, ContoS0Bl@nkf9! (5 points) accepted."""
    assert found("C0ntos0Blank12", tokens=True, whole=False, **ENTRA) == [
        ("contains_banned_words", {"points": 4, "min_points": 5})
    ]
    assert found("ContoS0Bl@nkf9!", tokens=True, whole=False, **ENTRA) == []


def test_tokens_need_a_banned_word() -> None:
    """A short password with no banned word is left to the length rule, not reported as tokens."""
    assert found("xyz", tokens=True, whole=False, **ENTRA) == []


def test_min_points_is_configurable() -> None:
    """A higher min_points rejects more."""
    assert found("ContoS0Bl@nkf9!", tokens=True, whole=False, min_points=6, **ENTRA) == [
        ("contains_banned_words", {"points": 5, "min_points": 6})
    ]


def test_short_words_are_ignored() -> None:
    """Words shorter than min_word_length are dropped from the list."""
    assert found("abc", words=["abc", "contoso"]) == []
    assert found("abc", words=["abc"], min_word_length=3) == [("banned_word", {"list": "banned"})]


def test_files_relative_to_the_policy_file(tmp_path: Path) -> None:
    """A list file is found relative to the policy file, through load_policy and the engine."""
    (tmp_path / "lists").mkdir()
    (tmp_path / "lists" / "ours.txt").write_text("# ours\r\nroadrunner\r\n", encoding="utf-8")
    (tmp_path / "p.toml").write_text(
        'name = "t"\n[[rules]]\ntype = "banned_words"\nfiles = ["lists/ours.txt"]\n', encoding="utf-8"
    )
    verdict = Bouncer(load_policy(tmp_path / "p.toml")).check("R0adRunner!1")
    assert verdict.codes == ("banned_word",)


def test_missing_file_is_a_policy_error(tmp_path: Path) -> None:
    """A list that does not exist fails when the policy loads, not during a check."""
    with pytest.raises(PolicyError, match="not found"):
        found("x", policy_dir=tmp_path, files=["missing.txt"])


@pytest.mark.parametrize(
    "options",
    [{"words": ["x" * 5], "whole": False}, {}, {"words": ["abcde"], "edit_distance": 2}, {"words": ["ab"]}],
)
def test_invalid_options(options: dict[str, Any]) -> None:
    """Nothing to match, nothing to do, or an unsupported edit distance is a policy error."""
    with pytest.raises(PolicyError):
        Bouncer(parse_policy({"name": "t", "rules": [{"type": "banned_words", **options}]}))


def test_help_texts() -> None:
    """Help texts state each enabled requirement."""
    rule = BannedWordsRule(BannedWordsConfig(tokens=True, **ENTRA), LoadContext())
    assert rule.help_texts() == [
        "Do not base the password on a banned word such as the organisation's name.",
        "Do not build the password mainly from banned words; add more of your own.",
    ]


@given(st.text(min_size=1, max_size=30))
def test_property_verdict_never_contains_the_password(text: str) -> None:
    """Findings carry only the list name or the points, never the password."""
    password = text + "~"
    rule = {"type": "banned_words", "files": ["banned-words.txt"], "words": [text], "tokens": True}
    verdict = Bouncer(parse_policy({"name": "t", "rules": [rule]})).check(password)
    assert "check_failed" not in verdict.codes  # any string gets a real verdict
    assert password not in json.dumps(verdict.to_dict(), ensure_ascii=False)
    for finding in verdict.violations:
        if finding.rule == "banned_words":
            assert finding.params in ({"list": "banned"},) or set(finding.params) == {"points", "min_points"}
