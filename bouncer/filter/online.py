"""Opt-in online check against the Have I Been Pwned range API (k-anonymity).

Only the first 5 hex digits of the password's SHA-1 leave the machine; the
response lists every known suffix under that prefix and is matched locally.
The `Add-Padding: true` header makes every response 800-1,000 rows long (padding
rows have count 0 and are ignored), so its size does not hint at the prefix.
Any failure (timeout, HTTP error, malformed body) raises FilterError: the rule
then fails closed unless the policy chose on_error = "accept".
"""

from __future__ import annotations

import os

from bouncer.candidate import Candidate
from bouncer.errors import FilterError
from bouncer.filter.hashing import sha1

__all__ = ["online_count", "HIBP_RANGE_URL"]

HIBP_RANGE_URL = "https://api.pwnedpasswords.com/range/"
# A password change waits on this call: a slow API must not hold the user for long.
TIMEOUT_SECONDS = 2.0
USER_AGENT = "password-bouncer"


def _base_url() -> str:
    # Overridable for tests and for self-hosted mirrors of the range API.
    return os.environ.get("BOUNCER_HIBP_URL", HIBP_RANGE_URL)


def online_count(pw: Candidate) -> int:
    """How often HIBP has seen the password (raw or NFC form); 0 if never.

    Raises:
        FilterError: the API could not be reached or answered unexpectedly.
    """
    import requests

    forms = (pw.raw,) if pw.nfc == pw.raw else (pw.raw, pw.nfc)
    best = 0
    for form in forms:
        full = sha1(form).hex().upper()
        prefix, suffix = full[:5], full[5:]
        try:
            resp = requests.get(
                _base_url() + prefix,
                headers={"Add-Padding": "true", "User-Agent": USER_AGENT},
                timeout=TIMEOUT_SECONDS,
            )
            resp.raise_for_status()
        except requests.RequestException as exc:
            # The exception text holds the URL, which holds the prefix: keep only its type.
            raise FilterError(f"HIBP range API unavailable: {exc.__class__.__name__}") from None
        for line in resp.text.splitlines():
            head, sep, count = line.strip().partition(":")
            if not sep or not count.isdigit():
                raise FilterError("HIBP range API: malformed response")
            if head.upper() == suffix and int(count) > 0:
                best = max(best, int(count))
    return best
