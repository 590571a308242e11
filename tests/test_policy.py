"""Policy files: schema errors name the file and the field, unknown keys are refused, values never echoed."""

from __future__ import annotations

from pathlib import Path

import pytest

from bouncer import PolicyError, load_policy
from bouncer.resources import policies_dir

# A value that must never appear in an error message (it sits where a password could).
MARKER = "hunter2-do-not-echo"


def _write(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "policy.toml"
    path.write_text(body, encoding="utf-8")
    return path


def test_valid_file_loads(tmp_path: Path) -> None:
    """A minimal valid policy file loads with its defaults filled in."""
    policy = load_policy(_write(tmp_path, 'name = "ok"\n[[rules]]\ntype = "length"\nmin = 10\n'))
    assert policy.name == "ok" and policy.mode == "enforce" and policy.report == "all"


def test_error_names_file_and_field(tmp_path: Path) -> None:
    """A bad rule option is reported as `<file>: rules.<i>.<type>.<field>: <why>`."""
    path = _write(tmp_path, 'name = "x"\n[[rules]]\ntype = "length"\nmin = 0\n')
    with pytest.raises(PolicyError) as err:
        load_policy(path)
    assert str(err.value).startswith(f"{path}: rules.0.length.min: ")


@pytest.mark.parametrize(
    "body",
    [
        f'name = "x"\n{MARKER.replace("-", "_")} = 1\n[[rules]]\ntype = "length"\n',
        'name = "x"\n[[rules]]\ntype = "length"\nminimum = 3\n',
        'name = "x"\n[[rules]]\ntype = "length"\n'
        '[[examples]]\npassword = "a"\nexpect = "accept"\nextra = 1\n',
    ],
    ids=["top-level", "rule", "example"],
)
def test_unknown_keys_rejected(tmp_path: Path, body: str) -> None:
    """Unknown keys anywhere (policy, rule, example) are an error naming the key."""
    with pytest.raises(PolicyError) as err:
        load_policy(_write(tmp_path, body))
    assert "Extra inputs are not permitted" in str(err.value)


def test_unknown_rule_type_rejected(tmp_path: Path) -> None:
    """A rule type that is not registered is refused, naming the field."""
    with pytest.raises(PolicyError) as err:
        load_policy(_write(tmp_path, 'name = "x"\n[[rules]]\ntype = "no_such_rule"\n'))
    assert "rules.0" in str(err.value)


@pytest.mark.parametrize(
    "body",
    [
        f'name = "x"\n[[rules]]\ntype = "length"\nmin = "{MARKER}"\n',
        f'name = "x"\nmode = "{MARKER}"\n[[rules]]\ntype = "length"\n',
        f'name = "x"\n[[rules]]\ntype = "length"\n[[examples]]\npassword = "{MARKER}"\nexpect = "maybe"\n',
        f'name = "x"\n[[rules]]\ntype = "length"\n'
        f'[[examples]]\npassword = "{MARKER}"\nexpect = "reject"\ncodes = 7\n',
        f'name = "{MARKER}!"\n[[rules]]\ntype = "length"\n',
    ],
    ids=["rule-option", "mode", "example-expect", "example-codes", "name"],
)
def test_values_not_echoed(tmp_path: Path, body: str) -> None:
    """Validation errors never repeat the offending value (examples hold passwords)."""
    with pytest.raises(PolicyError) as err:
        load_policy(_write(tmp_path, body))
    assert MARKER not in str(err.value)
    assert MARKER not in repr(err.value)


def test_invalid_toml_and_missing_file(tmp_path: Path) -> None:
    """Broken TOML and a missing file are PolicyErrors naming the path."""
    bad = _write(tmp_path, 'name = "x\n')
    with pytest.raises(PolicyError, match="invalid TOML"):
        load_policy(bad)
    with pytest.raises(PolicyError, match="not found"):
        load_policy(tmp_path / "absent.toml")


def test_unknown_preset_lists_presets() -> None:
    """An unknown preset name is a PolicyError listing the available presets."""
    with pytest.raises(PolicyError, match="nist-800-63b"):
        load_policy("no-such-preset")


def test_a_preset_name_is_never_shadowed_by_a_file_in_the_working_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file or directory named like a preset in the cwd does not replace it; './name' loads the file."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "nist-800-63b").write_text('name = "nist-800-63b"\n[[rules]]\ntype = "length"\nmin = 1\n')
    (tmp_path / "strict").mkdir()
    assert load_policy("nist-800-63b").source == (policies_dir() / "nist-800-63b.toml").resolve()
    assert load_policy("strict").source == (policies_dir() / "strict.toml").resolve()
    assert load_policy("./nist-800-63b").source == (tmp_path / "nist-800-63b").resolve()
    # A bare name that is not a preset is still a file name.
    (tmp_path / "mine").write_text('name = "mine"\n[[rules]]\ntype = "length"\nmin = 9\n')
    assert load_policy("mine").name == "mine"
