"""Word lists: finding, reading and caching them (each list is read once per process).

File format: UTF-8 (a BOM is tolerated), LF or CRLF line ends, one entry per
line; blank lines and lines starting with `#` are skipped; surrounding
whitespace is removed. Entries are folded and indexed by bouncer.wordindex.

`zxcvbn_passwords()` is the one place that reads zxcvbn's bundled
`passwords` frequency list. It imports `zxcvbn.frequency_lists` for the data
only; scoring with zxcvbn is bouncer.strength's job.
"""

from __future__ import annotations

import threading
from pathlib import Path

from bouncer.errors import PolicyError
from bouncer.resources import wordlists_dir
from bouncer.wordindex import WordIndex

__all__ = [
    "ZXCVBN_SOURCE",
    "read_wordlist",
    "resolve_wordlist",
    "zxcvbn_passwords",
    "load_index",
    "source_index",
]

# The source name that means "the passwords list bundled inside the zxcvbn package".
ZXCVBN_SOURCE = "zxcvbn"

_lock = threading.Lock()
# (source key, min_length) -> index. Keyed by resolved path plus mtime and size, so a
# list edited on disk is re-read when a policy is next loaded, and never during checks.
_cache: dict[tuple[object, ...], WordIndex] = {}


def read_wordlist(path: Path) -> list[str]:
    """Read a word list file into its entries (not yet folded).

    Raises:
        PolicyError: the file cannot be read or is not UTF-8 (naming the file and line).
    """
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise PolicyError(f"{path}: cannot read word list: {exc.__class__.__name__}") from None
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    words: list[str] = []
    for number, line in enumerate(data.split(b"\n"), start=1):
        try:
            text = line.decode("utf-8").strip()
        except UnicodeDecodeError:
            raise PolicyError(f"{path}: line {number}: not valid UTF-8") from None
        if text and not text.startswith("#"):
            words.append(text)
    return words


def resolve_wordlist(entry: str, policy_dir: Path | None) -> Path:
    """Find a word list named in a policy.

    A path is taken relative to the policy file's directory (or as is when
    absolute); otherwise a plain file name is looked up in the bundled
    `wordlists/` directory.

    Raises:
        PolicyError: no such file.
    """
    path = Path(entry)
    if path.is_absolute():
        if path.is_file():
            return path
    else:
        if policy_dir is not None and (policy_dir / path).is_file():
            return (policy_dir / path).resolve()
        if path.name == entry:
            try:
                bundled = wordlists_dir() / entry
            except FileNotFoundError:
                bundled = None
            if bundled is not None and bundled.is_file():
                return bundled
    raise PolicyError(
        f"word list {entry!r} not found (relative to the policy file, or in the bundled wordlists/)"
    )


def zxcvbn_passwords() -> list[str]:
    """The `passwords` frequency list bundled in the installed zxcvbn package (most common first)."""
    from zxcvbn.frequency_lists import FREQUENCY_LISTS  # data only

    return list(FREQUENCY_LISTS["passwords"])


def load_index(path: Path, min_length: int = 1) -> WordIndex:
    """The index of a word list file, read once per process (per file version)."""
    try:
        st = path.stat()
    except OSError as exc:
        raise PolicyError(f"{path}: cannot read word list: {exc.__class__.__name__}") from None
    key = ("file", str(path.resolve()), st.st_mtime_ns, st.st_size, min_length)
    with _lock:
        index = _cache.get(key)
        if index is None:
            index = _cache[key] = WordIndex(read_wordlist(path), min_length)
    return index


def source_index(entry: str, policy_dir: Path | None, min_length: int = 1) -> WordIndex:
    """The index for a policy's list entry: `"zxcvbn"` or a word list file."""
    if entry == ZXCVBN_SOURCE:
        key = ("zxcvbn", min_length)
        with _lock:
            index = _cache.get(key)
            if index is None:
                index = _cache[key] = WordIndex(zxcvbn_passwords(), min_length)
        return index
    return load_index(resolve_wordlist(entry, policy_dir), min_length)
