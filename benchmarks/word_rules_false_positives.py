"""Share of generated strong passwords that the word rules reject (lower is better).

Families: random 12- and 16-character strings over letters, digits and symbols, and
five-word passphrases drawn from the 5,000 most frequent words of zxcvbn's bundled
English Wikipedia list; the context is a user John Doe, jdoe@acme-corp.com. Prints
the rejected share per family and per reason code. Run from the repository root:
`python benchmarks/word_rules_false_positives.py [N]` (default N = 3000 per family).
"""

from __future__ import annotations

import random
import string
import sys
from collections import Counter

from zxcvbn.frequency_lists import FREQUENCY_LISTS

from bouncer import Bouncer
from bouncer.policy import parse_policy

POLICY = parse_policy(
    {
        "name": "word-rules-fp",
        "rules": [
            {"type": "context_words"},
            {"type": "banned_words", "files": ["banned-words.txt"], "tokens": True, "edit_distance": 1},
            {"type": "common_passwords"},
        ],
    }
)
CONTEXT = {"username": "jdoe", "email": "jdoe@acme-corp.com", "display_name": "John Doe"}


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 3000
    rng = random.Random(2026)
    alphabet = string.ascii_letters + string.digits + string.punctuation
    words = [w for w in FREQUENCY_LISTS["english_wikipedia"][:5000] if len(w) >= 3]
    families = {
        "random 12": lambda: "".join(rng.choices(alphabet, k=12)),
        "random 16": lambda: "".join(rng.choices(alphabet, k=16)),
        "5-word passphrase": lambda: " ".join(rng.choices(words, k=5)),
    }
    bouncer = Bouncer(POLICY)
    print(f"{'family':20} {'rejected':>9}  codes")
    for name, make in families.items():
        codes: Counter[str] = Counter()
        rejected = 0
        for _ in range(n):
            verdict = bouncer.check(make(), CONTEXT)
            rejected += not verdict.accepted
            codes.update(verdict.codes)
        print(f"{name:20} {rejected / n:9.2%}  {dict(codes)}")


if __name__ == "__main__":
    main()
