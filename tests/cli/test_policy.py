"""`bouncer policy list|show|validate|test` and `bouncer explain` via the real console script."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

from bouncer import list_presets
from bouncer.resources import policies_dir

from .helpers import needs_rules, run

MARKER = "hunter2-example-pw"

GOOD = f'''name = "good"
description = "A test policy."
[[rules]]
type = "length"
min = 10
[[examples]]
password = "{MARKER}"
expect = "accept"
note = "long enough"
[[examples]]
password = "short"
expect = "reject"
codes = ["too_short"]
'''

FAILING = f'''name = "failing"
[[rules]]
type = "length"
min = 10
[[examples]]
password = "{MARKER}"
expect = "reject"
note = "wrongly expected to fail"
[[examples]]
password = "tiny-{MARKER}"
expect = "reject"
codes = ["common_password"]
[[examples]]
password = "x"
expect = "reject"
codes = ["not_a_code"]
'''


def _file(tmp_path: Path, name: str, body: str) -> Path:
    path = tmp_path / name
    path.write_text(body, encoding="utf-8")
    return path


def test_list_shows_every_preset_with_description() -> None:
    """`policy list` prints each preset with its description and marks the default."""
    needs_rules(*{
        rule["type"]
        for path in policies_dir().glob("*.toml")
        for rule in tomllib.loads(path.read_text(encoding="utf-8"))["rules"]
    })
    r = run("policy", "list")
    out = r.stdout.decode()
    names = [line.split()[0] for line in out.splitlines()]
    assert names == list_presets()
    assert "testing" in out and "Only for tests" in out
    assert any(line.startswith("nist-800-63b ") and line.endswith("(default)") for line in out.splitlines())


def test_show_lists_rules_options_and_help(tmp_path: Path) -> None:
    """`policy show` prints every rule with its options and help texts, never an example password."""
    r = run("policy", "show", str(_file(tmp_path, "good.toml", GOOD)))
    assert r.returncode == 0, r.stderr
    out = r.stdout.decode()
    assert "length: " in out and "min=10" in out and "max=null" in out
    assert "    - Use at least 10 characters." in out
    assert "examples=2" in out
    assert MARKER not in out


def test_show_json(tmp_path: Path) -> None:
    """`policy show --json` gives settings, rules with options and help, and only a count of examples."""
    r = run("policy", "show", "--json", str(_file(tmp_path, "good.toml", GOOD)))
    info = json.loads(r.stdout)
    assert info["name"] == "good" and info["mode"] == "enforce" and info["examples"] == 2
    assert info["rules"][0]["options"]["min"] == 10
    assert "Use at least 10 characters." in info["rules"][0]["help"]
    assert MARKER not in r.stdout.decode()


def test_show_preset_by_name() -> None:
    """`policy show testing` loads the bundled preset by name."""
    r = run("policy", "show", "testing")
    assert r.returncode == 0 and b"testing 2026.12" in r.stdout


def test_validate(tmp_path: Path) -> None:
    """`policy validate` prints OK per good file and exits 2 naming file and field for a bad one."""
    good = _file(tmp_path, "good.toml", GOOD)
    bad = _file(tmp_path, "bad.toml", f'name = "bad"\n[[rules]]\ntype = "length"\nmin = "{MARKER}"\n')
    ok = run("policy", "validate", str(good))
    assert ok.returncode == 0 and ok.stdout.decode().strip() == f"OK {good}"
    r = run("policy", "validate", str(good), str(bad))
    assert r.returncode == 2
    assert f"INVALID {bad}: rules.0.length.min: ".encode() in r.stderr
    assert MARKER.encode() not in r.stderr + r.stdout


def test_test_passes_and_names_examples_by_index(tmp_path: Path) -> None:
    """`policy test FILE` prints PASS per example by index and note, exit 0."""
    r = run("policy", "test", str(_file(tmp_path, "good.toml", GOOD)))
    assert r.returncode == 0, r.stdout
    lines = r.stdout.decode().splitlines()
    assert lines[0].endswith("#1 (long enough): accept")
    assert lines[1].endswith("#2: reject [too_short]")
    assert lines[-1] == "2 examples, 0 failed"
    assert MARKER.encode() not in r.stdout


def test_test_failures_exit_1_without_passwords(tmp_path: Path) -> None:
    """Wrong verdicts, missing codes and unknown codes each FAIL; exit 1; no password printed."""
    r = run("policy", "test", str(_file(tmp_path, "failing.toml", FAILING)))
    assert r.returncode == 1
    out = r.stdout.decode()
    assert "FAIL failing #1 (wrongly expected to fail): expected reject, got accept" in out
    assert "FAIL failing #2: expected reject, got accept" in out
    assert "FAIL failing #3: unknown code(s) in example: not_a_code" in out
    assert out.splitlines()[-1] == "3 examples, 3 failed"
    assert MARKER not in out and MARKER.encode() not in r.stderr


def test_test_unloadable_policy_exits_2(tmp_path: Path) -> None:
    """A policy that cannot load is reported as ERROR with exit 2."""
    r = run("policy", "test", str(tmp_path / "absent.toml"))
    assert r.returncode == 2 and b"ERROR" in r.stdout


def test_explain_prints_requirements() -> None:
    """`explain` prints the policy's help texts as requirements."""
    r = run("explain", "--policy", "testing")
    assert r.returncode == 0
    out = r.stdout.decode()
    assert "Your password must meet every requirement:" in out
    assert "  - Use at least 8 characters." in out and "  - Use at most 64 characters." in out
    # The engine's input cap is not repeated when the length rule already sets a smaller maximum.
    assert "4096" not in out


def test_explain_json_and_bad_policy() -> None:
    """`explain --json` lists requirements; an unknown policy is exit 2."""
    r = run("explain", "--policy", "testing", "--json")
    data = json.loads(r.stdout)
    assert data["policy"]["name"] == "testing" and "Use at least 8 characters." in data["requirements"]
    bad = run("explain", "--policy", "no-such-preset")
    assert bad.returncode == 2 and b"unknown policy" in bad.stderr


def test_explain_separates_warn_only_rules(tmp_path: Path) -> None:
    """Help texts of rules with severity = "warn" are listed as recommendations, not requirements."""
    pol = _file(tmp_path, "warn.toml", 'name = "warn"\n[[rules]]\ntype = "length"\nmin = 10\n'
                '[[rules]]\ntype = "length"\nmin = 14\nseverity = "warn"\n')
    data = json.loads(run("explain", "--policy", str(pol), "--json").stdout)
    assert "Use at least 10 characters." in data["requirements"]
    assert data["recommendations"] == ["Use at least 14 characters."]
    out = run("explain", "--policy", str(pol)).stdout.decode()
    assert out.index("Use at least 10") < out.index("Recommended (reported as a warning, not enforced):")
    assert out.index("Recommended") < out.index("Use at least 14")
