"""Cost of the word rules per check, as ratios to a baseline measured in the same run.

Baseline: the median time of the word rules on typical passwords (8-20 characters).
Rows: the median for each input family, and its ratio to the baseline. Run from the
repository root: `python benchmarks/word_rules_cost.py` (no network, ~10 s).
"""

from __future__ import annotations

import random
import statistics
import string
import time

from bouncer import Bouncer
from bouncer.policy import parse_policy

# The word rules with every option that costs something turned on.
POLICY = parse_policy(
    {
        "name": "word-rules-cost",
        "rules": [
            {"type": "context_words"},
            {"type": "context_words", "match": "whole"},
            {"type": "banned_words", "files": ["banned-words.txt"], "tokens": True, "edit_distance": 1},
            {"type": "common_passwords"},
            {"type": "previous_password"},
        ],
    }
)
CONTEXT = {
    "username": "jdoe",
    "email": "jdoe@acme-corp.com",
    "display_name": "John Doe",
    "words": ["payroll"],
}
TYPICAL = ["Summer2024!", "P@ssw0rd2024", "correct horse battery staple", "jdoe2024!", "Tr0ub4dor&3",
           "iloveyou123", "Welcome1!", "qwertyuiop", "blink182rocks", "monkey-banana-7"]  # fmt: skip
ROUNDS = 200


def _median_ms(bouncer: Bouncer, inputs: list[tuple[str, str]], rounds: int) -> float:
    times = []
    for i in range(rounds):
        password, previous = inputs[i % len(inputs)]
        start = time.perf_counter()
        bouncer.check(password, {**CONTEXT, "previous_password": previous})
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def main() -> None:
    rng = random.Random(7)
    alphabet = string.ascii_letters + string.digits + string.punctuation
    families: dict[str, list[tuple[str, str]]] = {
        "typical (baseline)": [(p, "Autumn2023!") for p in TYPICAL],
        "random 16": [("".join(rng.choices(alphabet, k=16)), "Autumn2023!") for _ in range(50)],
        "4096 letters, previous shifted": [("ab" * 2048, "ba" * 2048)],
        "4096 leet symbols": [("1!|7" * 1024, "x")],
        "4096 one letter in symbols": [("!" * 2048 + "x" + "!" * 2047, "x")],
        "4096 random": [("".join(rng.choices(alphabet, k=4096)), "x") for _ in range(5)],
        "l33t 16-72": [(("P@$$w0rd!1|7" * 6)[:n], "x") for n in (16, 32, 48, 72)],
    }
    bouncer = Bouncer(POLICY)
    _median_ms(bouncer, families["typical (baseline)"], 50)  # warm caches (word lists, regexes)
    base = _median_ms(bouncer, families["typical (baseline)"], ROUNDS)
    print(f"{'family':34} {'median ms':>10} {'x baseline':>11}")
    for name, inputs in families.items():
        ms = base if name.startswith("typical") else _median_ms(bouncer, inputs, max(20, ROUNDS // 4))
        print(f"{name:34} {ms:10.3f} {ms / base:11.1f}")


if __name__ == "__main__":
    main()
