"""The streaming builder: two passes over the input, one bit array, one atomic write.

Pass 1 counts the entries of each tier (a cheap newline/count scan), so the
filter can be sized exactly for its target rate. Pass 2 parses each chunk into
keys, computes every probe's byte offset and bit with numpy and ORs them into the
bit array with `np.bitwise_or.at`. Peak memory is the filter itself plus one
chunk's arrays (about 150 MB), whatever the input size. The file is written to a
temporary name in the destination directory, fsynced and renamed over the
target, so a reader never sees a half-written filter and two racing builders
leave one complete file.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import numpy.typing as npt

from bouncer.errors import InputError
from bouncer.filter import kernels
from bouncer.filter.batch import probes_batch
from bouncer.filter.format import HashKind, Header, Tier
from bouncer.filter.hashing import digest, lookup_forms
from bouncer.filter.hexlines import count_entries
from bouncer.filter.parse import (
    InputFormat,
    Parsed,
    detect_format,
    iter_chunks,
    parse_chunk,
)
from bouncer.filter.sizing import size_for
from bouncer.filter.writer import write_filter

__all__ = ["build_filter", "build_from_passwords", "BuildResult", "DEFAULT_TARGET_FP"]

# One wrongly rejected password in a million checks, with a message that blames a breach:
# rare enough for users, and HIBP-sized filters stay near 3.6 bytes per entry.
DEFAULT_TARGET_FP = 1e-6
# Keys per probe computation: the (keys x probes) int64 offsets stay under glibc's 32 MB
# mmap threshold, so their memory is reused instead of page-faulted in afresh every time
# (measured: first-touch faults cost more than the arithmetic).
INSERT_SLICE = 1 << 17

Progress = Callable[[str, int, int], None]  # (phase, bytes done, bytes total)


@dataclass
class BuildResult:
    path: Path
    header: Header
    lines_skipped_blank: int = 0
    rows_dropped_zero: int = 0
    rows_below_min_count: int = 0
    lines_not_utf8: int = 0
    seconds: float = 0.0
    count_seconds: float = 0.0
    input_bytes: int = 0
    inputs: list[str] = field(default_factory=list)

    @property
    def entries(self) -> int:
        return self.header.tiers[0].entries


def _thresholds(tiers: Sequence[int], min_count: int, has_counts: bool) -> tuple[int, ...]:
    if min_count < 1 or any(t < 1 for t in tiers):
        raise InputError("--min-count and tier thresholds must be at least 1")
    out = tuple(sorted({max(t, min_count) for t in tiers} | {min_count}))
    if not has_counts and out != (1,):
        raise InputError("tiers and --min-count need HIBP HASH:COUNT input; this input has no counts")
    return out


def build_filter(
    inputs: Sequence[str | Path],
    output: str | Path,
    *,
    fmt: InputFormat | None = None,
    kind: HashKind | None = None,
    tiers: Sequence[int] = (1,),
    min_count: int = 1,
    target_fp: float = DEFAULT_TARGET_FP,
    source: str | None = None,
    progress: Progress | None = None,
    strict: bool = False,
) -> BuildResult:
    """Build a filter file from plaintext, HIBP or bare-hash inputs.

    Args:
        inputs: input files (all of one format and hash kind).
        output: the filter file to write (atomically replaced).
        fmt: "plain", "hibp" or "hashes"; None detects it from the first lines.
        kind: "sha1" or "ntlm"; None takes it from hex input, SHA-1 for plaintext.
        tiers: count thresholds, one Bloom region each (HIBP input only).
        min_count: drop entries seen fewer times (HIBP input only).
        target_fp: false-positive rate each tier is sized for.
        source: description stored in the header; defaults to the input file names.
        progress: called as (phase, bytes done, bytes total).
        strict: a plaintext line that is not UTF-8 is an error (default: skipped and counted).

    Raises:
        InputError: unreadable or malformed input, inconsistent options.
    """
    started = time.perf_counter()
    paths = [Path(p) for p in inputs]
    if not paths:
        raise InputError("no input files")
    fmt, kind = _resolve_format(paths, fmt, kind)
    thresholds = _thresholds(tiers, min_count, fmt == "hibp")
    total = sum(p.stat().st_size for p in paths)

    entries = [0] * len(thresholds)
    for path in paths:
        line = 1
        for chunk in _chunks(path, "count", progress, total):
            counts, lines = count_entries(chunk, fmt, kind, thresholds, str(path), line)
            line += lines
            for i, c in enumerate(counts):
                entries[i] += c
    counted = time.perf_counter()

    sizings = [size_for(n, target_fp) for n in entries]
    header = Header(
        kind=kind,
        tiers=tuple(Tier(t, 0, s.blocks, s.probes) for t, s in zip(thresholds, sizings, strict=True)),
        target_fp=target_fp,
        source=source if source is not None else f"{fmt} {kind}: " + ", ".join(p.name for p in paths),
        build_time=int(time.time()),
    )
    body = np.zeros(header.body_size, dtype=np.uint8)
    inserted = [0] * len(thresholds)
    result = BuildResult(Path(output), header, inputs=[str(p) for p in paths], input_bytes=total)
    kernel = kernels.wanted(total)
    for path in paths:
        line = 1
        for chunk in _chunks(path, "build", progress, total):
            parsed = parse_chunk(chunk, fmt, kind, str(path), line, strict, kernel)
            line += parsed.lines
            result.lines_skipped_blank += parsed.blank
            result.rows_dropped_zero += parsed.zero
            result.lines_not_utf8 += parsed.undecodable
            _insert(body, header, parsed, thresholds, inserted, result, kernel)
    if any(n > cap for n, cap in zip(inserted, entries, strict=True)):
        # The filter was sized for pass 1's count: more keys would break its target rate.
        raise InputError("the input grew while the filter was being built; build again")
    final = Header(
        kind=kind,
        tiers=tuple(
            Tier(t.threshold, n, t.blocks, t.probes) for t, n in zip(header.tiers, inserted, strict=True)
        ),
        target_fp=target_fp,
        source=header.source,
        build_time=header.build_time,
    )
    result.header = write_filter(body, final, Path(output))
    result.count_seconds = counted - started
    result.seconds = time.perf_counter() - started
    return result


def _chunks(path: Path, phase: str, progress: Progress | None, total: int) -> Iterator[bytes]:
    def tick(n: int) -> None:
        if progress is not None:
            progress(phase, n, total)

    try:
        yield from iter_chunks(path, tick)
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror or exc.__class__.__name__}") from None


def _insert(
    body: npt.NDArray[np.uint8],
    header: Header,
    parsed: Parsed,
    thresholds: tuple[int, ...],
    inserted: list[int],
    result: BuildResult,
    kernel: bool = False,
) -> None:
    if kernel:
        _insert_kernel(body, header, parsed, inserted, result)
        return
    w0, w1, w2 = parsed.w0, parsed.w1, parsed.w2
    for i, (tier, first) in enumerate(zip(header.tiers, header.block_offsets, strict=True)):
        if parsed.counts is not None:
            sel = parsed.counts >= tier.threshold
            if i == 0:
                result.rows_below_min_count += int(len(sel) - np.count_nonzero(sel))
            if not sel.all():
                w0, w1, w2 = parsed.w0[sel], parsed.w1[sel], parsed.w2[sel]
        if len(w0) == 0:
            break
        for s in range(0, len(w0), INSERT_SLICE):
            sl = slice(s, s + INSERT_SLICE)
            offsets, masks = probes_batch(w0[sl], w1[sl], w2[sl], tier.blocks, tier.probes, first)
            np.bitwise_or.at(body, offsets.ravel(), masks.ravel())
        inserted[i] += len(w0)


def _insert_kernel(
    body: npt.NDArray[np.uint8],
    header: Header,
    parsed: Parsed,
    inserted: list[int],
    result: BuildResult,
) -> None:
    from bouncer.filter import kernels

    n = len(parsed.w0)
    counts = parsed.counts if parsed.counts is not None else np.ones(n, dtype=np.int64)
    if parsed.counts is not None:
        result.rows_below_min_count += int(n - np.count_nonzero(counts >= header.tiers[0].threshold))
    done = np.zeros(len(header.tiers), dtype=np.int64)
    kernels.insert(body, parsed.w0, parsed.w1, parsed.w2, counts, n, kernels.tier_arrays(header), done)
    for i, c in enumerate(done.tolist()):
        inserted[i] += c


def build_from_passwords(
    passwords: Iterable[str],
    *,
    kind: HashKind = "sha1",
    target_fp: float = DEFAULT_TARGET_FP,
    source: str = "",
) -> tuple[Header, npt.NDArray[np.uint8]]:
    """Build an in-memory single-tier filter from plaintext passwords (small lists: all keys in memory).

    Returns the header (checksum filled in) and the body; write it with write_filter().
    """
    keys = bytearray()
    for pw in passwords:
        for form in lookup_forms(pw):  # raw and NFC, the forms lookups try
            keys += digest(form, kind)[:12]
    words = np.frombuffer(bytes(keys), dtype=">u4").astype(np.uint32).reshape(-1, 3)
    parsed = Parsed(words[:, 0].copy(), words[:, 1].copy(), words[:, 2].copy(), None)
    sizing = size_for(len(words), target_fp)
    header = Header(kind, (Tier(1, 0, sizing.blocks, sizing.probes),), target_fp, source, int(time.time()))
    body = np.zeros(header.body_size, dtype=np.uint8)
    inserted = [0]
    _insert(body, header, parsed, (1,), inserted, BuildResult(Path(), header))
    checksum = hashlib.blake2b(body.data, digest_size=32).digest()
    tiers = (Tier(1, inserted[0], sizing.blocks, sizing.probes),)
    return Header(kind, tiers, target_fp, source, header.build_time, checksum), body


def _resolve_format(
    paths: list[Path], fmt: InputFormat | None, kind: HashKind | None
) -> tuple[InputFormat, HashKind]:
    for p in paths:
        if not p.is_file():
            raise InputError(f"{p}: input file not found")
    detected, detected_kind = detect_format(paths[0])
    if fmt is None:
        fmt = detected
    if fmt != "plain":
        if detected_kind is None:
            raise InputError(f"{paths[0]}: the first line is not a SHA-1 or NTLM hash")
        if kind is not None and kind != detected_kind:
            raise InputError(f"{paths[0]}: holds {detected_kind} hashes, not {kind}")
        kind = detected_kind
    return fmt, kind or "sha1"
