"""Every bundled preset loads, is written out in full, and passes its own examples.

The examples run through `bouncer.examples.run_examples`, the code path of
`bouncer policy test`.
"""

from __future__ import annotations

import tomllib
from typing import Any

import pytest

from bouncer import DEFAULT_POLICY, list_presets, load_policy
from bouncer.examples import run_examples
from bouncer.resources import policies_dir
from bouncer.rules import RULES

PRESETS = list_presets()
# The presets the issue requires; others (testing) may be added.
REQUIRED = {"nist-800-63b", "nist-800-63b-mfa", "pci-dss-4", "ad-complexity", "strict"}


def _raw(name: str) -> dict[str, Any]:
    return tomllib.loads((policies_dir() / f"{name}.toml").read_text(encoding="utf-8"))


def _require_registered(name: str) -> None:
    missing = sorted({r["type"] for r in _raw(name)["rules"]} - set(RULES))
    if missing:
        pytest.skip(f"{name}: rule type(s) not registered yet: {', '.join(missing)}")


def test_required_presets_exist() -> None:
    """The five presets the issue names are bundled, and nist-800-63b is the default."""
    assert REQUIRED <= set(PRESETS)
    assert DEFAULT_POLICY == "nist-800-63b"


@pytest.mark.parametrize("name", PRESETS)
def test_preset_name_matches_file(name: str) -> None:
    """A preset's `name` is its file name, so `--policy NAME` and verdicts agree."""
    assert _raw(name)["name"] == name


@pytest.mark.parametrize("name", PRESETS)
def test_preset_is_written_out_in_full(name: str) -> None:
    """Every policy setting and every rule option is explicit in the file (defaults included)."""
    _require_registered(name)
    raw = _raw(name)
    for key in ("version", "description", "mode", "report", "max_input", "on_error"):
        assert key in raw, f"{name}: {key} not written out"
    for i, rule in enumerate(raw["rules"]):
        fields = set(RULES[rule["type"]].config_model.model_fields)
        # on_error per rule is an override of the policy's; leaving it out means "the policy's".
        missing = fields - {"on_error"} - set(rule)
        if rule["type"] == "length" and "max" in missing:
            missing.discard("max")  # no maximum is a choice documented in the preset's comments
        assert not missing, f"{name}: rules.{i} ({rule['type']}) leaves {sorted(missing)} implicit"


@pytest.mark.parametrize("name", PRESETS)
def test_preset_examples_pass(name: str) -> None:
    """The preset loads and every example gives the expected verdict and codes."""
    _require_registered(name)
    outcomes = run_examples(load_policy(name))
    assert {o.expect for o in outcomes} == {"accept", "reject"}, "needs must-accept and must-reject examples"
    failures = [f"{o.label}: {o.problem}" for o in outcomes if not o.passed]
    assert not failures, f"{name}: " + "; ".join(failures)


def test_nist_examples_cover_the_issue() -> None:
    """The default preset's examples include the issue's two cases with their codes."""
    _require_registered("nist-800-63b")
    examples = {(e.password, e.expect): e for e in load_policy("nist-800-63b").examples}
    summer = examples[("Summer2024!", "reject")]
    assert {"too_short", "banned_word", "common_password", "too_guessable"} <= set(summer.codes)
    jdoe = examples[("jdoe2024!", "reject")]
    assert jdoe.codes == ["contains_username"] and jdoe.context == {"username": "jdoe"}


def test_breached_rule_is_used_only_once_registered() -> None:
    """While `breached` is not registered, presets carry it only as a marked comment."""
    for name in REQUIRED - {"pci-dss-4", "ad-complexity"}:
        types = {r["type"] for r in _raw(name)["rules"]}
        text = (policies_dir() / f"{name}.toml").read_text(encoding="utf-8")
        if "breached" in RULES:
            assert "breached" in types or "# breached: added when the breach filter lands" in text
        else:
            assert "breached" not in types
            assert "# breached: added when the breach filter lands" in text
