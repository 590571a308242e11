"""SHA-1 and NTLM digests against published vectors, and the Unicode forms looked up."""

from __future__ import annotations

import pytest

from bouncer.filter.hashing import digest, lookup_forms

# NTLM vectors: Microsoft's MS-NLMP examples ("Password") and the widely published
# hashcat example hashes; non-ASCII vectors from the same UTF-16LE definition.
NTLM_VECTORS = [
    ("", "31d6cfe0d16ae931b73c59d7e0c089c0"),
    ("Password", "a4f49c406510bdcab6824ee7c30fd852"),
    ("password", "8846f7eaee8fb117ad06bdd830b7586c"),
    ("hashcat", "b4b9b02e6f09a9bd760f388b67351e2b"),
]
SHA1_VECTORS = [
    ("", "da39a3ee5e6b4b0d3255bfef95601890afd80709"),
    ("abc", "a9993e364706816aba3e25717850c26c9cd0d89d"),
    ("password1", "e38ad214943daad1d64c102faec29de4afe9da3d"),
]


@pytest.mark.parametrize(("password", "expected"), NTLM_VECTORS)
def test_ntlm_vectors(password: str, expected: str) -> None:
    """NTLM is MD4 of UTF-16LE and matches the published vectors."""
    assert digest(password, "ntlm").hex() == expected


@pytest.mark.parametrize(("password", "expected"), SHA1_VECTORS)
def test_sha1_vectors(password: str, expected: str) -> None:
    """SHA-1 of UTF-8 matches the FIPS 180 and HIBP vectors."""
    assert digest(password, "sha1").hex() == expected


def test_non_ascii_uses_utf8_and_utf16le() -> None:
    """Non-ASCII passwords hash their UTF-8 (SHA-1) and UTF-16LE (NTLM) bytes."""
    import hashlib

    from Crypto.Hash import MD4

    pw = "pässwörd€😀"
    assert digest(pw, "sha1") == hashlib.sha1(pw.encode("utf-8")).digest()
    # MD4 of UTF-16LE; the emoji is a surrogate pair in UTF-16, as Windows stores it.
    assert digest(pw, "ntlm") == MD4.new(pw.encode("utf-16-le")).digest()
    assert len(pw.encode("utf-16-le")) == 2 * 9 + 4


# Non-ASCII NTLM vectors published in John the Ripper's NT format tests (UTF-8 input).
NTLM_NON_ASCII = [
    ("\u00fc", "8bd6e4fb88e01009818749c5443ea712"),
    ("\u00fc\u00fc", "cc1260adb6985ca749f150c7e0b22063"),
    ("\u20ac", "030926b781938db4365d46adc7cfbcb8"),
    ("\u20ac\u20ac", "682467b963bb4e61943e170a04f7db46"),
]


@pytest.mark.parametrize(("password", "expected"), NTLM_NON_ASCII)
def test_ntlm_non_ascii_vectors(password: str, expected: str) -> None:
    """Non-ASCII NTLM digests match John the Ripper's published vectors."""
    assert digest(password, "ntlm").hex() == expected


def test_nfc_and_nfd_digests_differ() -> None:
    """NFC and NFD spellings hash differently, which is why lookups try both."""
    assert digest("\u00fc", "ntlm") != digest("u\u0308", "ntlm")
    assert digest("\u00fc", "sha1") != digest("u\u0308", "sha1")


def test_lookup_forms_raw_then_nfc() -> None:
    """An NFD password is looked up raw and as NFC; an NFC one only once."""
    assert lookup_forms("caf\u00e9") == ("caf\u00e9",)
    assert lookup_forms("cafe\u0301") == ("cafe\u0301", "caf\u00e9")
