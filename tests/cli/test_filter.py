"""`bouncer filter build | info | verify | query | build-default`, driven through the real CLI."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from bouncer.cli import cli
from bouncer.filter.registry import clear_cache


@pytest.fixture(autouse=True)
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BOUNCER_DATA_DIR", str(tmp_path / "data"))
    clear_cache()


def _run(*args: str, stdin: str | bytes | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["filter", *args], input=stdin)
    return result.exit_code, result.stdout, result.stderr


def _sha1(pw: str) -> str:
    return hashlib.sha1(pw.encode()).hexdigest().upper()


@pytest.fixture
def hibp_file(tmp_path: Path) -> Path:
    src = tmp_path / "pwned.txt"
    src.write_text(f"{_sha1('password1')}:2418984\r\n{_sha1('rarely-used')}:3\r\n")
    return src


def test_done_when_flow(hibp_file: Path, tmp_path: Path) -> None:
    """build on a HIBP file holding SHA-1(password1), then `printf 'password1\\n' | query -f` reports it."""
    out = tmp_path / "f.bpf"
    env = {**os.environ, "BOUNCER_DATA_DIR": str(tmp_path / "data")}
    bouncer = [sys.executable, "-m", "bouncer"]
    built = subprocess.run(
        [*bouncer, "filter", "build", str(hibp_file), "-o", str(out)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert built.returncode == 0, built.stderr
    assert "2 entries" in built.stdout
    q = subprocess.run(
        [*bouncer, "filter", "query", "-f", str(out)],
        input="password1\n",
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert (q.returncode, q.stdout) == (0, "1: found (seen >= 1)\n")


def test_query_never_echoes_and_exit_codes(hibp_file: Path, tmp_path: Path) -> None:
    """query prints line numbers only; exit 0 if any found, 1 if none; -c counts."""
    out = tmp_path / "f.bpf"
    assert _run("build", str(hibp_file), "-o", str(out), "--tiers", "1,1000")[0] == 0
    code, stdout, _ = _run("query", "-f", str(out), stdin="nope-1\npassword1\n\nrarely-used\n")
    assert code == 0
    assert stdout.splitlines() == ["1: not found", "2: found (seen >= 1,000)", "4: found (seen >= 1)"]
    assert "password1" not in stdout
    assert _run("query", "-f", str(out), "-c", stdin="password1\nrarely-used\nx\n")[1:2] == ("2\n",)
    assert _run("query", "-f", str(out), stdin="nothing-here\n")[0] == 1


def test_query_hashes(hibp_file: Path, tmp_path: Path) -> None:
    """--hashes reads hex hashes (bare or HASH:COUNT, any case)."""
    out = tmp_path / "f.bpf"
    _run("build", str(hibp_file), "-o", str(out))
    stdin = f"{_sha1('password1').lower()}\n{_sha1('absent')}:7\n"
    code, stdout, _ = _run("query", "-f", str(out), "--hashes", stdin=stdin)
    assert (code, stdout.splitlines()) == (0, ["1: found (seen >= 1)", "2: not found"])
    code, _, stderr = _run("query", "-f", str(out), "--hashes", stdin="xyz\n")
    assert code == 2 and "line 1" in stderr


def test_query_default_filter() -> None:
    """query -f default uses the embedded filter (built on first use)."""
    assert _run("query", "-f", "default", "-c", stdin="password1\n123456\n") == (0, "2\n", "")


def test_info_and_verify(hibp_file: Path, tmp_path: Path) -> None:
    """info shows the header (JSON too); verify passes, then fails with exit 1 on a flipped body bit."""
    out = tmp_path / "f.bpf"
    _run("build", str(hibp_file), "-o", str(out), "--source", "HIBP test file", "--fp-rate", "1e-5")
    code, stdout, _ = _run("info", str(out), "--json")
    data = json.loads(stdout)
    assert code == 0 and data["hash"] == "sha1" and data["source"] == "HIBP test file"
    assert data["target_fp"] == 1e-5 and data["tiers"][0]["entries"] == 2
    assert _run("verify", str(out))[0] == 0
    raw = bytearray(out.read_bytes())
    raw[4096 + 10] ^= 0x40
    out.write_bytes(bytes(raw))
    code, _, stderr = _run("verify", str(out))
    assert code == 1 and "checksum" in stderr
    assert _run("info", str(out))[0] == 0  # opening stays instant: the body is not checked


def test_bad_input_is_exit_2(tmp_path: Path) -> None:
    """A malformed input file exits 2 with an error naming the line, no traceback."""
    bad = tmp_path / "bad.txt"
    bad.write_text("A" * 40 + ":1\n" + "A" * 40 + ":x\n")
    code, _, stderr = _run("build", str(bad), "-o", str(tmp_path / "o.bpf"))
    assert code == 2 and "line 2" in stderr and "Traceback" not in stderr


def test_truncated_filter_is_exit_2(hibp_file: Path, tmp_path: Path) -> None:
    """query and info refuse a truncated filter with exit 2."""
    out = tmp_path / "f.bpf"
    _run("build", str(hibp_file), "-o", str(out))
    out.write_bytes(out.read_bytes()[:-10])
    assert _run("info", str(out))[0] == 2
    code, _, stderr = _run("query", "-f", str(out), stdin="x\n")
    assert code == 2 and "truncated" in stderr


def test_build_default(tmp_path: Path) -> None:
    """build-default writes the embedded filter into BOUNCER_DATA_DIR and prints its path."""
    code, stdout, _ = _run("build-default")
    path = Path(stdout.strip())
    assert code == 0 and path.parent == tmp_path / "data" and path.is_file()


def test_query_invalid_utf8_is_exit_2(hibp_file: Path, tmp_path: Path) -> None:
    """A stdin line that is not UTF-8 exits 2 naming the line, without quoting its bytes."""
    out = tmp_path / "f.bpf"
    _run("build", str(hibp_file), "-o", str(out))
    code, _, stderr = _run("query", "-f", str(out), stdin=b"ok\nab\xffcd\n")
    assert code == 2 and "line 2: not valid UTF-8" in stderr and "0xff" not in stderr
