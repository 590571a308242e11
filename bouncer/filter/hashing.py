"""Password -> digest, as Have I Been Pwned hashes them.

- SHA-1 of the UTF-8 bytes (HIBP's SHA-1 corpus and range API).
- NTLM: MD4 of the UTF-16LE bytes (HIBP's NTLM corpus, Windows). hashlib has no
  MD4 under OpenSSL 3, so pycryptodome's implementation is used.

Which Unicode form is looked up: the password exactly as given, and also its NFC
form when that differs (HIBP hashes whatever bytes were typed, which is NFC on
almost every keyboard; an NFD spelling of the same password must not slip past).
The digests exist only in memory during a lookup and are never stored or logged.
"""

from __future__ import annotations

import hashlib
import unicodedata

from Crypto.Hash import MD4

from bouncer.filter.format import HashKind

__all__ = ["digest", "sha1", "ntlm", "lookup_forms", "DIGEST_SIZES", "HEX_LENGTHS"]

DIGEST_SIZES: dict[str, int] = {"sha1": 20, "ntlm": 16}
HEX_LENGTHS: dict[str, int] = {k: 2 * v for k, v in DIGEST_SIZES.items()}


def sha1(password: str) -> bytes:
    return hashlib.sha1(password.encode("utf-8"), usedforsecurity=False).digest()


def ntlm(password: str) -> bytes:
    return MD4.new(password.encode("utf-16-le")).digest()


def digest(password: str, kind: HashKind) -> bytes:
    """The raw digest of `password` for a filter of `kind` ("sha1" or "ntlm")."""
    return sha1(password) if kind == "sha1" else ntlm(password)


def lookup_forms(password: str) -> tuple[str, ...]:
    """The forms looked up: the raw input, then its NFC form if different."""
    nfc = unicodedata.normalize("NFC", password)
    return (password,) if nfc == password else (password, nfc)
