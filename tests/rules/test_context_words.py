from __future__ import annotations

import json
import random
import re
import string
import unicodedata
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bouncer import Bouncer
from bouncer.candidate import Candidate
from bouncer.context import Context
from bouncer.errors import PolicyError
from bouncer.normalize import LEET, leet_pattern, skeleton
from bouncer.policy import parse_policy
from bouncer.rules import context_words as context_words_module
from bouncer.rules.base import LoadContext
from bouncer.rules.context_words import (
    MAX_CANDIDATE_WORDS,
    ContextWordsConfig,
    ContextWordsRule,
    context_words,
)


def codes(password: str, ctx: dict[str, Any], **options: Any) -> list[tuple[str, dict[str, Any]]]:
    rule = ContextWordsRule(ContextWordsConfig(**options), LoadContext())
    result = rule.check(Candidate(password), Context.from_dict(ctx))
    return [] if result is None else [(str(f.code), f.params) for f in result.violations]


@pytest.mark.parametrize("match", ["substring", "whole"])
def test_issue_example_jdoe2024(match: str) -> None:
    """jdoe2024! with username jdoe is contains_username in both match modes."""
    assert codes("jdoe2024!", {"username": "jdoe"}, match=match) == [
        ("contains_username", {"field": "username"})
    ]


@pytest.mark.parametrize(
    ("password", "ctx", "code", "field"),
    [
        ("myjdoepass", {"username": "JDoe"}, "contains_username", "username"),
        ("Acme2024rocks", {"email": "jdoe@acme-corp.com"}, "contains_email", "email"),
        ("xxacmecorpxx", {"email": "jdoe@acme-corp.com"}, "contains_email", "email"),
        ("happy-johnny", {"display_name": "John Doe"}, "contains_display_name", "display_name"),
        ("welcome-payroll", {"words": ["payroll"]}, "contains_context_word", "words"),
    ],
)
def test_each_field_has_its_code(password: str, ctx: dict[str, Any], code: str, field: str) -> None:
    """Each context field reports its own code with params naming only the field."""
    assert codes(password, ctx) == [(code, {"field": field})]


def test_every_matching_field_is_reported() -> None:
    """A password built from several fields reports one finding per field."""
    found = codes("jdoe-acme-john", {"username": "jdoe", "email": "x@acme.com", "display_name": "John X"})
    assert [c for c, _ in found] == ["contains_username", "contains_email", "contains_display_name"]


@pytest.mark.parametrize("password", ["JDOE", "JD0E", "jd03", "eodj", "30DJ", "xx-3odj-xx"])
def test_case_leet_and_reversed_are_caught(password: str) -> None:
    """Case changes, leet spellings and the reversed word are caught as substrings."""
    assert codes(password, {"username": "jdoe"}) == [("contains_username", {"field": "username"})]


def test_two_letter_symbols() -> None:
    """Symbols that stand for two letters match either: 1 for i and l, 7 for t and l, 6 for g and b."""
    assert codes("xx6i11yy", {"username": "bill"})
    assert codes("7ina!!", {"username": "tina"})
    assert codes("61ue", {"display_name": "Glue Factory"})


def test_short_words_are_ignored() -> None:
    """Context words shorter than min_word_length are not matched (a 2-letter username)."""
    assert codes("jo-is-here", {"username": "jo"}) == []
    assert codes("jo-is-here", {"username": "jo"}, min_word_length=2)


def test_whole_mode_does_not_match_inside() -> None:
    """In whole mode the word must be the whole password after stripping digits and symbols."""
    ctx = {"username": "jdoe"}
    assert codes("@jdoe!!", ctx, match="whole")
    assert codes("e0dj99", ctx, match="whole")  # reversed, leet
    assert codes("xjdoe2024", ctx, match="whole") == []
    assert codes("xjdoe2024", ctx) != []


def test_fields_option_limits_the_fields() -> None:
    """Only the configured fields are checked."""
    ctx = {"username": "jdoe", "display_name": "John Doe"}
    assert [c for c, _ in codes("jdoejohn", ctx, fields=["display_name"])] == ["contains_display_name"]


def test_email_words() -> None:
    """Email gives the local part and domain labels without the TLD, generic labels or generic tokens."""
    words = context_words(Context(email="john.doe@mail.acme-corp.co.uk"), ["email"], 3)["email"]
    assert {"john.doe", "john", "doe", "acme-corp", "acmecorp", "acme"} <= set(words)
    assert not {"mail", "co", "uk", "corp", "proc"} & set(words)


def test_username_tokens_drop_digits_and_separators() -> None:
    """Usernames split into tokens: ACME\\jdoe42 gives acme and jdoe."""
    words = context_words(Context(username="ACME\\jdoe42"), ["username"], 3)["username"]
    assert {"acme\\jdoe42", "acme", "jdoe", "eodj"} <= set(words)


def test_no_context_passes() -> None:
    """Without context words nothing is reported."""
    assert codes("anything-at-all", {}) == []


def test_invalid_options_are_rejected() -> None:
    """Unknown fields or modes are a policy error naming the field."""
    with pytest.raises(PolicyError, match="match"):
        parse_policy({"name": "t", "rules": [{"type": "context_words", "match": "fuzzy"}]})
    with pytest.raises(PolicyError, match="fields"):
        parse_policy({"name": "t", "rules": [{"type": "context_words", "fields": ["phone"]}]})


def test_help_texts_name_each_field() -> None:
    """Help texts are requirements, one per configured field."""
    rule = ContextWordsRule(ContextWordsConfig(fields=["username", "words"]), LoadContext())
    assert rule.help_texts() == [
        "Do not use your username, even reversed or with letters swapped for symbols.",
        "Do not use words related to you, your organisation or this service.",
    ]


def test_through_the_engine() -> None:
    """The rule is registered and its findings reach the verdict."""
    bouncer = Bouncer(parse_policy({"name": "t", "rules": [{"type": "context_words", "match": "whole"}]}))
    verdict = bouncer.check("jdoe2024!", {"username": "jdoe"})
    assert verdict.codes == ("contains_username",)
    assert verdict.violations[0].params == {"field": "username"}


_SYMBOLS: dict[str, list[str]] = {}
for _sym, _letters in LEET.items():
    for _c in _letters:
        _SYMBOLS.setdefault(_c, []).append(_sym)

usernames = st.text("abcdefghijklmnopqrstuvwxyz", min_size=3, max_size=10)


@st.composite
def disguised(draw: st.DrawFn, word: str) -> str:
    spelled = "".join(draw(st.sampled_from([ch, ch.upper(), *_SYMBOLS.get(ch, [])])) for ch in word)
    return spelled[::-1] if draw(st.booleans()) else spelled


# A combining mark right after the word would compose with its last letter (é is not e).
affixes = st.text(max_size=8).filter(
    lambda s: not s or not unicodedata.combining(unicodedata.normalize("NFKC", s)[:1] or "x")
)


@given(usernames.flatmap(lambda u: st.tuples(st.just(u), disguised(u), st.text(max_size=8), affixes)))
def test_property_disguised_username_is_caught_as_substring(case: tuple[str, str, str, str]) -> None:
    """Any case/leet/reversed spelling of the username, anywhere in the password, is contains_username."""
    username, spelled, before, after = case
    assert ("contains_username", {"field": "username"}) in codes(
        before + spelled + after, {"username": username}
    )


non_letters = st.text("0123456789!@#$%&*?.-_ ", max_size=6)


@given(usernames.flatmap(lambda u: st.tuples(st.just(u), disguised(u), non_letters, non_letters)))
def test_property_disguised_username_is_caught_whole(case: tuple[str, str, str, str]) -> None:
    """In whole mode, a disguised username with digits/symbols around it is caught if a letter remains."""
    username, spelled, before, after = case
    found = codes(before + spelled + after, {"username": username}, match="whole")
    if any(ch.isalpha() for ch in spelled):
        assert ("contains_username", {"field": "username"}) in found


@given(st.text(min_size=1, max_size=30), st.sampled_from(["substring", "whole"]))
def test_property_verdict_never_contains_the_password(text: str, match: str) -> None:
    """The verdict's JSON never contains the password, and params hold only field names."""
    password = text + "~"  # messages never contain "~", so any occurrence would be a leak
    bouncer = Bouncer(parse_policy({"name": "t", "rules": [{"type": "context_words", "match": match}]}))
    verdict = bouncer.check(password, {"username": text[:8], "display_name": text, "words": [text]})
    assert "check_failed" not in verdict.codes  # any string gets a real verdict
    assert password not in json.dumps(verdict.to_dict(), ensure_ascii=False)
    for finding in verdict.violations:
        if finding.rule != "context_words":
            continue  # e.g. the engine's control_character
        assert set(finding.params) == {"field"}
        assert finding.params["field"] in {"username", "email", "display_name", "words"}


@given(st.text(max_size=20), st.text(max_size=10))
def test_property_nfc_and_nfd_agree(password: str, username: str) -> None:
    """NFC and NFD spellings of the password and the username give the same findings."""
    nfc = codes(unicodedata.normalize("NFC", password), {"username": unicodedata.normalize("NFD", username)})
    nfd = codes(unicodedata.normalize("NFD", password), {"username": unicodedata.normalize("NFC", username)})
    assert nfc == nfd


def test_whole_mode_catches_the_full_name_run_together() -> None:
    """In whole mode, the display name or email local part run together (either order) is a word too."""
    assert codes("JohnDoe2024!", {"display_name": "John Doe"}, match="whole")
    assert codes("J0hn.D0e", {"email": "john.doe@example.org"}, match="whole")
    assert codes("JohnDoe", {"display_name": "Doe, John"}, match="whole")
    assert codes("DoeJohn", {"display_name": "Doe, John"}, match="whole")
    assert codes("JohnDoeX", {"display_name": "Doe, John"}, match="whole") == []


LEET_DOMAIN = "abcdefghijklmnopqrstuvwxyz" + "".join(LEET)


@given(st.text(LEET_DOMAIN + "é", min_size=1, max_size=6), st.text(LEET_DOMAIN + "é", max_size=40))
def test_property_skeleton_is_a_necessary_condition(word: str, password: str) -> None:
    """Any leet spelling of a word has the word's skeleton, so the skeleton pre-filter never drops a match."""
    if re.search(leet_pattern(word), password):
        assert skeleton(word) in skeleton(password)


def _random_words(count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    alphabet = string.ascii_letters + string.digits + "@$!"
    return ["".join(rng.choice(alphabet) for _ in range(1024)) for _ in range(count)]


def test_searched_alternation_holds_only_words_that_can_occur(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tens of thousands of context words cost a pre-filter, not a regex of them all (seconds to compile)."""
    searched: list[int] = []
    real_search = re.search

    def counting_search(pattern: str, text: str) -> re.Match[str] | None:
        searched.append(pattern.count("|") + 1)
        return real_search(pattern, text)

    monkeypatch.setattr(context_words_module.re, "search", counting_search)
    ctx = {"words": _random_words(64, seed=3)}
    assert len(context_words(Context.from_dict(ctx), ["words"], 3)["words"]) > 10_000
    rule = ContextWordsRule(ContextWordsConfig(), LoadContext())
    rule.check(Candidate("Zq8;vK#rm=W^pxYd"), Context.from_dict(ctx))
    assert max(searched, default=0) < 200
    # The pre-filter keeps real matches: a word of the context, leet-spelled, is still found.
    word = max(re.findall(r"[A-Za-z]+", ctx["words"][0]), key=len)
    hit = rule.check(Candidate("xx" + word.lower().replace("a", "@").replace("o", "0") + "!!"),
                     Context.from_dict(ctx))
    assert hit is not None and hit.violations[0].code == "contains_context_word"


def test_a_context_past_the_word_budget_fails_closed() -> None:
    """Past MAX_CANDIDATE_WORDS words that could occur, the check rejects (check_failed) at once."""
    # 't' and 'l' share a letter class with 'i' (skeleton), yet neither reads as 'i': every word passes
    # the pre-filter on a password of i's, and none matches.
    words = [format(i, "012b").replace("0", "t").replace("1", "l") for i in range(MAX_CANDIDATE_WORDS + 1)]
    policy = parse_policy({"name": "ctx", "rules": [{"type": "context_words"}]})
    verdict = Bouncer(policy).check("i" * 4096, {"words": words})
    assert [f.code for f in verdict.violations] == ["check_failed"]
    assert not verdict.accepted
    # Under the budget the same words are checked normally (no match, no fault).
    assert Bouncer(policy).check("i" * 4096, {"words": words[:100]}).accepted


def test_large_contexts_are_not_cached() -> None:
    """Only small contexts enter the per-process cache, so callers cannot grow it without bound."""
    from bouncer.rules import context_words as cw

    cw.clear_caches()
    small = Context(username="jdoe")
    big = Context(words=tuple(f"word{i:05d}" for i in range(200)))
    cw.context_words(small, ["username"], 3)
    cw.context_words(big, ["words"], 3)
    assert len(cw._derived_cache) == 1


# Contexts a caller can send that are short but derive many or long words: one code point NFKC
# expands to 18, many short extra words, and the largest context the caches still admit.
EXPANDING_CONTEXTS = {
    "nfkc_expansion": lambda i: Context(display_name="\ufdfa" * 200 + str(i)),
    "many_short_words": lambda i: Context(words=[f"w{j}x{i}" for j in range(200)]),
    "largest_cached": lambda i: Context(words=[f"w{j}x{i}" for j in range(30)]),
}


@pytest.mark.parametrize("kind", sorted(EXPANDING_CONTEXTS))
def test_cache_memory_per_context_is_bounded(kind: str) -> None:
    """Whatever short context callers send, the caches keep at most ~20 KB per distinct context."""
    import gc
    import tracemalloc

    from bouncer.rules import context_words as cw

    make = EXPANDING_CONTEXTS[kind]
    rule = ContextWordsRule(ContextWordsConfig(match="whole"), LoadContext())
    rule.check(Candidate("warm-up"), make(-1))  # module-level state allocated once
    cw.clear_caches()
    n = 300
    gc.collect()
    tracemalloc.start()
    try:
        for i in range(n):
            rule.check(Candidate("zz"), make(i))
        gc.collect()
        retained, _ = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
        cw.clear_caches()
    assert retained / n < 24_000
