"""What the commands share: dates, rules, snapshots, output and exit codes.

Exit codes: 0 success, 1 findings at or above --fail-on (or failing rule tests), 2 bad input or
usage. Bad input raises `InputError` anywhere below; the error boundary in `linter.cli.app` turns
it into one line and exit code 2.
"""

from __future__ import annotations

import os
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from linter.support.errors import InputError
from linter.support.output import write_output
from linter.support.text import one_line

if TYPE_CHECKING:
    from linter.cli.options import FailOn
    from linter.findings.model import Finding
    from linter.rules.model import Rule
    from linter.run.results import DatasetInfo
    from linter.run.settings import RunSettings
    from linter.snapshot.model import Snapshot, SnapshotWarning


def as_of_date(text: str | None) -> date:
    if text is None:
        return date.today()
    try:
        return date.fromisoformat(text)
    except ValueError:
        typer.echo(f"--as-of: not a date (YYYY-MM-DD): {text!r}", err=True)
        raise typer.Exit(2) from None


def read_snapshot(paths: list[str]) -> Snapshot:
    from linter.snapshot.loader import load_snapshot

    return load_snapshot(paths)


def exit_on(findings: list[Finding], fail_on: FailOn) -> None:
    """Exit 1 when a finding is at or above `fail_on`."""
    from linter.findings.model import fails

    if fails([f.severity for f in findings], fail_on.value):
        raise typer.Exit(1)


def rule_folders(extra: list[Path]) -> list[Path]:
    """The built-in rule packs, then the user's --rules folders (a later rule replaces an earlier one)."""
    from linter.support.resources import builtin_rules_dir

    return [builtin_rules_dir(), *extra]


# The command-line names of the settings .hybridlint.yaml may hold.
_SETTING_PARAMETERS = {
    "rules": "rules",
    "select": "select",
    "disable": "disable",
    "fail_on": "fail_on",
    "format": "output_format",
    "as_of": "as_of",
}


def run_settings(ctx: typer.Context, paths: list[str], config: Path | None, given: dict[str, Any]) -> RunSettings:
    """The settings in effect: each from the command line when given there, else from the
    configuration file (--config, or .hybridlint.yaml beside the snapshot or here), else its default."""
    from linter.findings.suppressions import find_config
    from linter.run.settings import effective, file_settings

    from_command_line = {
        name: value
        for name, value in given.items()
        # By name: typer carries its own copy of click, whose enum is not the click package's.
        if getattr(ctx.get_parameter_source(_SETTING_PARAMETERS[name]), "name", None) == "COMMANDLINE"
    }
    return effective(from_command_line, file_settings(find_config(paths, config)))


def chosen_rules(extra: list[Path], select: list[str], disable: list[str]) -> tuple[list[Rule], frozenset[str]]:
    """The rules to run (all, or those --select names) and the ids --disable names; a name that
    matches no rule is a usage error with the nearest id."""
    from linter.rules.selector import UnknownRule, resolve

    rules = load_rules(extra)
    try:
        disabled = resolve(disable, rules)
    except UnknownRule as exc:
        raise typer.BadParameter(str(exc), param_hint="--disable") from None
    if select:
        try:
            selected = resolve(select, rules)
        except UnknownRule as exc:
            raise typer.BadParameter(str(exc), param_hint="--select") from None
        rules = [rule for rule in rules if rule.id in selected]
    return rules, disabled


def load_rules(extra: list[Path]) -> list[Rule]:
    """The built-in rules and the user's; a hybridlint without its built-in rules refuses to run,
    since a lint with no rules would look clean."""
    from linter.rules.loader import load_rules as load
    from linter.rules.loader import rule_files

    builtin, *_ = folders = rule_folders(extra)
    if not rule_files(builtin):
        problem = "no built-in rules here: this hybridlint installation is incomplete; reinstall it"
        raise InputError(str(builtin), problem)
    for folder in extra:
        if not folder.is_dir():
            raise InputError(str(folder), "no such rule folder")
    return load(folders)


def warn_if_stale(eop: DatasetInfo) -> None:
    if eop.stale:
        typer.echo(
            f"warning: the {eop.instance} EOP range dataset is {eop.age_days} days old (as of {eop.as_of}); "
            "download the Microsoft 365 endpoints JSON and run 'hybridlint eop-ranges import FILE'",
            err=True,
        )


READER_WARNINGS_SHOWN = 3


def show_reader_warnings(warnings: list[SnapshotWarning], verbose: bool) -> None:
    """How many warnings the readers gave, and the first few (all with --verbose), on stderr: what
    was cut, dropped or not understood while reading changes what the findings can be trusted for."""
    if not warnings:
        return
    shown = warnings if verbose else warnings[:READER_WARNINGS_SHOWN]
    rest = "" if len(shown) == len(warnings) else f" (the first {len(shown)}; --verbose lists all)"
    typer.echo(f"{len(warnings)} reader warning(s){rest}:", err=True)
    for warning in shown:
        typer.echo(one_line(f"  {warning}"), err=True)


def write(text: str, target: Path | None) -> None:
    """To stdout, or to `target` (folders made as needed) with a note on stderr saying where."""
    if target is None:
        sys.stdout.write(text)
        return
    write_output(target, text)
    typer.echo(f"wrote {target}", err=True)


def color_terminal(mode: str = "auto") -> bool:
    """Colour for a person at a terminal: never into a pipe or file, never against NO_COLOR
    (no-color.org); FORCE_COLOR (force-color.org) or `--color always` asks for it anyway, and
    `--color never` never gives it."""
    if mode != "auto":
        return mode == "always"
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR", "0") not in ("", "0"):
        return True
    return sys.stdout.isatty() and os.environ.get("TERM") != "dumb"
