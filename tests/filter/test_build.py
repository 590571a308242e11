"""The builder: every key found (tiers, block edges, chunk edges), input variants, errors, atomic write."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from bouncer.errors import InputError
from bouncer.filter import parse
from bouncer.filter.build import build_filter
from bouncer.filter.lookup import BreachFilter
from bouncer.filter.verify import verify_filter

from .conftest import random_digests, sha1_hex


def _words(d: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    w = d[:, :12].copy().view(">u4").astype(np.uint32)
    return w[:, 0].copy(), w[:, 1].copy(), w[:, 2].copy()


def test_every_key_found_in_its_tiers(write_hibp: Callable[..., Path], tmp_path: Path) -> None:
    """Each inserted key reaches at least its true tier (no false negatives) and rarely more."""
    d = random_digests(60_000, seed=3)
    counts = np.random.default_rng(3).integers(1, 30_000, size=len(d))
    src = write_hibp(d, counts)
    out = tmp_path / "t.bpf"
    result = build_filter([src], out, tiers=(1, 100, 10_000), target_fp=1e-4)
    assert [t.entries for t in result.header.tiers] == [
        len(d),
        int((counts >= 100).sum()),
        int((counts >= 10_000).sum()),
    ]
    truth = (counts >= 100).astype(int) + (counts >= 10_000)
    with BreachFilter(out) as f:
        got = f.tiers_batch(*_words(d))
    assert (got >= truth).all()
    assert (got > truth).mean() < 1e-2


def test_keys_at_block_edges_found(write_hibp: Callable[..., Path], tmp_path: Path) -> None:
    """Keys selecting the first and the last block of every tier are found."""
    d = random_digests(64, seed=4)
    d[:32, :4] = 0x00  # w0 = 0: first block
    d[32:, :4] = 0xFF  # w0 = 2^32 - 1: last block
    src = write_hibp(d, [5, 500] * 32)
    out = tmp_path / "e.bpf"
    build_filter([src], out, tiers=(1, 100))
    with BreachFilter(out) as f:
        tiers = [f.tier_of_digest(bytes(row)) for row in d]
    assert tiers == [0, 1] * 32


def test_chunk_boundaries(
    write_hibp: Callable[..., Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Lines cut by the chunk size are reassembled: every key found, none lost."""
    monkeypatch.setattr(parse, "CHUNK_BYTES", 997)
    d = random_digests(3_000, seed=6)
    src = write_hibp(d, np.arange(1, 3_001))
    out = tmp_path / "c.bpf"
    result = build_filter([src], out)
    assert result.entries == 3_000
    with BreachFilter(out) as f:
        assert (f.tiers_batch(*_words(d)) == 0).all()


@pytest.mark.parametrize("newline", [b"\n", b"\r\n"])
def test_hibp_variants(tmp_path: Path, newline: bytes) -> None:
    """BOM, CRLF or LF, lower case, blank lines, no final newline and `:0` rows are handled."""
    lines = [
        sha1_hex("password1") + ":10",
        "",
        sha1_hex("hunter2").lower() + ":3",
        sha1_hex("padding row") + ":0",
        "",
        sha1_hex("dragon") + ":1",
    ]
    src = tmp_path / "h.txt"
    src.write_bytes(b"\xef\xbb\xbf" + newline.join(x.encode() for x in lines))
    out = tmp_path / "h.bpf"
    result = build_filter([src], out)
    assert (result.entries, result.lines_skipped_blank, result.rows_dropped_zero) == (3, 2, 1)
    with BreachFilter(out) as f:
        assert [f.seen_at_least(p) for p in ("password1", "hunter2", "dragon", "padding row")] == [
            1,
            1,
            1,
            None,
        ]


def test_plaintext_variants(tmp_path: Path) -> None:
    """Plaintext: BOM, CRLF, blank lines, spaces kept, NFD entries found through their NFC form."""
    src = tmp_path / "p.txt"
    src.write_bytes("\ufeffpassword1\r\n\r\n with spaces \r\ncafe\u0301\r\nlast".encode())
    out = tmp_path / "p.bpf"
    result = build_filter([src], out)
    assert result.header.source.startswith("plain sha1")
    with BreachFilter(out) as f:
        for pw in ("password1", " with spaces ", "cafe\u0301", "caf\u00e9", "last"):
            assert f.seen_at_least(pw) == 1, pw
        assert f.seen_at_least("with spaces") is None


def test_bare_hashes_and_ntlm(tmp_path: Path) -> None:
    """Bare NTLM hash lists build an NTLM filter that finds the passwords."""
    from bouncer.filter.hashing import digest

    src = tmp_path / "n.txt"
    src.write_text("\n".join(digest(p, "ntlm").hex() for p in ("Password", "ü")) + "\n")
    out = tmp_path / "n.bpf"
    result = build_filter([src], out)
    assert result.header.kind == "ntlm"
    with BreachFilter(out) as f:
        assert f.seen_at_least("Password") == 1 and f.seen_at_least("ü") == 1
        assert f.seen_at_least("password") is None


def test_min_count_drops_rare_hashes(write_hibp: Callable[..., Path], tmp_path: Path) -> None:
    """--min-count keeps only hashes seen at least N times; the lowest tier becomes N."""
    d = random_digests(100, seed=8)
    src = write_hibp(d, [1, 50] * 50)
    out = tmp_path / "m.bpf"
    result = build_filter([src], out, min_count=10)
    assert result.entries == 50 and result.rows_below_min_count == 50
    assert result.header.tiers[0].threshold == 10
    with BreachFilter(out) as f:
        tiers = [f.tier_of_digest(bytes(r)) for r in d]
    assert tiers[1::2] == [0] * 50 and tiers[0::2] == [-1] * 50


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"A" * 40 + b":12\n" + b"B" * 39 + b":1\n", "line 2: expected 40 hex digits:COUNT"),
        (b"A" * 40 + b":12\n" + b"G" * 40 + b":1\n", "line 2: not a hexadecimal hash"),
        (b"A" * 40 + b":12\n\n" + b"A" * 40 + b":1x\n", "line 3: the count is not a number"),
    ],
)
def test_malformed_hibp_lines(tmp_path: Path, content: bytes, message: str) -> None:
    """A malformed line is an InputError naming its line number, never its content."""
    src = tmp_path / "bad.txt"
    src.write_bytes(content)
    with pytest.raises(InputError, match=message) as err:
        build_filter([src], tmp_path / "bad.bpf", fmt="hibp")
    assert "GGGG" not in str(err.value)
    assert not (tmp_path / "bad.bpf").exists()
    assert list(tmp_path.glob("*.tmp")) == []


def test_invalid_utf8_plaintext(tmp_path: Path) -> None:
    """A non-UTF-8 plaintext line is skipped and counted, or an error naming its line with strict."""
    src = tmp_path / "u.txt"
    src.write_bytes(b"fine\n\xff\xfe\n")
    result = build_filter([src], tmp_path / "u.bpf", fmt="plain")
    assert (result.entries, result.lines_not_utf8) == (1, 1)
    with pytest.raises(InputError, match="line 2: not valid UTF-8"):
        build_filter([src], tmp_path / "u.bpf", fmt="plain", strict=True)


def test_tiers_need_counts(tmp_path: Path) -> None:
    """Tiers and --min-count on input without counts are refused, not silently ignored."""
    src = tmp_path / "p.txt"
    src.write_text("password1\n")
    with pytest.raises(InputError, match="need HIBP"):
        build_filter([src], tmp_path / "p.bpf", tiers=(1, 100))


def test_kind_mismatch_refused(write_hibp: Callable[..., Path], tmp_path: Path) -> None:
    """Asking for NTLM on a SHA-1 file is refused."""
    src = write_hibp(random_digests(3), [1, 2, 3])
    with pytest.raises(InputError, match="sha1 hashes, not ntlm"):
        build_filter([src], tmp_path / "k.bpf", kind="ntlm")


def test_rebuild_replaces_atomically(write_hibp: Callable[..., Path], tmp_path: Path) -> None:
    """Rebuilding over an open filter replaces the file; the old mapping keeps working."""
    out = tmp_path / "r.bpf"
    build_filter([write_hibp(random_digests(10, seed=1), [1] * 10, name="a.txt")], out)
    old = BreachFilter(out)
    d2 = random_digests(10, seed=2)
    build_filter([write_hibp(d2, [1] * 10, name="b.txt")], out)
    assert old.tier_of_digest(bytes(random_digests(10, seed=1)[0])) == 0
    with BreachFilter(out) as new:
        assert new.tier_of_digest(bytes(d2[0])) == 0
    old.close()
    verify_filter(out)


def test_multiple_inputs(tmp_path: Path) -> None:
    """Several input files go into one filter."""
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text("alpha\n")
    b.write_text("beta\n")
    out = tmp_path / "ab.bpf"
    result = build_filter([a, b], out)
    assert result.entries == 2 and "a.txt, b.txt" in result.header.source
    with BreachFilter(out) as f:
        assert f.seen_at_least("alpha") == 1 and f.seen_at_least("beta") == 1


def test_real_leaked_list(xato_path: Path, tmp_path: Path) -> None:
    """Every password of the real xato top-175k list (CRLF) is found in a filter built from it."""
    out = tmp_path / "xato.bpf"
    result = build_filter([xato_path], out, fmt="plain")
    words, undecodable = [], 0
    for raw in xato_path.read_bytes().split(b"\n"):
        raw = raw.removesuffix(b"\r")
        try:
            if raw:
                words.append(raw.decode("utf-8"))
        except UnicodeDecodeError:
            undecodable += 1
    assert result.lines_not_utf8 == undecodable
    assert result.entries >= len(words) > 170_000
    digests = b"".join(hashlib.sha1(w.encode()).digest() for w in words)
    d = np.frombuffer(digests, dtype=np.uint8).reshape(-1, 20)
    with BreachFilter(out) as f:
        assert (f.tiers_batch(*_words(d)) == 0).all()
        assert f.seen_at_least(words[0]) == 1
