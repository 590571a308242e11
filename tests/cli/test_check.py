"""`bouncer check` driven through the real console script, stdin as bytes."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from .helpers import needs_rules, run

# A policy that only counts length, so these tests do not depend on the word-list rules.
TESTING = ("--policy", "testing")
SECRET = "Zq9!velvet-harbour"


def test_accept_exits_0() -> None:
    """An accepted password exits 0 and says ACCEPT."""
    r = run("check", *TESTING, stdin=f"{SECRET}\n".encode())
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith(b"ACCEPT")


def test_reject_exits_1_with_code_and_message() -> None:
    """A rejected password exits 1 and lists the code with its message."""
    r = run("check", *TESTING, stdin=b"short\n")
    assert r.returncode == 1
    out = r.stdout.decode()
    assert out.startswith("REJECT")
    assert "too_short: The password is shorter than 8 characters." in out


def test_json_verdict_shape() -> None:
    """--json prints one verdict object in the frozen shape."""
    r = run("check", *TESTING, "--json", stdin=b"short\n")
    verdict = json.loads(r.stdout)
    assert r.returncode == 1
    assert verdict["accepted"] is False and verdict["policy"]["name"] == "testing"
    assert [v["code"] for v in verdict["violations"]] == ["too_short"]


def test_default_policy_lists_every_reason_for_summer2024() -> None:
    """`printf 'Summer2024!\\n' | bouncer check` exits 1 listing every reason, one per line."""
    needs_rules("context_words", "banned_words", "common_passwords", "strength")
    r = run("check", stdin=b"Summer2024!\n")
    assert r.returncode == 1
    out = r.stdout.decode()
    for code in ("too_short", "banned_word", "common_password", "too_guessable"):
        assert f"  {code}: " in out
    assert "strength: " in out
    assert b"Summer2024" not in r.stdout + r.stderr


def test_json_username_jdoe() -> None:
    """`printf 'jdoe2024!\\n' | bouncer check --json --username jdoe` shows contains_username."""
    needs_rules("context_words", "banned_words", "common_passwords", "strength")
    r = run("check", "--json", "--username", "jdoe", stdin=b"jdoe2024!\n")
    assert r.returncode == 1
    verdict = json.loads(r.stdout)
    found = {v["code"]: v for v in verdict["violations"]}
    assert found["contains_username"]["params"] == {"field": "username"}
    assert b"2024" not in r.stdout


@pytest.mark.parametrize(
    ("stdin", "length"),
    [
        (b"abcdefg\r\n", 7),        # CRLF removed once: 7 characters, too short
        (b"abcdefg\r\r\n", 8),      # only one CRLF removed: the lone CR stays (a control character)
        (b"abcdefg\n", 7),
        (b"abcdefg", 7),            # no line ending at all
        (b"  abcde \n", 8),         # leading and trailing spaces are part of the password
    ],
)
def test_exactly_one_line_ending_removed(stdin: bytes, length: int) -> None:
    """Exactly one trailing LF or CRLF is removed; spaces and other bytes are kept."""
    r = run("check", *TESTING, "--json", stdin=stdin)
    verdict = json.loads(r.stdout)
    codes = [v["code"] for v in verdict["violations"]]
    if b"\r\r" in stdin:
        assert codes == ["control_character"]
    elif length < 8:
        assert codes == ["too_short"]
    else:
        assert verdict["accepted"] is True


def test_spaces_make_the_difference() -> None:
    """Seven characters plus a trailing space reach the minimum of 8: the space counts."""
    assert run("check", *TESTING, stdin=b"abcdefg\n").returncode == 1
    assert run("check", *TESTING, stdin=b"abcdefg \n").returncode == 0


@pytest.mark.parametrize(
    "stdin",
    [b"caf\xe9-harbour\n", b"abc\xed\xa0\x80defgh\n", b"\xff\xfe\n"],
    ids=["latin1", "encoded-lone-surrogate", "bom-like"],
)
def test_invalid_utf8_exits_2_without_traceback(stdin: bytes) -> None:
    """Invalid UTF-8 (including an encoded lone surrogate) is exit 2 with one clear line."""
    r = run("check", *TESTING, stdin=stdin)
    assert r.returncode == 2
    assert r.stdout == b""
    err = r.stderr.decode()
    assert "not valid UTF-8" in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1
    assert b"harbour" not in r.stderr and b"defgh" not in r.stderr


def test_lone_surrogate_in_context_exits_2(tmp_path: Path) -> None:
    """A lone surrogate in the context file's previous password is exit 2, not a traceback."""
    ctx = tmp_path / "ctx.json"
    ctx.write_text('{"previous_password": "old\\ud800pass"}', encoding="ascii")
    r = run("check", *TESTING, "--context-json", str(ctx), stdin=f"{SECRET}\n".encode())
    assert r.returncode == 2
    assert b"lone surrogate" in r.stderr and b"Traceback" not in r.stderr
    assert b"old" not in r.stderr


def test_empty_stdin_and_two_lines_are_usage_errors() -> None:
    """No input, or several lines without --batch, is exit 2 (not a silent check)."""
    assert run("check", *TESTING, stdin=b"").returncode == 2
    r = run("check", *TESTING, stdin=f"{SECRET}\nsecond-line-pw\n".encode())
    assert r.returncode == 2 and b"--batch" in r.stderr
    assert SECRET.encode() not in r.stderr + r.stdout


@pytest.mark.parametrize("policy", ["no-such-preset", "missing/policy.toml"])
def test_bad_policy_exits_2(policy: str) -> None:
    """An unknown preset or a missing policy file is exit 2 with one line on stderr."""
    r = run("check", "--policy", policy, stdin=f"{SECRET}\n".encode())
    assert r.returncode == 2
    assert b"Traceback" not in r.stderr and len(r.stderr.strip().splitlines()) == 1


def test_invalid_policy_file_exits_2(tmp_path: Path) -> None:
    """A policy file that fails validation is exit 2 naming the file and field."""
    bad = tmp_path / "bad.toml"
    bad.write_text('name = "bad"\n[[rules]]\ntype = "length"\nmin = 0\n', encoding="utf-8")
    r = run("check", "--policy", str(bad), stdin=f"{SECRET}\n".encode())
    assert r.returncode == 2
    assert f"{bad}: rules.0.length.min".encode() in r.stderr


def test_password_never_echoed() -> None:
    """Neither stdout nor stderr contains the password, accepted or rejected, human or JSON."""
    for args in ((), ("--json",)):
        for pw in (SECRET, "tiny"):
            r = run("check", *TESTING, *args, stdin=f"{pw}\n".encode())
            assert pw.encode() not in r.stdout + r.stderr


def test_batch_json_one_line_per_input() -> None:
    """--batch --json prints one JSON verdict per input line, in order; exit 1 if any rejected."""
    r = run("check", *TESTING, "--batch", "--json", stdin=b"short\r\nlong-enough-pw\n\nabc")
    assert r.returncode == 1
    out = r.stdout.decode().splitlines()
    assert len(out) == 4
    accepted = [json.loads(line)["accepted"] for line in out]
    assert accepted == [False, True, False, False]


def test_batch_all_accepted_exits_0() -> None:
    """--batch exits 0 when every line is accepted, and labels human output by line number."""
    r = run("check", *TESTING, "--batch", stdin=b"long-enough-1\nlong-enough-2\n")
    assert r.returncode == 0
    assert r.stdout.decode().splitlines() == [
        "line 1: ACCEPT  [policy testing 2026.12]",
        "line 2: ACCEPT  [policy testing 2026.12]",
    ]


def test_batch_invalid_line_exits_2() -> None:
    """--batch stops with exit 2 at an invalid UTF-8 line and names the line number."""
    r = run("check", *TESTING, "--batch", stdin=b"long-enough-1\nbad\xff-line\n")
    assert r.returncode == 2 and b"stdin line 2 is not valid UTF-8" in r.stderr


def test_previous_password_via_fd(tmp_path: Path) -> None:
    """The previous password comes from a file descriptor; reusing it is rejected."""
    needs_rules("previous_password")
    policy = tmp_path / "prev.toml"
    policy.write_text('name = "prev"\n[[rules]]\ntype = "length"\n[[rules]]\ntype = "previous_password"\n',
                      encoding="utf-8")
    read_fd, write_fd = os.pipe()
    os.write(write_fd, b"velvet trombone under a quiet harbour\n")
    os.close(write_fd)
    try:
        r = run("check", "--policy", str(policy), "--json", "--previous-password-fd", str(read_fd),
                stdin=b"velvet trombone under a quiet harbour\n", pass_fds=(read_fd,))
    finally:
        os.close(read_fd)
    assert r.returncode == 1, r.stderr
    codes = [v["code"] for v in json.loads(r.stdout)["violations"]]
    assert "same_as_previous" in codes


def test_previous_password_fd_is_read_and_validated() -> None:
    """A readable fd is accepted by a policy without the rule; a bad fd is exit 2."""
    read_fd, write_fd = os.pipe()
    os.write(write_fd, b"old-password\r\n")
    os.close(write_fd)
    try:
        ok = run("check", *TESTING, "--previous-password-fd", str(read_fd),
                 stdin=f"{SECRET}\n".encode(), pass_fds=(read_fd,))
    finally:
        os.close(read_fd)
    assert ok.returncode == 0, ok.stderr
    bad = run("check", *TESTING, "--previous-password-fd", "97", stdin=f"{SECRET}\n".encode())
    assert bad.returncode == 2 and b"--previous-password-fd 97" in bad.stderr
    assert b"Traceback" not in bad.stderr


def test_context_json_and_options(tmp_path: Path) -> None:
    """A context file is read; command-line fields override it; bad JSON is exit 2."""
    ctx = tmp_path / "ctx.json"
    ctx.write_text(json.dumps({"username": "jdoe", "groups": ["staff"]}), encoding="utf-8")
    r = run("check", *TESTING, "--context-json", str(ctx), "--username", "other",
            "--groups", "a,b", stdin=f"{SECRET}\n".encode())
    assert r.returncode == 0, r.stderr
    ctx.write_text('{"username": "jdoe", "unknown_field": 1}', encoding="utf-8")
    r = run("check", *TESTING, "--context-json", str(ctx), stdin=f"{SECRET}\n".encode())
    assert r.returncode == 2 and b"unknown_field" in r.stderr
    ctx.write_text('{"username": ', encoding="utf-8")
    r = run("check", *TESTING, "--context-json", str(ctx), stdin=f"{SECRET}\n".encode())
    assert r.returncode == 2 and b"invalid JSON at line 1" in r.stderr


def test_audit_mode_exits_0(tmp_path: Path) -> None:
    """In audit mode a failing password exits 0 and says enforce mode would reject."""
    pol = tmp_path / "audit.toml"
    pol.write_text('name = "audit"\nmode = "audit"\n[[rules]]\ntype = "length"\nmin = 8\n', encoding="utf-8")
    r = run("check", "--policy", str(pol), stdin=b"short\n")
    assert r.returncode == 0
    assert r.stdout.decode().startswith("ACCEPT (audit mode: enforce mode would reject)")
    assert "too_short" in r.stdout.decode()


def test_password_not_accepted_from_argv() -> None:
    """There is no option or argument that takes the password itself."""
    r = run("check", *TESTING, SECRET, stdin=b"")
    assert r.returncode == 2
    assert b"never from the command line" in r.stderr
    # Even a password mistakenly typed as an argument is not repeated back.
    assert SECRET.encode() not in r.stderr + r.stdout


def test_terminal_prompt_does_not_echo() -> None:
    """On a terminal the password is read with a no-echo prompt: the typed text never appears."""
    import pty
    import select
    import time

    from .helpers import BOUNCER, TIMEOUT_S

    pid, fd = pty.fork()
    if pid == 0:  # the child: the pty is its controlling terminal, as for a user
        os.execv(str(BOUNCER), [str(BOUNCER), "check", "--policy", "testing"])
    out = b""

    def read_until(marker: bytes) -> None:
        nonlocal out
        deadline = time.monotonic() + TIMEOUT_S
        while marker not in out and time.monotonic() < deadline:
            if select.select([fd], [], [], 0.5)[0]:
                try:
                    out += os.read(fd, 1024)
                except OSError:  # the child closed the terminal
                    return

    try:
        read_until(b"Password: ")
        os.write(fd, f"{SECRET}\n".encode())
        read_until(b"ACCEPT")
        _, status = os.waitpid(pid, 0)
    finally:
        os.close(fd)
    assert os.waitstatus_to_exitcode(status) == 0
    assert out.startswith(b"Password: ") and b"ACCEPT" in out
    assert SECRET.encode() not in out


def test_batch_reader_going_away_is_quiet(tmp_path: Path) -> None:
    """When the reader of --batch output closes early (`| head`), exit 2 without a traceback."""
    import subprocess

    from .helpers import BOUNCER, TIMEOUT_S

    # A file on stdin, so the child never waits for us to write while we wait for it to read.
    source = tmp_path / "many.txt"
    source.write_bytes(b"".join(b"long-enough-%d\n" % i for i in range(50_000)))
    with source.open("rb") as stdin:
        proc = subprocess.Popen([str(BOUNCER), "check", *TESTING, "--batch", "--json"],
                                stdin=stdin, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout is not None and proc.stderr is not None
    assert proc.stdout.readline().startswith(b'{"accepted":true')
    proc.stdout.close()
    assert proc.wait(timeout=TIMEOUT_S) == 2
    assert b"Traceback" not in proc.stderr.read()
    proc.stderr.close()


def test_context_file_with_a_utf8_bom_is_read(tmp_path: Path) -> None:
    """A context file saved with a UTF-8 byte order mark (Windows editors) is read, not 'invalid JSON'."""
    ctx = tmp_path / "ctx.json"
    ctx.write_bytes(b"\xef\xbb\xbf" + json.dumps({"username": "jdoe"}).encode())
    r = run("check", "--json", "--context-json", str(ctx), stdin=b"jdoe2024!\n")
    assert r.returncode == 1, r.stderr
    codes = [v["code"] for v in json.loads(r.stdout)["violations"]]
    assert "contains_username" in codes


def test_endless_context_file_is_refused() -> None:
    """A context 'file' that never ends (/dev/zero) is refused at the size cap, not read forever."""
    r = run("check", *TESTING, "--context-json", "/dev/zero", stdin=b"x\n")
    assert r.returncode == 2
    assert b"larger than" in r.stderr
