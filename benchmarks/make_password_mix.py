"""Generate benchmarks/data/password-mix.txt once (fixed seed; the file is committed).

The mix: 70 % real leaked passwords (drawn uniformly from zxcvbn's bundled `passwords`
list of 30,000 entries), 20 % random 16-character strings, 10 %
5-word passphrases (words from zxcvbn's `english_wikipedia` list). One per line.

    .venv/bin/python benchmarks/make_password_mix.py
"""

from __future__ import annotations

import random
import string
from pathlib import Path

from zxcvbn.frequency_lists import FREQUENCY_LISTS

SEED = 20261203
SIZE = 2000  # enough distinct bodies that no cache sees the same password twice in a row
OUT = Path(__file__).resolve().parent / "data" / "password-mix.txt"
RANDOM_ALPHABET = string.ascii_letters + string.digits + "!#$%&*+-.:;<=>?@^_~"


def build(rng: random.Random) -> list[str]:
    leaked = [w for w in FREQUENCY_LISTS["passwords"] if w.isprintable() and "\n" not in w]
    words = [w for w in FREQUENCY_LISTS["english_wikipedia"][:20000] if w.isalpha() and 3 <= len(w) <= 9]
    mix = []
    for i in range(SIZE):
        share = i % 10
        if share < 7:
            mix.append(rng.choice(leaked))
        elif share < 9:
            mix.append("".join(rng.choice(RANDOM_ALPHABET) for _ in range(16)))
        else:
            mix.append(" ".join(rng.choice(words) for _ in range(5)))
    rng.shuffle(mix)
    return mix


if __name__ == "__main__":
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text("\n".join(build(random.Random(SEED))) + "\n", encoding="utf-8")
    print(f"wrote {OUT} ({SIZE} passwords)")
