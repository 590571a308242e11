"""The `breached` rule: honest findings with tiers, fail-closed on unreadable filters, the default filter."""

from __future__ import annotations

import hashlib
import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from bouncer import Bouncer
from bouncer.filter.build import build_filter
from bouncer.filter.registry import clear_cache
from bouncer.policy import load_policy, parse_policy


@pytest.fixture(autouse=True)
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("BOUNCER_DATA_DIR", str(tmp_path / "data"))
    clear_cache()
    yield
    clear_cache()


def _sha1(pw: str) -> str:
    return hashlib.sha1(pw.encode()).hexdigest().upper()


def _hibp_filter(
    tmp_path: Path, counts: dict[str, int], name: str = "hibp.bpf", tiers: tuple[int, ...] = (1, 100, 10_000)
) -> Path:
    src = tmp_path / (name + ".txt")
    src.write_text("".join(f"{_sha1(pw)}:{c}\r\n" for pw, c in counts.items()))
    out = tmp_path / name
    build_filter([src], out, tiers=tiers)
    return out


def _bouncer(**rule: Any) -> Bouncer:
    return Bouncer(
        parse_policy({"name": "t", "rules": [{"type": "length", "min": 4}, {"type": "breached", **rule}]})
    )


def test_default_filter_rejects_password1_offline() -> None:
    """With no network and a fresh data dir, the default filter rejects password1 as breached."""
    v = _bouncer().check("password1")
    assert not v.accepted and v.codes == ("breached",)
    finding = v.violations[0]
    assert finding.params == {"filter": "default", "seen_at_least": 1, "times": ""}
    assert finding.message == "This password appears in a list of breached passwords."
    assert _bouncer().check("unlisted-Zq8#river-lamp").accepted


def test_tiers_reject_above_min_count_and_warn_below(tmp_path: Path) -> None:
    """min_count 100: a password seen 50 times warns, one seen 500 times rejects naming its tier."""
    path = _hibp_filter(tmp_path, {"rare-one": 50, "common-one": 500, "huge-one": 20_000})
    b = _bouncer(filters=[str(path)], min_count=100)
    rare = b.check("rare-one")
    assert rare.accepted and [w.code for w in rare.warnings] == ["breached"]
    assert rare.warnings[0].params["seen_at_least"] == 1
    common = b.check("common-one")
    assert not common.accepted and common.violations[0].params["seen_at_least"] == 100
    assert "at least 100 times" in common.violations[0].message
    huge = b.check("huge-one")
    assert huge.violations[0].params["seen_at_least"] == 10_000
    assert "appears in a list of breached passwords" in huge.violations[0].message


def test_highest_tier_over_several_filters(tmp_path: Path) -> None:
    """With several filters the highest tier reached is reported, with that filter's name."""
    a = _hibp_filter(tmp_path, {"shared": 5}, name="a.bpf")
    b = _hibp_filter(tmp_path, {"shared": 200}, name="b.bpf")
    v = _bouncer(filters=[str(a), str(b)]).check("shared")
    assert v.violations[0].params["filter"] == str(b)
    assert v.violations[0].params["seen_at_least"] == 100


def test_missing_filter_fails_closed(tmp_path: Path) -> None:
    """A configured filter that cannot be read rejects with check_failed."""
    v = _bouncer(filters=[str(tmp_path / "absent.bpf")]).check("anything-long")
    assert not v.accepted and v.codes == ("check_failed",)
    assert v.violations[0].params == {"rule": "breached"}


def test_corrupt_filter_fails_closed(tmp_path: Path) -> None:
    """A truncated filter rejects with check_failed, not a silent accept."""
    path = _hibp_filter(tmp_path, {"x": 1})
    path.write_bytes(path.read_bytes()[:5000])
    assert _bouncer(filters=[str(path)]).check("anything-long").codes == ("check_failed",)


def test_fail_open_only_when_chosen(tmp_path: Path) -> None:
    """on_error = "accept" turns an unreadable filter into a check_failed warning."""
    v = _bouncer(filters=[str(tmp_path / "absent.bpf")], on_error="accept").check("anything-long")
    assert v.accepted and [w.code for w in v.warnings] == ["check_failed"]


def test_nfd_input_found_through_nfc(tmp_path: Path) -> None:
    """A password listed in NFC is found when typed in NFD."""
    path = _hibp_filter(tmp_path, {"caf\u00e9-latte": 3})
    assert _bouncer(filters=[str(path)]).check("cafe\u0301-latte").codes == ("breached",)


def test_relative_path_from_policy_file(tmp_path: Path) -> None:
    """A relative filter path resolves against the policy file's directory."""
    _hibp_filter(tmp_path, {"relpath-pw": 1}, name="rel.bpf")
    policy = tmp_path / "p.toml"
    policy.write_text('name = "p"\n[[rules]]\ntype = "breached"\nfilters = ["rel.bpf"]\n')
    assert Bouncer(load_policy(policy)).check("relpath-pw").codes == ("breached",)


def test_replaced_filter_is_reopened(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A filter rebuilt and renamed into place is used once the re-check interval has passed."""
    from bouncer.filter import registry

    monkeypatch.setattr(registry, "RECHECK_SECONDS", 0.0)
    path = _hibp_filter(tmp_path, {"first-pw": 1}, name="swap.bpf")
    b = _bouncer(filters=[str(path)])
    assert b.check("second-pw").accepted
    _hibp_filter(tmp_path, {"second-pw": 1}, name="swap.bpf")
    assert b.check("second-pw").codes == ("breached",)


def test_open_filter_is_not_restatted_within_the_interval(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Within the re-check interval a check uses the open filter without touching the file system."""
    from bouncer.filter import registry

    monkeypatch.setattr(registry, "RECHECK_SECONDS", 3600.0)
    path = _hibp_filter(tmp_path, {"first-pw": 1}, name="cached.bpf")
    b = _bouncer(filters=[str(path)])
    assert b.check("first-pw").codes == ("breached",)

    def no_stat(*args: object, **kwargs: object) -> None:
        raise AssertionError("stat() on the hot path")

    monkeypatch.setattr(registry.os, "stat", no_stat)
    assert b.check("first-pw").codes == ("breached",)


def test_verdict_never_holds_password_or_hash(tmp_path: Path) -> None:
    """The verdict JSON holds neither the password nor any form of its hash."""
    pw = "password1"
    text = json.dumps(_bouncer().check(pw).to_dict())
    full = hashlib.sha1(pw.encode()).hexdigest()
    assert pw not in text and full[:5] not in text.lower() and full[:5].upper() not in text


def test_unknown_option_refused() -> None:
    """Unknown options are a policy error (frozen schema)."""
    from bouncer.errors import PolicyError

    with pytest.raises(PolicyError):
        _bouncer(filter="x")


def test_help_text() -> None:
    """The rule states its requirement."""
    assert _bouncer().help_texts()[1] == "Do not use a password that appears in known data breaches."


class _FakeHIBP(BaseHTTPRequestHandler):
    seen: list[tuple[str, str | None]] = []
    body = ""

    def do_GET(self) -> None:  # noqa: N802 - http.server API
        _FakeHIBP.seen.append((self.path, self.headers.get("Add-Padding")))
        data = _FakeHIBP.body.encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def fake_hibp(monkeypatch: pytest.MonkeyPatch) -> Iterator[type[_FakeHIBP]]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _FakeHIBP)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    monkeypatch.setenv("BOUNCER_HIBP_URL", f"http://127.0.0.1:{server.server_address[1]}/range/")
    _FakeHIBP.seen = []
    yield _FakeHIBP
    server.shutdown()
    server.server_close()


def test_online_sends_only_prefix_and_ignores_padding(tmp_path: Path, fake_hibp: type[_FakeHIBP]) -> None:
    """Online: only the 5-hex prefix is sent with Add-Padding; `:0` rows never count as hits."""
    empty = _hibp_filter(tmp_path, {"unrelated": 1})
    pw, padded = "online-only-pw", "padding-pw"
    fake_hibp.body = "\r\n".join([f"{_sha1(pw)[5:]}:42", f"{_sha1(padded)[5:]}:0", "0" * 35 + ":3"])
    b = _bouncer(filters=[str(empty)], online=True)
    v = b.check(pw)
    assert v.codes == ("breached",) and v.violations[0].params["filter"] == "hibp-online"
    assert fake_hibp.seen[0] == (f"/range/{_sha1(pw)[:5]}", "true")
    assert b.check(padded).accepted


def test_online_failure_fails_closed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An unreachable range API rejects with check_failed (fail closed)."""
    empty = _hibp_filter(tmp_path, {"unrelated": 1})
    monkeypatch.setenv("BOUNCER_HIBP_URL", "http://127.0.0.1:9/range/")
    assert _bouncer(filters=[str(empty)], online=True).check("whatever-pw").codes == ("check_failed",)
