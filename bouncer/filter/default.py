"""The embedded default filter: an offline breach check on a fresh install.

Built on first use from real leaked passwords only: the `passwords` frequency list
bundled in zxcvbn (30,000 passwords from breach corpora) and any bundled word list
whose file name contains "password" (e.g. `wordlists/common-passwords.txt`).
Dictionaries of names or words are not breached passwords and are never used.

The file lives in the per-user data directory (BOUNCER_DATA_DIR, else
$XDG_DATA_HOME/bouncer, else ~/.local/share/bouncer) under a name carrying a
fingerprint of its sources, so upgrading zxcvbn or a list builds a new one and a
stale file is never used. Two processes racing to build it each write a temporary
file and rename it into place: both renames are atomic and the content is the
same. If the directory is not writable the filter is built in memory (~110 KB,
well under a second).
"""

from __future__ import annotations

import gzip
import hashlib
import logging
import threading
from collections.abc import Iterator
from functools import cache
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from bouncer.errors import FilterError
from bouncer.filter.build import build_from_passwords
from bouncer.filter.format import HashKind
from bouncer.filter.lookup import BreachFilter
from bouncer.filter.writer import write_filter
from bouncer.resources import user_data_dir

__all__ = [
    "data_dir",
    "default_filter_path",
    "ensure_default_filter",
    "open_default_filter",
    "default_sources",
]

log = logging.getLogger(__name__)

# A false positive rejects a fine password with a breach message; one in ten million
# costs only ~34 bits per entry, about 130 KB for the 30k zxcvbn list.
DEFAULT_FILTER_FP = 1e-7
DEFAULT_KIND: HashKind = "sha1"


def data_dir() -> Path:
    """The data directory the default filter is kept in (not created here)."""
    return user_data_dir()


def _password_lists() -> list[Path]:
    try:
        from bouncer.resources import wordlists_dir

        root = wordlists_dir()
    except (FileNotFoundError, ImportError):
        return []
    return sorted(p for p in root.iterdir() if p.is_file() and "password" in p.name.lower())


def _read_list(path: Path) -> Iterator[str]:
    raw = gzip.decompress(path.read_bytes()) if path.suffix == ".gz" else path.read_bytes()
    for line in raw.decode("utf-8-sig").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            yield line


@cache
def default_sources() -> list[tuple[str, list[str]]]:
    """(name, passwords) of every source of the default filter (read once per process)."""
    from zxcvbn.frequency_lists import FREQUENCY_LISTS

    try:
        zx = f"zxcvbn {version('zxcvbn')}"
    except PackageNotFoundError:  # pragma: no cover - zxcvbn is a dependency
        zx = "zxcvbn"
    sources = [(f"{zx} passwords list", list(FREQUENCY_LISTS["passwords"]))]
    sources += [(f"wordlists/{p.name}", list(_read_list(p))) for p in _password_lists()]
    return sources


def _fingerprint(sources: list[tuple[str, list[str]]]) -> str:
    h = hashlib.sha256()
    for name, items in sources:
        h.update(name.encode() + b"\0" + "\n".join(items).encode("utf-8", "surrogatepass") + b"\0")
    return h.hexdigest()[:16]


@cache
def _default_name() -> str:
    return f"default-{DEFAULT_KIND}-{_fingerprint(default_sources())}.bpf"


def default_filter_path() -> Path:
    """Where the default filter for the installed sources lives (it may not exist yet)."""
    return data_dir() / _default_name()


def _build(sources: list[tuple[str, list[str]]]):  # type: ignore[no-untyped-def]
    names = "; ".join(f"{name} ({len(items)} entries)" for name, items in sources)
    passwords = (pw for _, items in sources for pw in items)
    return build_from_passwords(
        passwords, kind=DEFAULT_KIND, target_fp=DEFAULT_FILTER_FP, source=f"embedded default: {names}"
    )


def ensure_default_filter() -> Path:
    """Build the default filter file in the data directory unless it is there; return its path.

    Raises:
        FilterError: the data directory cannot be written.
    """
    path = default_filter_path()
    if path.is_file():
        return path
    header, body = _build(default_sources())
    try:
        # The data directory also holds the service's keys and secrets: private from the start.
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        write_filter(body, header, path)
    except OSError as exc:
        raise FilterError(f"{path.parent}: cannot write the default filter: {exc.strerror}") from None
    return path


_memory: dict[str, BreachFilter] = {}
_lock = threading.Lock()


def open_default_filter() -> BreachFilter:
    """The default filter: opened from the data directory (built there on first use), else built in memory.

    Each call opens the file afresh; callers cache (see bouncer.filter.registry). Once a
    directory has proved unwritable, the in-memory filter is reused without retrying.
    """
    path = default_filter_path()
    with _lock:
        if str(path) in _memory:
            return _memory[str(path)]
        try:
            return BreachFilter(ensure_default_filter(), expect_kind=DEFAULT_KIND)
        except FilterError as exc:
            log.warning("default breach filter kept in memory: %s", exc)
        header, body = _build(default_sources())
        _memory[str(path)] = BreachFilter.from_bytes(header.pack() + body.tobytes(), "<embedded default>")
        return _memory[str(path)]
