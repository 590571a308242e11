"""Input and error plumbing shared by the CLI commands.

Passwords arrive as bytes (stdin or a file descriptor) and are decoded strictly,
so invalid UTF-8 is a usage error rather than a silently replaced character.
Nothing here ever prints a password: error messages name the source and the
line number only.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from typing import BinaryIO, NoReturn

import click

from bouncer.errors import InputError

__all__ = [
    "EXIT_OK",
    "EXIT_REJECT",
    "EXIT_USAGE",
    "MAX_FD_BYTES",
    "fail",
    "strip_line_end",
    "decode_line",
    "read_fd",
    "lines",
    "stdin_is_terminal",
]

EXIT_OK = 0
EXIT_REJECT = 1
EXIT_USAGE = 2
# A previous password longer than this is refused before decoding: the engine's own
# input cap is 4,096 code points, and 4 bytes per code point covers any UTF-8 text.
MAX_FD_BYTES = 4 * 4096 + 2


def fail(message: str) -> NoReturn:
    """Print a one-line error on stderr and exit 2 (usage or configuration error)."""
    click.echo(f"bouncer: error: {message}", err=True)
    raise SystemExit(EXIT_USAGE)


def strip_line_end(data: bytes) -> bytes:
    """Remove exactly one trailing LF or CRLF; every other byte is part of the password."""
    if data.endswith(b"\r\n"):
        return data[:-2]
    if data.endswith(b"\n"):
        return data[:-1]
    return data


def decode_line(data: bytes, where: str) -> str:
    """Decode UTF-8 strictly (lone surrogates are invalid UTF-8 too); InputError names `where` only."""
    try:
        return data.decode("utf-8", errors="strict")
    except UnicodeDecodeError:
        raise InputError(f"{where} is not valid UTF-8") from None


def lines(stream: BinaryIO) -> Iterator[tuple[int, bytes]]:
    """Yield (line number from 1, line without its single LF/CRLF), streaming."""
    for number, raw in enumerate(iter(stream.readline, b""), start=1):
        yield number, strip_line_end(raw)


def read_fd(fd: int) -> str:
    """Read a previous password from an open file descriptor (one line, one LF/CRLF removed)."""
    if fd in (0, 1, 2):
        raise InputError("--previous-password-fd must not be 0, 1 or 2 (stdin carries the new password)")
    chunks: list[bytes] = []
    size = 0
    try:
        while True:
            chunk = os.read(fd, 4096)
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
            if size > MAX_FD_BYTES:
                raise InputError(f"--previous-password-fd {fd}: more than {MAX_FD_BYTES} bytes")
    except OSError as exc:
        raise InputError(f"cannot read --previous-password-fd {fd}: {exc.strerror}") from None
    except OverflowError:  # a number no descriptor can have
        raise InputError(f"cannot read --previous-password-fd {fd}: Bad file descriptor") from None
    data = strip_line_end(b"".join(chunks))
    if b"\n" in data:
        raise InputError(f"--previous-password-fd {fd}: holds more than one line")
    return decode_line(data, f"--previous-password-fd {fd}")


def stdin_is_terminal() -> bool:
    try:
        return sys.stdin.isatty()
    except (AttributeError, ValueError):
        return False
