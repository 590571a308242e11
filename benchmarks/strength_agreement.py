"""How closely the bounded zxcvbn adapter agrees with plain zxcvbn, where zxcvbn can answer.

Usage:
    python benchmarks/strength_agreement.py [--samples 3000] [--generated 200] [--passwords PATH]

Compares `bouncer.strength.estimate` with `zxcvbn(password, user_inputs)` on:
- real leaked passwords (all of them fit in one piece: expected identical);
- generated inputs of 49-72 code points (longer than one piece, within zxcvbn's
  own limit of 72): passphrases, joined leaked words, random printable strings,
  and weak repeated patterns ("monkey12" x 7).

Prints, per group, the share with the same score, how many scored lower (stricter)
or higher (more lenient) than zxcvbn, and the spread of the log10 guess difference
(ours minus zxcvbn's; strongly negative for strong inputs because scoring stops
at 10^12, where the score is already 4). Exits 0.
"""

from __future__ import annotations

import argparse
import random
import statistics
import string
from decimal import Decimal
from pathlib import Path

from zxcvbn import zxcvbn
from zxcvbn.frequency_lists import FREQUENCY_LISTS

from bouncer.strength import WINDOW, estimate

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_PASSWORDS = ROOT.parent / "shared" / "data" / "common-passwords-xato-top175k.txt"
USER_INPUTS = ["jdoe", "john.doe", "john", "doe"]


def compare(passwords: list[str]) -> str:
    same = lower = higher = 0
    diffs = []
    for pw in passwords:
        theirs = zxcvbn(pw, user_inputs=USER_INPUTS)
        ours = estimate(pw, USER_INPUTS)
        same += ours.score == theirs["score"]
        lower += ours.score < theirs["score"]
        higher += ours.score > theirs["score"]
        diffs.append(ours.guesses_log10 - float(Decimal(theirs["guesses"]).log10()))
    diffs.sort()
    return (f"{len(passwords)} | {same / len(passwords):.1%} | {lower} | {higher} | "
            f"{statistics.median(diffs):+.1f} | {diffs[0]:+.1f} .. {diffs[-1]:+.1f}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--samples", type=int, default=3000)
    ap.add_argument("--generated", type=int, default=200, help="generated inputs per group")
    ap.add_argument("--passwords", type=Path, default=DEFAULT_PASSWORDS)
    ap.add_argument("--seed", type=int, default=2026)
    args = ap.parse_args()
    rng = random.Random(args.seed)

    groups: dict[str, list[str]] = {}
    leaked: list[str] = []
    if args.passwords.is_file():
        leaked = args.passwords.read_text(encoding="utf-8", errors="replace").splitlines()
        fits = [p for p in leaked if 0 < len(p) <= WINDOW and p.isprintable()]
        groups[f"real passwords (<= {WINDOW}, one piece)"] = rng.sample(fits, min(args.samples, len(fits)))
    else:
        print(f"note: {args.passwords} not found; real passwords skipped")
    english = FREQUENCY_LISTS["english_wikipedia"][:20000]
    words = [w for w in leaked if w.isalpha() and 4 <= len(w) <= 8][:5000] or english[:5000]
    n = args.generated

    def sized(make: object) -> list[str]:
        out: list[str] = []
        while len(out) < n:
            pw = make()  # type: ignore[operator]
            if WINDOW < len(pw) <= 72:
                out.append(pw)
        return out

    groups["passphrases of English words (49-72)"] = sized(
        lambda: " ".join(rng.choice(english) for _ in range(rng.randint(5, 10))))
    groups["joined leaked words (49-72)"] = sized(
        lambda: "".join(rng.choice(words) for _ in range(rng.randint(6, 10))))
    groups["random printable (49-72)"] = sized(
        lambda: "".join(rng.choice(string.printable[:94]) for _ in range(rng.randint(49, 72))))
    groups["weak repeated patterns (49-72)"] = sized(
        lambda: (rng.choice(words) + str(rng.randint(0, 99))) * rng.randint(4, 9))

    print("| inputs | n | same score | ours lower | ours higher | log10 diff median | min .. max |")
    print("|---|---|---|---|---|---|---|")
    for name, passwords in groups.items():
        print(f"| {name} | {compare(passwords)} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
