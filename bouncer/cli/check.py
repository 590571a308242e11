"""`bouncer check`: judge passwords read from a no-echo prompt or stdin, never from argv.

Exit codes: 0 accepted (audit mode always accepts), 1 rejected (with --batch: any
rejected), 2 usage or configuration error (bad policy, unreadable file, invalid
UTF-8, lone surrogates). Errors are one line on stderr and never quote a password.
"""

from __future__ import annotations

import getpass
import json
import os
import sys
import warnings
from typing import Any

import click

from bouncer.cli._io import (
    EXIT_OK,
    EXIT_REJECT,
    EXIT_USAGE,
    decode_line,
    fail,
    lines,
    read_fd,
    stdin_is_terminal,
)
from bouncer.context import Context
from bouncer.engine import Bouncer, validate_input
from bouncer.errors import BouncerError, InputError
from bouncer.policy import DEFAULT_POLICY
from bouncer.verdict import Verdict

__all__ = ["check", "build_context", "render_human"]

# A context file is a small JSON object; anything bigger is a mistake (or an attack on memory).
MAX_CONTEXT_BYTES = 1 << 20
PROMPT = "Password: "


def _split(value: str | None) -> list[str] | None:
    if value is None:
        return None
    return [part.strip() for part in value.split(",") if part.strip()]


def _read_context_file(path: str) -> dict[str, Any]:
    try:
        # Read one byte past the cap: a device or pipe (/dev/zero) must not be read forever.
        with open(path, "rb") as fh:
            raw = fh.read(MAX_CONTEXT_BYTES + 1)
    except OSError as exc:
        raise InputError(f"{path}: cannot read context file: {exc.strerror}") from None
    if len(raw) > MAX_CONTEXT_BYTES:
        raise InputError(f"{path}: context file larger than {MAX_CONTEXT_BYTES} bytes")
    # Windows editors save UTF-8 with a byte order mark; JSON itself never starts with one.
    raw = raw.removeprefix(b"\xef\xbb\xbf")
    try:
        data = json.loads(decode_line(raw, path))
    except json.JSONDecodeError as exc:
        # The position only: the decoder's message does not quote the document.
        raise InputError(f"{path}: invalid JSON at line {exc.lineno} column {exc.colno}") from None
    if not isinstance(data, dict):
        raise InputError(f"{path}: context file must hold a JSON object")
    return data


def build_context(
    context_json: str | None,
    overrides: dict[str, Any],
    previous_password_fd: int | None,
) -> Context:
    """Merge the context file, command-line fields (which win) and the previous password fd."""
    data: dict[str, Any] = _read_context_file(context_json) if context_json else {}
    for key, value in overrides.items():
        if value is not None:
            data[key] = value
    if previous_password_fd is not None:
        if data.get("previous_password") is not None:
            raise InputError("previous password given both in --context-json and --previous-password-fd")
        data["previous_password"] = read_fd(previous_password_fd)
    ctx = Context.from_dict(data)
    # argv may carry undecodable bytes as lone surrogates; refuse them here with the field's name.
    for name in ("username", "email", "display_name", "previous_password"):
        value = getattr(ctx, name)
        if value is not None:
            validate_input(value, f"context {name}")
    for name in ("words", "groups"):
        for value in getattr(ctx, name):
            validate_input(value, f"context {name}")
    return ctx


def render_human(verdict: Verdict) -> list[str]:
    """Every reason, one line each: the verdict, violations, warnings and strength."""
    if verdict.would_reject:
        head = "ACCEPT (audit mode: enforce mode would reject)"
    else:
        head = "ACCEPT" if verdict.accepted else "REJECT"
    out = [f"{head}  [policy {verdict.policy} {verdict.policy_version}]"]
    out += [f"  {f.code}: {f.message}" for f in verdict.violations]
    out += [f"  warning {f.code}: {f.message}" for f in verdict.warnings]
    if verdict.strength is not None:
        s = verdict.strength
        line = f"  strength: {s.score} of 4 (about 10^{s.guesses_log10:.1f} guesses)"
        out.append(f"{line}: {s.warning}" if s.warning else line)
        out += [f"    suggestion: {text}" for text in s.suggestions]
    return out


def _emit(verdict: Verdict, as_json: bool, label: str | None) -> None:
    if as_json:
        click.echo(json.dumps(verdict.to_dict(), ensure_ascii=False, separators=(",", ":")))
        return
    rendered = render_human(verdict)
    if label:
        rendered[0] = f"{label}: {rendered[0]}"
    click.echo("\n".join(rendered))


def _load(policy: str) -> Bouncer:
    try:
        return Bouncer(policy)
    except BouncerError as exc:
        fail(str(exc).replace("\n", "; "))


def _run_batch(bouncer: Bouncer, ctx: Context, as_json: bool) -> int:
    if stdin_is_terminal():
        fail("--batch reads one password per line from stdin; pipe them in (a terminal would echo them)")
    status = EXIT_OK
    for number, raw in lines(sys.stdin.buffer):
        # Each line is decoded on its own so a bad line is reported by number, before any output is lost.
        verdict = bouncer.check(decode_line(raw, f"stdin line {number}"), ctx)
        if not verdict.accepted:
            status = EXIT_REJECT
        _emit(verdict, as_json, None if as_json else f"line {number}")
    return status


def _read_single() -> str:
    if stdin_is_terminal():
        # getpass falls back to an echoing read (with a warning) when it cannot turn echo off;
        # as an error the warning stops it before anything is read.
        with warnings.catch_warnings():
            warnings.simplefilter("error", getpass.GetPassWarning)
            try:
                return getpass.getpass(PROMPT)
            except getpass.GetPassWarning:
                fail("cannot turn off echo on this terminal; pipe the password on stdin instead")
            except (EOFError, KeyboardInterrupt):
                fail("no password entered")
    found = list(lines(sys.stdin.buffer))
    if not found:
        fail("no password on stdin")
    if len(found) > 1:
        fail("stdin holds more than one line; use --batch to check one password per line")
    return decode_line(found[0][1], "stdin")


@click.command()
@click.option("--policy", "-p", "policy", default=DEFAULT_POLICY, show_default=True,
              help="Preset name or policy file.")
@click.option("--username", help="The account name.")
@click.option("--email", help="The user's email address.")
@click.option("--display-name", help="The user's full name.")
@click.option("--groups", help="Comma-separated groups the user belongs to.")
@click.option("--words", help="Comma-separated extra context words (service, organisation...).")
@click.option("--operation", type=click.Choice(["change", "set"]),
              help="change: the user changes it; set: an administrator or a reset sets it.")
@click.option("--context-json", metavar="FILE",
              help="Context as JSON (docs/schema.md); may hold previous_password.")
@click.option("--previous-password-fd", type=int, metavar="N",
              help="Read the previous password from this open file descriptor.")
@click.option("--json", "as_json", is_flag=True, help="Print the verdict as JSON (one per line).")
@click.option("--batch", is_flag=True, help="Check one password per stdin line.")
# Swallows stray arguments so click's "unexpected extra argument (...)" cannot echo a password.
@click.argument("stray", nargs=-1, metavar="")
def check(
    policy: str,
    username: str | None,
    email: str | None,
    display_name: str | None,
    groups: str | None,
    words: str | None,
    operation: str | None,
    context_json: str | None,
    previous_password_fd: int | None,
    as_json: bool,
    batch: bool,
    stray: tuple[str, ...],
) -> None:
    """Check a password read from a no-echo prompt or stdin (never from the command line).

    Exit 0 if accepted (or audit mode), 1 if rejected, 2 on a usage or configuration error.
    """
    if stray:
        fail("bouncer check takes no arguments: the password is read from stdin or a prompt,"
             " never from the command line")
    bouncer = _load(policy)
    overrides = {
        "username": username,
        "email": email,
        "display_name": display_name,
        "groups": _split(groups),
        "words": _split(words),
        "operation": operation,
    }
    try:
        ctx = build_context(context_json, overrides, previous_password_fd)
        if batch:
            raise SystemExit(_run_batch(bouncer, ctx, as_json))
        verdict = bouncer.check(_read_single(), ctx)
    except BouncerError as exc:
        fail(str(exc))
    except BrokenPipeError:
        # The reader went away (`| head`): the run is incomplete, so not a success; no noise either.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        raise SystemExit(EXIT_USAGE) from None
    except Exception as exc:  # never a traceback: its text could quote the input
        fail(f"internal error ({exc.__class__.__name__})")
    _emit(verdict, as_json, None)
    raise SystemExit(EXIT_OK if verdict.accepted else EXIT_REJECT)
