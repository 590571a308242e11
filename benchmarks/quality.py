"""Quality on real data: how much of a leaked list a policy rejects, how many strong passwords it accepts.

    python benchmarks/quality.py                  # full run (tens of minutes with zxcvbn on 2 cores)
    python benchmarks/quality.py --limit 5000     # quick run on the first 5,000 qualifying entries

Measured with `nist-800-63b-mfa` (minimum 8) and NO breach filter (any `breached`
rule is removed), so the figure shows what the rules themselves generalise to:

1. Leaked passwords: the entries of ../shared/data/common-passwords-xato-top175k.txt
   (a real, frequency-ordered leak list) of at least 8 code points that are NOT in
   zxcvbn's bundled `passwords` list (exact match; that list is one of the policy's
   inputs, so entries on it would be caught trivially). Target: >= 99 % rejected.
2. Strong passwords: 10,000 generated ones, a third each of random 12- and
   16-character strings over letters, digits and ASCII symbols, and 5-word
   passphrases of 4-8-letter words from zxcvbn's english_wikipedia list joined by
   spaces. A fixed seed makes runs reproducible (`--system-random` draws from
   `secrets.SystemRandom` instead). Target: >= 99.9 % accepted.

Prints counts, shares, whether each target is met, and the rejection-code histograms.
Exits 1 if a target is missed. Never writes the leaked entries anywhere; `--show-accepted N`
prints a sample of accepted leaked entries to the terminal for diagnosis only.
"""

from __future__ import annotations

import argparse
import random
import secrets
import string
import sys
import time
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator
from multiprocessing import Pool
from pathlib import Path

from zxcvbn.frequency_lists import FREQUENCY_LISTS

from bouncer import Bouncer, load_policy
from bouncer.policy import Policy, parse_policy

ROOT = Path(__file__).resolve().parent.parent
XATO = ROOT.parent / "shared" / "data" / "common-passwords-xato-top175k.txt"
POLICY = "nist-800-63b-mfa"
MIN_LENGTH = 8            # the cut: entries of length >= 8 (the policy's own minimum)
TARGET_REJECTED = 0.99    # the target for the leak list
TARGET_ACCEPTED = 0.999   # the target for generated strong passwords
STRONG_COUNT = 10_000
SEED = 20261203
PASSPHRASE_WORDS = 5
WORD_LENGTHS = range(4, 9)  # 4-8 letters: real words, not fragments, not rarities
SYMBOLS = string.punctuation  # the 32 printable ASCII symbols
ALPHABET = string.ascii_letters + string.digits + SYMBOLS
CHUNK = 256               # passwords per task when --jobs > 1: amortises inter-process overhead

_WORKER: Bouncer | None = None


def policy_without_breach(name: str) -> tuple[Policy, bool]:
    """The preset with any `breached` rule removed (and its examples dropped); True if one was removed."""
    policy = load_policy(name)
    data = policy.model_dump(mode="json", exclude={"examples"})
    kept = [rule for rule in data["rules"] if rule["type"] != "breached"]
    removed = len(kept) != len(data["rules"])
    data["rules"] = kept
    return parse_policy(data, origin=f"{name} (without breached)", source=policy.source), removed


def read_leak(path: Path) -> tuple[list[str], int]:
    """Entries in file order, deduplicated; CRLF or LF line ends; returns (entries, undecodable count)."""
    seen: set[str] = set()
    entries: list[str] = []
    bad = 0
    for raw in path.read_bytes().split(b"\n"):
        raw = raw[:-1] if raw.endswith(b"\r") else raw
        if not raw:
            continue
        try:
            entry = raw.decode("utf-8")
        except UnicodeDecodeError:
            bad += 1
            continue
        if entry not in seen:
            seen.add(entry)
            entries.append(entry)
    return entries, bad


def generate_strong(count: int, rng: random.Random) -> list[tuple[str, str]]:
    """(kind, password) pairs: a third each of random-12, random-16 and 5-word passphrases."""
    words = sorted({
        w for w in FREQUENCY_LISTS["english_wikipedia"]
        if len(w) in WORD_LENGTHS and w.isascii() and w.isalpha()
    })
    out: list[tuple[str, str]] = []
    for i in range(count):
        kind = i % 3
        if kind == 0:
            out.append(("random-12", "".join(rng.choice(ALPHABET) for _ in range(12))))
        elif kind == 1:
            out.append(("random-16", "".join(rng.choice(ALPHABET) for _ in range(16))))
        else:
            out.append(("passphrase-5", " ".join(rng.choice(words) for _ in range(PASSPHRASE_WORDS))))
    return out


def _init(policy: Policy) -> None:
    global _WORKER
    _WORKER = Bouncer(policy)


def _codes(chunk: list[str]) -> list[tuple[str, ...]]:
    assert _WORKER is not None
    return [_WORKER.check(pw).codes for pw in chunk]


def _chunks(items: list[str]) -> Iterator[list[str]]:
    for start in range(0, len(items), CHUNK):
        yield items[start:start + CHUNK]


def check_all(policy: Policy, passwords: list[str], jobs: int) -> list[tuple[str, ...]]:
    """Violation codes per password (empty tuple: accepted), in input order."""
    if jobs <= 1:
        _init(policy)
        return _codes(passwords)
    with Pool(jobs, initializer=_init, initargs=(policy,)) as pool:
        return [codes for part in pool.imap(_codes, _chunks(passwords)) for codes in part]


def histogram(results: Iterable[tuple[str, ...]], total_rejected: int, indent: str = "    ") -> None:
    counts = Counter(code for codes in results for code in codes)
    for code, n in counts.most_common():
        print(f"{indent}{code:<24} {n:>8}  ({n / max(total_rejected, 1):6.1%} of rejected)")


def _met(ok: bool) -> str:
    return "MET" if ok else "NOT MET"


def run_leak(policy: Policy, path: Path, limit: int | None, jobs: int, show: int) -> bool:
    entries, bad = read_leak(path)
    bundled = set(FREQUENCY_LISTS["passwords"])
    long_enough = [e for e in entries if len(unicodedata.normalize("NFC", e)) >= MIN_LENGTH]
    unseen = [e for e in long_enough if e not in bundled]
    if limit:
        unseen = unseen[:limit]
    print(f"leak list: {path.name}: {len(entries)} distinct entries ({bad} not UTF-8, skipped);"
          f" {len(long_enough)} of >= {MIN_LENGTH} code points; {len(unseen)} of those not in zxcvbn's"
          f" `passwords` list" + (" (limited)" if limit else ""))
    started = time.perf_counter()
    results = check_all(policy, unseen, jobs)
    elapsed = time.perf_counter() - started
    rejected = sum(1 for codes in results if codes)
    share = rejected / max(len(unseen), 1)
    print(f"  rejected: {rejected} of {len(unseen)} = {share:.3%}  (target >= {TARGET_REJECTED:.0%}:"
          f" {_met(share >= TARGET_REJECTED)})   [{elapsed:.0f} s]")
    # The stricter reading: also drop entries whose lower-case form is on the bundled list.
    folded = [(e, c) for e, c in zip(unseen, results, strict=True) if e.lower() not in bundled]
    f_rej = sum(1 for _, c in folded if c)
    print(f"  rejected, excluding case variants of bundled entries too: {f_rej} of {len(folded)}"
          f" = {f_rej / max(len(folded), 1):.3%}")
    print("  rejection codes (a password can have several):")
    histogram(results, rejected)
    only = Counter(codes[0] for codes in results if len(codes) == 1)
    print("  rejected by exactly one code (what would slip through without that rule):")
    for code, n in only.most_common():
        print(f"    {code:<24} {n:>8}")
    if show:
        sample = [e for e, c in zip(unseen, results, strict=True) if not c][:show]
        if sample:
            print(f"  first {len(sample)} accepted entries (diagnosis only, not for committing):")
        for entry in sample:
            print(f"    {entry!r}")
    return share >= TARGET_REJECTED


def run_strong(policy: Policy, count: int, rng: random.Random, jobs: int) -> bool:
    pairs = generate_strong(count, rng)
    started = time.perf_counter()
    results = check_all(policy, [pw for _, pw in pairs], jobs)
    elapsed = time.perf_counter() - started
    accepted = sum(1 for codes in results if not codes)
    share = accepted / max(len(pairs), 1)
    print(f"strong passwords: {len(pairs)} generated")
    for kind in ("random-12", "random-16", "passphrase-5"):
        mine = [c for (k, _), c in zip(pairs, results, strict=True) if k == kind]
        ok = sum(1 for c in mine if not c)
        print(f"  {kind:<13} accepted {ok} of {len(mine)} = {ok / max(len(mine), 1):.3%}")
    print(f"  accepted: {accepted} of {len(pairs)} = {share:.3%}  (target >= {TARGET_ACCEPTED:.1%}:"
          f" {_met(share >= TARGET_ACCEPTED)})   [{elapsed:.0f} s]")
    if accepted < len(pairs):
        print("  rejection codes among generated passwords:")
        histogram(results, len(pairs) - accepted)
    return share >= TARGET_ACCEPTED


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--policy", default=POLICY, help=f"preset or file (default {POLICY})")
    parser.add_argument("--leak", type=Path, default=XATO, help="leaked-password list (one per line)")
    parser.add_argument("--limit", type=int, default=None,
                        help="quick run: the first N qualifying leaked entries, at most N generated ones")
    parser.add_argument("--strong", type=int, default=STRONG_COUNT, help="generated strong passwords")
    parser.add_argument("--seed", type=int, default=SEED, help="seed for the generated passwords")
    parser.add_argument("--system-random", action="store_true", help="use secrets.SystemRandom, not the seed")
    parser.add_argument("--jobs", type=int, default=1, help="worker processes (the machine is shared)")
    parser.add_argument("--show-accepted", type=int, default=0, metavar="N",
                        help="print N accepted leaked entries (diagnosis; never commit them)")
    args = parser.parse_args(argv)

    policy, removed = policy_without_breach(args.policy)
    print(f"policy: {policy.name} {policy.version}; rules: {', '.join(r.type for r in policy.rules)};"
          f" breached rule {'removed' if removed else 'absent'}")
    ok = True
    if args.leak.is_file():
        ok &= run_leak(policy, args.leak, args.limit, args.jobs, args.show_accepted)
    else:
        print(f"leak list not found at {args.leak}: skipped (clone beside ../shared)")
        ok = False
    rng: random.Random = secrets.SystemRandom() if args.system_random else random.Random(args.seed)
    strong = args.strong if not args.limit else min(args.strong, args.limit)
    ok &= run_strong(policy, strong, rng, args.jobs)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
