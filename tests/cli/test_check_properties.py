"""Properties of `bouncer check` over arbitrary passwords, run in-process for speed."""

from __future__ import annotations

import json
import unicodedata

from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bouncer.cli import cli

# A character that no message, code or zxcvbn feedback contains: if output held any part
# of the password that includes it, the password leaked.
MARK = "\u2603"
# Every character except line breaks (the CLI's line separator) and lone surrogates.
CHARS = st.characters(blacklist_categories=("Cs",), blacklist_characters="\n\r")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(CHARS, max_size=40), st.text(CHARS, max_size=40), st.sampled_from(["", "--json"]))
def test_output_never_holds_the_password(head: str, tail: str, fmt: str) -> None:
    """Any password gets a verdict (exit 0 or 1), and no output contains the part holding MARK."""
    password = head + MARK + tail
    args = ["check", "--username", "jdoe"] + ([fmt] if fmt else [])
    result = CliRunner().invoke(cli, args, input=(password + "\n").encode("utf-8"))
    assert result.exit_code in (0, 1), result.output
    assert MARK not in result.stdout and MARK not in result.stderr
    if fmt:
        verdict = json.loads(result.stdout)
        assert verdict["accepted"] is (result.exit_code == 0)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.text(CHARS, max_size=20), min_size=1, max_size=8))
def test_batch_one_verdict_per_line(passwords: list[str]) -> None:
    """--batch --json prints exactly one verdict per input line, in order."""
    data = "".join(p + "\r\n" for p in passwords).encode("utf-8")
    result = CliRunner().invoke(cli, ["check", "--policy", "testing", "--batch", "--json"], input=data)
    lines = result.stdout.splitlines()
    assert len(lines) == len(passwords)
    accepted = [json.loads(line)["accepted"] for line in lines]
    # The testing policy is length 8-64 only, so the verdicts are predictable.
    assert accepted == [_testing_accepts(p) for p in passwords]
    assert result.exit_code == (0 if all(accepted) else 1)


def _testing_accepts(p: str) -> bool:
    """The testing preset: 8 to 64 code points of the NFC form, and no control characters."""
    controls = any(unicodedata.category(c) == "Cc" for c in p)
    return 8 <= len(unicodedata.normalize("NFC", p)) <= 64 and not controls
