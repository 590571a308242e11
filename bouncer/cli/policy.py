"""`bouncer policy list|show|validate|test` and `bouncer explain`.

Nothing here prints an example's password: examples are named by index and note.
Exit codes: 0 fine, 1 an example failed, 2 a policy could not be loaded or used.
"""

from __future__ import annotations

import json
from typing import Any

import click

from bouncer.cli._io import EXIT_OK, EXIT_REJECT, EXIT_USAGE, fail
from bouncer.engine import Bouncer
from bouncer.errors import BouncerError
from bouncer.examples import run_examples
from bouncer.policy import DEFAULT_POLICY, list_presets, load_policy
from bouncer.reasons import Reason, render_help

__all__ = ["policy", "explain", "describe_policy"]


def _one_line(exc: BaseException) -> str:
    return str(exc).replace("\n", "; ")


def _bouncer(name_or_path: str) -> Bouncer:
    try:
        return Bouncer(name_or_path)
    except BouncerError as exc:
        fail(_one_line(exc))


def describe_policy(bouncer: Bouncer) -> dict[str, Any]:
    """The policy as `policy show --json` prints it: settings, rules with options and help texts."""
    p = bouncer.policy
    return {
        "name": p.name,
        "version": p.version,
        "description": p.description,
        "mode": p.mode,
        "report": p.report,
        "max_input": p.max_input,
        "on_error": p.on_error,
        "source": str(p.source) if p.source else None,
        "rules": [{"options": rule.describe(), "help": rule.help_texts()} for rule in bouncer.rules],
        "help": bouncer.help_texts(),
        # Only the count: examples hold passwords.
        "examples": len(p.examples),
    }


@click.group()
def policy() -> None:
    """List, show, validate and test password policies."""


@policy.command("list")
def list_cmd() -> None:
    """List the bundled presets with their descriptions."""
    status = EXIT_OK
    for name in list_presets():
        try:
            loaded = load_policy(name)
        except BouncerError as exc:
            click.echo(f"{name:<20} INVALID: {_one_line(exc)}")
            status = EXIT_USAGE
            continue
        default = " (default)" if name == DEFAULT_POLICY else ""
        click.echo(f"{name:<20} {loaded.description}{default}")
    raise SystemExit(status)


def _option_text(options: dict[str, Any]) -> str:
    return " ".join(f"{k}={json.dumps(v, ensure_ascii=False)}" for k, v in options.items() if k != "type")


@policy.command("show")
@click.argument("name_or_file")
@click.option("--json", "as_json", is_flag=True, help="Print as JSON.")
def show(name_or_file: str, as_json: bool) -> None:
    """Show a policy's settings, its rules with every option, and their help texts."""
    info = describe_policy(_bouncer(name_or_file))
    if as_json:
        click.echo(json.dumps(info, ensure_ascii=False, indent=2))
        return
    click.echo(f"{info['name']} {info['version']}  ({info['source']})")
    if info["description"]:
        click.echo(f"  {info['description']}")
    click.echo(f"mode={info['mode']} report={info['report']} max_input={info['max_input']}"
               f" on_error={info['on_error']} examples={info['examples']}")
    click.echo("rules, in the order they run:")
    for rule in info["rules"]:
        click.echo(f"  {rule['options']['type']}: {_option_text(rule['options'])}")
        for text in rule["help"]:
            click.echo(f"    - {text}")


@policy.command("validate")
@click.argument("files", nargs=-1, required=True)
def validate(files: tuple[str, ...]) -> None:
    """Validate policy files (schema, and that every rule loads). Exit 2 if any is invalid."""
    status = EXIT_OK
    for name in files:
        try:
            Bouncer(name)
        except BouncerError as exc:
            for line in str(exc).splitlines():
                click.echo(f"INVALID {line}", err=True)
            status = EXIT_USAGE
            continue
        click.echo(f"OK {name}")
    raise SystemExit(status)


@policy.command("test")
@click.argument("names", nargs=-1)
def test_cmd(names: tuple[str, ...]) -> None:
    """Run each policy's [[examples]] (default: every preset). Exit 1 if any fails."""
    status = EXIT_OK
    total = failed = 0
    for name in names or tuple(list_presets()):
        try:
            bouncer = Bouncer(name)
            outcomes = run_examples(bouncer)
        except BouncerError as exc:
            click.echo(f"ERROR {name}: {_one_line(exc)}")
            status = EXIT_USAGE
            continue
        name = bouncer.policy.name
        if not outcomes:
            click.echo(f"---- {name}: no examples")
        for outcome in outcomes:
            total += 1
            if outcome.passed:
                click.echo(f"PASS {name} {outcome.label}: {outcome.expect}"
                           + (f" [{', '.join(outcome.codes)}]" if outcome.codes else ""))
            else:
                failed += 1
                click.echo(f"FAIL {name} {outcome.label}: {outcome.problem}")
    click.echo(f"{total} examples, {failed} failed")
    if failed and status == EXIT_OK:
        status = EXIT_REJECT
    raise SystemExit(status)


@click.command()
@click.option("--policy", "-p", "name_or_file", default=DEFAULT_POLICY, show_default=True,
              help="Preset name or policy file.")
@click.option("--json", "as_json", is_flag=True, help="Print as JSON.")
def explain(name_or_file: str, as_json: bool) -> None:
    """Print what a password must satisfy under a policy."""
    bouncer = _bouncer(name_or_file)
    p = bouncer.policy
    texts = bouncer.help_texts()
    if any(getattr(rule.config, "max", None) for rule in bouncer.rules if rule.type == "length"):
        # A length rule's maximum already says it; the engine's input cap would be a second, larger one.
        texts = [t for t in texts if t != render_help(Reason.TOO_LONG, {"max_length": p.max_input})]
    # Rules with severity = "warn" only advise: say so rather than presenting them as requirements.
    enforced = {t for rule in bouncer.rules if rule.config.severity != "warn" for t in rule.help_texts()}
    advised = {t for rule in bouncer.rules if rule.config.severity == "warn" for t in rule.help_texts()}
    recommended = [t for t in texts if t in advised and t not in enforced]
    required = [t for t in texts if t not in recommended]
    if as_json:
        click.echo(json.dumps({"policy": {"name": p.name, "version": p.version}, "requirements": required,
                               "recommendations": recommended}, ensure_ascii=False))
        return
    click.echo(f"Policy {p.name} ({p.version})" + (f": {p.description}" if p.description else ""))
    click.echo("Your password must meet every requirement:")
    for text in required:
        click.echo(f"  - {text}")
    if recommended:
        click.echo("Recommended (reported as a warning, not enforced):")
        for text in recommended:
            click.echo(f"  - {text}")
    if p.mode == "audit":
        click.echo("(Audit mode: violations are reported but not enforced.)")
