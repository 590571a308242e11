from __future__ import annotations

from pathlib import Path

import pytest

from bouncer.errors import PolicyError
from bouncer.resources import wordlists_dir
from bouncer.wordlists import load_index, read_wordlist, resolve_wordlist, source_index, zxcvbn_passwords


def test_reads_utf8_with_bom_crlf_comments_and_blanks(tmp_path: Path) -> None:
    """BOM, CRLF, comments and blank lines are handled; entries are stripped."""
    path = tmp_path / "w.txt"
    path.write_bytes(b"\xef\xbb\xbf# comment\r\nalpha\r\n\r\n  beta  \nJos\xc3\xa9\n")
    assert read_wordlist(path) == ["alpha", "beta", "José"]


def test_invalid_utf8_names_the_file_and_line(tmp_path: Path) -> None:
    """A non-UTF-8 list is a PolicyError naming the file and line."""
    path = tmp_path / "bad.txt"
    path.write_bytes(b"ok\n\xff\xfe\n")
    with pytest.raises(PolicyError, match=r"bad\.txt: line 2"):
        read_wordlist(path)


def test_resolution_prefers_the_policy_directory(tmp_path: Path) -> None:
    """A relative path resolves against the policy's directory, then the bundled wordlists/."""
    (tmp_path / "banned-words.txt").write_text("mine\n", encoding="utf-8")
    assert resolve_wordlist("banned-words.txt", tmp_path) == (tmp_path / "banned-words.txt").resolve()
    assert resolve_wordlist("banned-words.txt", None) == wordlists_dir() / "banned-words.txt"


def test_missing_list_is_a_policy_error(tmp_path: Path) -> None:
    """A list that cannot be found is a PolicyError."""
    with pytest.raises(PolicyError, match="not found"):
        resolve_wordlist("nope.txt", tmp_path)
    with pytest.raises(PolicyError, match="not found"):
        resolve_wordlist("../wordlists/banned-words.txt", None)


def test_lists_are_loaded_once(tmp_path: Path) -> None:
    """The same file (unchanged) gives the same cached index; an edited file is re-read."""
    path = tmp_path / "w.txt"
    path.write_text("alpha\n", encoding="utf-8")
    first = load_index(path)
    assert load_index(path) is first
    path.write_text("alpha\nbravo\n", encoding="utf-8")
    assert load_index(path) is not first and load_index(path).contains_exact("bravo")


def test_zxcvbn_list_is_the_bundled_passwords_list() -> None:
    """The zxcvbn source is the 30,000-entry passwords list, indexed once per process."""
    words = zxcvbn_passwords()
    assert len(words) == 30000 and words[1] == "password"
    assert source_index("zxcvbn", None) is source_index("zxcvbn", None)


def test_bundled_banned_words_list_loads() -> None:
    """The bundled banned-words list loads and holds seasons and months."""
    index = load_index(wordlists_dir() / "banned-words.txt", 4)
    for word in ("summer", "winter", "password", "january", "monday"):
        assert index.contains_exact(word)
