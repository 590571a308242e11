"""`bouncer filter build | info | verify | query | build-default`.

Exit codes: 0 success (query: at least one password found), 1 not passing
(query: none found; verify: corrupt body), 2 usage, input or configuration error.
`query` never echoes a password: it prints line numbers and results only.
"""

from __future__ import annotations

import json
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, cast

import click

from bouncer.errors import BouncerError, FilterFormatError
from bouncer.filter.format import BLOCK_BITS, Header

if TYPE_CHECKING:
    from bouncer.filter.format import HashKind
    from bouncer.filter.parse import InputFormat

__all__ = ["filter_group"]


def _fail(exc: BaseException, code: int = 2) -> NoReturn:
    click.echo(f"error: {exc}", err=True)
    sys.exit(code)


def _tiers(text: str) -> tuple[int, ...]:
    try:
        return tuple(int(t) for t in text.split(",") if t.strip())
    except ValueError:
        raise click.BadParameter("a comma-separated list of counts, e.g. 1,100,10000") from None


def _describe(header: Header, path: str) -> dict[str, Any]:
    from bouncer.filter.sizing import blocked_fp, classic_optimum_bits

    entries = header.tiers[0].entries
    return {
        "path": path,
        "format_version": header.version,
        "hash": header.kind,
        "layout": "blocked-bloom-4k",
        "target_fp": header.target_fp,
        "size_bytes": header.file_size,
        "bits_per_entry": round(header.tiers[0].blocks * BLOCK_BITS / entries, 3) if entries else None,
        "optimum_bits_per_entry": round(classic_optimum_bits(header.target_fp), 3),
        "tiers": [
            {
                "seen_at_least": t.threshold,
                "entries": t.entries,
                "blocks": t.blocks,
                "probes": t.probes,
                "modelled_fp": blocked_fp(t.entries, t.blocks, t.probes),
            }
            for t in header.tiers
        ],
        "source": header.source,
        "built": datetime.fromtimestamp(header.build_time, tz=UTC).isoformat(timespec="seconds"),
        "checksum": "blake2b-256:" + header.checksum.hex(),
    }


@click.group("filter")
def filter_group() -> None:
    """Build, inspect, verify and query breached-password filters."""


@filter_group.command("build")
@click.argument("inputs", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="Filter file to write (replaced atomically).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["auto", "plain", "hibp", "hashes"]),
    default="auto",
    show_default=True,
    help="plain: one password per line; hibp: HASH:COUNT; hashes: one hash per line.",
)
@click.option(
    "--kind",
    type=click.Choice(["sha1", "ntlm"]),
    default=None,
    help="Hash kind (default: from hex input; sha1 for plaintext).",
)
@click.option(
    "--tiers", default="1", show_default=True, help="Count thresholds, e.g. 1,100,10000 (HIBP input)."
)
@click.option(
    "--min-count",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    help="Keep only hashes seen at least this many times (HIBP input).",
)
@click.option(
    "--fp-rate",
    type=click.FloatRange(min=0, max=0.5, min_open=True, max_open=True),
    default=None,
    help="Target false-positive rate per tier [1e-6].",
)
@click.option("--source", default=None, help="Source description stored in the header.")
@click.option(
    "--progress/--no-progress", default=None, help="Progress bar on stderr (default: if a terminal)."
)
@click.option(
    "--strict", is_flag=True, help="A plaintext line that is not UTF-8 is an error (default: skipped)."
)
def build(
    inputs: tuple[Path, ...],
    output: Path,
    fmt: str,
    kind: str | None,
    tiers: str,
    min_count: int,
    fp_rate: float | None,
    source: str | None,
    progress: bool | None,
    strict: bool,
) -> None:
    """Build a filter from plaintext lists, HIBP HASH:COUNT files or bare hash lists."""
    from bouncer.filter.build import DEFAULT_TARGET_FP, build_filter

    show = sys.stderr.isatty() if progress is None else progress
    total = sum(p.stat().st_size for p in inputs if p.is_file())
    bar = click.progressbar(length=2 * max(total, 1), label="building", file=sys.stderr) if show else None

    def tick(phase: str, n: int, _total: int) -> None:
        if bar is not None:
            bar.update(n)

    try:
        if bar is not None:
            bar.__enter__()
        result = build_filter(
            list(inputs),
            output,
            # click.Choice has already limited both to the Literal values
            fmt=cast("InputFormat | None", None if fmt == "auto" else fmt),
            kind=cast("HashKind | None", kind),
            tiers=_tiers(tiers),
            min_count=min_count,
            target_fp=fp_rate or DEFAULT_TARGET_FP,
            source=source,
            progress=tick,
            strict=strict,
        )
    except BouncerError as exc:
        _fail(exc)
    finally:
        if bar is not None:
            bar.__exit__(None, None, None)
    h = result.header
    click.echo(f"wrote {output}: {h.file_size:,} bytes, {h.kind}, target FP {h.target_fp:g}")
    for t in h.tiers:
        click.echo(
            f"  tier seen >= {t.threshold:,}: {t.entries:,} entries, {t.blocks:,} blocks, {t.probes} probes"
        )
    rate = result.entries / result.seconds if result.seconds else 0.0
    click.echo(f"  {result.seconds:.1f} s ({rate:,.0f} entries/s)")
    click.echo(
        f"  skipped: {result.lines_skipped_blank:,} blank lines, {result.rows_dropped_zero:,} ':0' rows, "
        f"{result.rows_below_min_count:,} rows below --min-count, {result.lines_not_utf8:,} lines not UTF-8"
    )


@filter_group.command("build-default")
def build_default() -> None:
    """Build the embedded default filter in the data directory (BOUNCER_DATA_DIR)."""
    from bouncer.filter.default import ensure_default_filter

    try:
        path = ensure_default_filter()
    except BouncerError as exc:
        _fail(exc)
    click.echo(str(path))


@filter_group.command("info")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def info(path: Path, as_json: bool) -> None:
    """Show a filter's header (instant: the body is not read)."""
    from bouncer.filter.format import read_header

    try:
        header = read_header(path)
    except BouncerError as exc:
        _fail(exc)
    data = _describe(header, str(path))
    if as_json:
        click.echo(json.dumps(data, indent=2))
        return
    for key, value in data.items():
        if key != "tiers":
            click.echo(f"{key}: {value}")
    for t in data["tiers"]:
        click.echo(
            f"tier seen >= {t['seen_at_least']:,}: {t['entries']:,} entries, {t['blocks']:,} blocks, "
            f"{t['probes']} probes, modelled FP {t['modelled_fp']:.3g}"
        )


@filter_group.command("verify")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
def verify(path: Path) -> None:
    """Check the header and the body checksum (reads the whole file). Exit 1 if corrupt."""
    from bouncer.filter.verify import verify_filter

    try:
        verify_filter(path)
    except FilterFormatError as exc:
        _fail(exc, 1)
    except BouncerError as exc:
        _fail(exc)
    click.echo(f"{path}: OK")


@filter_group.command("query")
@click.option("-f", "--filter", "filter_spec", required=True, help='Filter file, or "default".')
@click.option("--hashes", is_flag=True, help="Read hex hashes (HASH or HASH:COUNT) instead of passwords.")
@click.option("-c", "--count", "count_only", is_flag=True, help="Print only how many lines were found.")
def query(filter_spec: str, hashes: bool, count_only: bool) -> None:
    """Look up passwords (one per line on stdin; never echoed). Exit 0 if any found, 1 if none."""
    from bouncer.filter.registry import get_filter, resolve

    try:
        filt = get_filter(resolve(filter_spec, Path.cwd()))
        labels = ["not found"] + [f"found (seen >= {t.threshold:,})" for t in filt.header.tiers]
        found = 0
        for lines, tiers in _query_hashes(filt) if hashes else _query_plain(filt):
            found += sum(1 for t in tiers if t >= 0) if isinstance(tiers, list) else int((tiers >= 0).sum())
            if not count_only and len(lines):
                tier_list = tiers if isinstance(tiers, list) else tiers.tolist()
                click.echo("\n".join(f"{n}: {labels[t + 1]}" for n, t in zip(lines, tier_list, strict=True)))
    except BouncerError as exc:
        _fail(exc)
    if count_only:
        click.echo(str(found))
    sys.exit(0 if found else 1)


# Plaintext lines are looked up in batches of this many (one echo per batch).
PLAIN_BATCH = 4096


def _query_plain(filt: Any) -> Any:
    from bouncer.errors import InputError
    from bouncer.filter.hashing import digest, lookup_forms

    lines: list[int] = []
    tiers: list[int] = []
    for number, raw in enumerate(sys.stdin.buffer, start=1):
        try:
            text = raw.decode("utf-8").removeprefix("\ufeff").rstrip("\r\n")
        except UnicodeDecodeError:
            raise InputError(f"<stdin>: line {number}: not valid UTF-8") from None
        if not text:
            continue
        lines.append(number)
        tiers.append(max(filt.tier_of_digest(digest(form, filt.kind)) for form in lookup_forms(text)))
        if len(lines) >= PLAIN_BATCH:
            yield lines, tiers
            lines, tiers = [], []
    yield lines, tiers


def _query_hashes(filt: Any) -> Any:
    from bouncer.filter import kernels
    from bouncer.filter.hexlines import parse_query_hashes
    from bouncer.filter.parse import iter_stream_chunks

    first = 1
    for chunk in iter_stream_chunks(sys.stdin.buffer):
        # A full-size chunk means a big input: worth the compiled parser and lookup.
        kernel = kernels.wanted(len(chunk))
        w0, w1, w2, lines, count = parse_query_hashes(chunk, filt.kind, "<stdin>", first, kernel)
        first += count
        yield lines.tolist(), filt.tiers_batch(w0, w1, w2)
