"""What the command-line modules share: exiting on bad input, dates, rules, snapshots, output.

Exit codes: 0 success, 1 findings at or above --fail-on (or failing rule tests), 2 bad input or usage.
"""

from __future__ import annotations

import sys
from datetime import date
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import typer

from linter.support.errors import InputError
from linter.support.output import write_output

if TYPE_CHECKING:
    from linter.findings.model import Finding
    from linter.rules.model import Rule
    from linter.snapshot.model import Snapshot


class FailOn(str, Enum):
    error = "error"
    warning = "warning"
    info = "info"
    never = "never"


def fail(exc: InputError) -> NoReturn:
    typer.echo(str(exc), err=True)
    raise typer.Exit(2)


def as_of_date(text: str | None) -> date:
    if text is None:
        return date.today()
    try:
        return date.fromisoformat(text)
    except ValueError:
        typer.echo(f"--as-of: not a date (YYYY-MM-DD): {text!r}", err=True)
        raise typer.Exit(2) from None


def read_snapshot(paths: list[str]) -> Snapshot:
    """The snapshot of `paths`; bad input ends the run with one line and exit code 2."""
    from linter.snapshot.loader import load_snapshot

    try:
        return load_snapshot(paths)
    except InputError as exc:
        fail(exc)


def exit_on(findings: list[Finding], fail_on: FailOn) -> None:
    """Exit 1 when a finding is at or above `fail_on`."""
    from linter.findings.model import fails

    if fails([f.severity for f in findings], fail_on.value):
        raise typer.Exit(1)


def rule_folders(extra: list[Path]) -> list[Path]:
    """The built-in rule packs, then the user's --rules folders (a later rule replaces an earlier one)."""
    from linter.support.resources import builtin_rules_dir

    return [builtin_rules_dir(), *extra]


def load_rules(extra: list[Path]) -> list[Rule]:
    from linter.rules.loader import load_rules as load

    for folder in extra:
        if not folder.is_dir():
            fail(InputError(str(folder), "no such rule folder"))
    try:
        return load(rule_folders(extra))
    except InputError as exc:
        fail(exc)


def warn_if_stale(today: date) -> None:
    from linter.datasets.eop_ranges import STALE_AFTER_DAYS, age_in_days, dataset

    age = age_in_days(today)
    if age > STALE_AFTER_DAYS:
        typer.echo(f"warning: the EOP range dataset is {age} days old (as of {dataset()['as_of']}); "
                   "download the Microsoft 365 endpoints JSON and run 'hybridlint eop-ranges import FILE'", err=True)


def write(text: str, target: Path | None) -> None:
    """To stdout, or to `target` (folders made as needed) with a note on stderr saying where."""
    if target is None:
        sys.stdout.write(text)
        return
    try:
        write_output(target, text)
    except InputError as exc:
        fail(exc)
    typer.echo(f"wrote {target}", err=True)
