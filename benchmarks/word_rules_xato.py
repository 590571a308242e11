"""Share of a real leaked list that the word rules alone reject (no strength, no breach filter).

Input: ../shared/data/common-passwords-xato-top175k.txt (not in this repository; the
script exits with a message when it is absent). Rows: entries of length >= 8, and
those of them NOT in zxcvbn's bundled `passwords` list (the issue's quality set, where
the strength rule does most of the work). Rules: `banned_words` (bundled list, whole)
and `common_passwords` (zxcvbn, normalised), as in the NIST presets.
Run from the repository root: `python benchmarks/word_rules_xato.py`.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

from bouncer import Bouncer
from bouncer.policy import parse_policy
from bouncer.wordlists import zxcvbn_passwords

XATO = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "common-passwords-xato-top175k.txt"
POLICY = parse_policy(
    {
        "name": "word-rules-xato",
        "rules": [{"type": "banned_words", "files": ["banned-words.txt"]}, {"type": "common_passwords"}],
    }
)


def main() -> None:
    if not XATO.is_file():
        sys.exit(f"leaked list not found at {XATO}")
    lines = XATO.read_bytes().decode("utf-8", "replace").splitlines()
    in_zxcvbn = set(zxcvbn_passwords())
    long_entries = [w for w in lines if len(w) >= 8]
    sets = {
        "length >= 8": long_entries,
        "length >= 8, not in zxcvbn": [w for w in long_entries if w.lower() not in in_zxcvbn],
    }
    bouncer = Bouncer(POLICY)
    for name, entries in sets.items():
        codes: Counter[str] = Counter()
        rejected = 0
        for password in entries:
            verdict = bouncer.check(password)
            rejected += not verdict.accepted
            codes.update(verdict.codes)
        print(f"{name:28} {len(entries):7} entries  rejected {rejected / len(entries):6.2%}  {dict(codes)}")


if __name__ == "__main__":
    main()
