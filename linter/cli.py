"""The `hybridlint` command line. Thin: parse arguments, call the library, print, set the exit code.

Exit codes: 0 success, 1 findings at or above --fail-on (or failing rule tests), 2 bad input or usage.
"""

from __future__ import annotations

import os
import sys
from datetime import date
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer

from linter import __version__
from linter.errors import InputError

if TYPE_CHECKING:
    from linter.rules.model import Finding
    from linter.snapshot.model import Snapshot

app = typer.Typer(
    name="hybridlint",
    help="Offline linter for Exchange hybrid mail flow (Export-Clixml / ConvertTo-Json snapshots).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
rules_app = typer.Typer(help="List, show, validate, test and document rules.", no_args_is_help=True)
app.add_typer(rules_app, name="rules")
eop_app = typer.Typer(help="The Exchange Online Protection SMTP ranges that rules compare with.", no_args_is_help=True)
app.add_typer(eop_app, name="eop-ranges")
baseline_app = typer.Typer(help="Accept today's findings so that later runs report only new ones.",
                           no_args_is_help=True)
app.add_typer(baseline_app, name="baseline")


class SnapshotFormat(str, Enum):
    table = "table"
    json = "json"


class DiffFormat(str, Enum):
    text = "text"
    json = "json"
    html = "html"


class FailOn(str, Enum):
    error = "error"
    warning = "warning"
    info = "info"
    never = "never"


def _version(value: bool) -> None:
    if value:
        typer.echo(f"hybridlint {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version.")
    ] = False,
) -> None:
    """hybridlint reads exports of both sides of an Exchange hybrid and checks their mail flow."""


def _fail(exc: InputError) -> NoReturn:
    typer.echo(str(exc), err=True)
    raise typer.Exit(2)


def _as_of(text: str | None) -> date:
    if text is None:
        return date.today()
    try:
        return date.fromisoformat(text)
    except ValueError:
        typer.echo(f"--as-of: not a date (YYYY-MM-DD): {text!r}", err=True)
        raise typer.Exit(2) from None


def _read_snapshot(paths: list[str]) -> Snapshot:
    """The snapshot of `paths`; bad input ends the run with one line and exit code 2."""
    from linter.snapshot.loader import load_snapshot

    try:
        return load_snapshot(paths)
    except InputError as exc:
        _fail(exc)


def _exit_on(findings: list[Finding], fail_on: FailOn) -> None:
    """Exit 1 when a finding is at or above `fail_on`."""
    from linter.rules.model import fails

    if fails([f.severity for f in findings], fail_on.value):
        raise typer.Exit(1)


def _load_rules(extra: list[Path]) -> list:  # type: ignore[type-arg]
    from linter.resources import builtin_rules_dir
    from linter.rules.loader import load_rules

    for folder in extra:
        if not folder.is_dir():
            _fail(InputError(str(folder), "no such rule folder"))
    try:
        return load_rules([builtin_rules_dir(), *extra])
    except InputError as exc:
        _fail(exc)


@app.command()
def snapshot(
    paths: Annotated[list[str], typer.Argument(help="Export files, folders or .zip archives.")],
    output_format: Annotated[SnapshotFormat, typer.Option("--format", help="Output format.")] = SnapshotFormat.table,
) -> None:
    """Show what was read: per file the kinds, side and count; per object its identity and source."""
    from linter.report import inventory

    result = _read_snapshot(paths)
    text = inventory.render_json(result) if output_format is SnapshotFormat.json else inventory.render_table(result)
    sys.stdout.write(text)


@app.command()
def lint(
    paths: Annotated[list[str], typer.Argument(help="Export files, folders or .zip archives.")],
    rules: Annotated[list[Path], typer.Option("--rules", help="Folder of extra rules (repeatable).")] = [],  # noqa: B006
    disable: Annotated[list[str], typer.Option("--disable", help="Rule id to skip (repeatable).")] = [],  # noqa: B006
    output_format: Annotated[str, typer.Option("--format", help=(
        "text, json, sarif, junit, csv, markdown or html; several with commas (needs --output).")
    )] = "text",
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", help="Write to this file; a folder when several formats are asked for.")] = None,
    fail_on: Annotated[FailOn, typer.Option("--fail-on", help="Lowest severity that fails the run.")] = FailOn.warning,
    as_of: Annotated[str | None, typer.Option("--as-of", help="Date that checks treat as today (YYYY-MM-DD).")] = None,
    baseline: Annotated[Path | None, typer.Option(
        "--baseline", help="Report only findings this baseline (hybridlint baseline create) does not list.")] = None,
    config: Annotated[Path | None, typer.Option(
        "--config", help="Suppressions file (default: .hybridlint.yaml beside the snapshot or here).")] = None,
    batch: Annotated[bool, typer.Option(
        "--batch", help="Each PATH is a snapshot of its own: a report each (in --output/<name>/) and a summary.")
    ] = False,
    jobs: Annotated[int, typer.Option("--jobs", "-j", min=0, help="Parallel snapshots with --batch (0: all cores).")
                    ] = 0,
) -> None:
    """Lint a snapshot with the built-in rules and any --rules folders."""
    from linter.pipeline import LintOptions, build_report
    from linter.report.formats import FORMATS, parse_formats, render

    try:
        formats = parse_formats(output_format)
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="--format") from None
    if len(formats) > 1 and output is None:
        raise typer.BadParameter("several formats need --output FOLDER", param_hint="--format")
    today = _as_of(as_of)
    loaded = _load_rules(rules)
    options = LintOptions(today, frozenset(disable), config, baseline, "junit" in formats)
    if batch:
        from linter.batch_cli import lint_batch

        code = lint_batch(paths, rules, options, tuple(formats), output, jobs, fail_on.value)
        _warn_if_stale(today)
        raise typer.Exit(code)
    try:
        report = build_report(paths, loaded, options)
    except InputError as exc:
        _fail(exc)
    _warn_if_stale(today)
    if report.baseline is not None:
        known = report.baseline
        typer.echo(f"baseline {baseline}: {len(report.findings)} new finding(s); {known['known']} known, "
                   f"{known['fixed']} fixed since", err=True)
    if output is None and formats == ["text"] and color_terminal():
        from rich.console import Console

        from linter.report.rich_text import print_report

        print_report(report, Console(highlight=False))
    elif output is None or len(formats) == 1:
        target = output / FORMATS[formats[0]][1] if output is not None and output.is_dir() else output
        _write(render(formats[0], report), target)
    else:
        for name in formats:
            _write(render(name, report), output / FORMATS[name][1])
    _exit_on(report.findings, fail_on)


def color_terminal() -> bool:
    """Colour only for a person at a terminal: never into a pipe or file, never against NO_COLOR (no-color.org)."""
    return sys.stdout.isatty() and not os.environ.get("NO_COLOR") and os.environ.get("TERM") != "dumb"


def _warn_if_stale(today: date) -> None:
    from linter.rules.eop import STALE_AFTER_DAYS, age_in_days, dataset

    age = age_in_days(today)
    if age > STALE_AFTER_DAYS:
        typer.echo(f"warning: the EOP range dataset is {age} days old (as of {dataset()['as_of']}); "
                   "download the Microsoft 365 endpoints JSON and run 'hybridlint eop-ranges import FILE'", err=True)


@app.command()
def diff(
    before: Annotated[str, typer.Argument(help="The snapshot before the change (file, folder or .zip).")],
    after: Annotated[str, typer.Argument(help="The snapshot after the change.")],
    rules: Annotated[list[Path], typer.Option("--rules", help="Folder of extra rules (repeatable).")] = [],  # noqa: B006
    output_format: Annotated[DiffFormat, typer.Option("--format", help="Output format.")] = DiffFormat.text,
    fail_on: Annotated[FailOn, typer.Option(
        "--fail-on", help="Exit 1 when the change introduces a finding at or above this severity.")] = FailOn.warning,
    as_of: Annotated[str | None, typer.Option("--as-of", help="Date that checks treat as today (YYYY-MM-DD).")] = None,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write to this file instead of stdout.")] = None,
) -> None:
    """For a pre-change audit: objects added, removed and changed, and the findings introduced and resolved."""
    from importlib import import_module

    from linter.diff import diff_snapshots
    from linter.rules.engine import lint as run_lint

    today = _as_of(as_of)
    loaded = _load_rules(rules)
    old, new = _read_snapshot([before]), _read_snapshot([after])
    result = diff_snapshots(old, new, run_lint(old, loaded, today), run_lint(new, loaded, today))
    renderer = import_module(f"linter.report.diff_{output_format.value}")
    _write(renderer.render_diff(result, before, after, today), output)
    _exit_on(result.introduced, fail_on)


def _write(text: str, target: Path | None) -> None:
    """To stdout, or to `target` (folders made as needed) with a note on stderr saying where."""
    if target is None:
        sys.stdout.write(text)
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8", newline="\n")
    typer.echo(f"wrote {target}", err=True)


@baseline_app.command("create")
def baseline_create(
    paths: Annotated[list[str], typer.Argument(help="Export files, folders or .zip archives.")],
    output: Annotated[Path, typer.Option("--output", "-o", help="The baseline file to write.")],
    rules: Annotated[list[Path], typer.Option("--rules", help="Folder of extra rules (repeatable).")] = [],  # noqa: B006
    disable: Annotated[list[str], typer.Option("--disable", help="Rule id to skip (repeatable).")] = [],  # noqa: B006
    as_of: Annotated[str | None, typer.Option("--as-of", help="Date that checks treat as today (YYYY-MM-DD).")] = None,
) -> None:
    """Lint a snapshot and record every finding's fingerprint as accepted."""
    from linter.baseline import write_baseline
    from linter.rules.engine import lint as run_lint

    today = _as_of(as_of)
    findings = run_lint(_read_snapshot(paths), _load_rules(rules), today, frozenset(disable))
    write_baseline(output, findings, today)
    typer.echo(f"wrote {output}: {len({f.fingerprint for f in findings})} finding(s) accepted")


@eop_app.command("show")
def eop_show(
    as_of: Annotated[str | None, typer.Option("--as-of", help="Date to measure the dataset's age from.")] = None,
) -> None:
    """The dataset in use: its date, origin, current and retired ranges."""
    from linter.rules.eop import STALE_AFTER_DAYS, age_in_days, dataset

    today = _as_of(as_of)
    data = dataset()
    age = age_in_days(today)
    stale = f" (older than {STALE_AFTER_DAYS})" if age > STALE_AFTER_DAYS else ""
    typer.echo(f"EOP SMTP ranges (endpoint set {data.get('endpoint_set_id', 10)}), as of {data['as_of']}, "
               f"{data['origin']}; {age} days old{stale}")
    typer.echo("current:")
    for text in data["ranges"]:
        typer.echo(f"  {text}")
    typer.echo("retired:")
    for retired in data["previously_published_in_set_10_now_removed"]:
        typer.echo(f"  {retired['range']:<28} removed in {retired.get('removed_in', '?')}")


@eop_app.command("import")
def eop_import(
    file: Annotated[Path, typer.Argument(help="JSON from https://endpoints.office.com/endpoints/worldwide?clientrequestid=<guid>")],
    as_of: Annotated[str | None, typer.Option("--as-of", help="Date the file was downloaded (default: today).")] = None,
) -> None:
    """Import the endpoints web service's answer; it takes precedence over the shipped dataset."""
    from linter.rules.eop import import_endpoints, save

    try:
        data = import_endpoints(file, _as_of(as_of))
    except InputError as exc:
        _fail(exc)
    path = save(data)
    retired = len(data["previously_published_in_set_10_now_removed"])
    typer.echo(f"imported {len(data['ranges'])} current range(s), {retired} retired, as of {data['as_of']}, "
               f"into {path}")


@rules_app.command("list")
def rules_list(
    rules: Annotated[list[Path], typer.Option("--rules", help="Folder of extra rules (repeatable).")] = [],  # noqa: B006
) -> None:
    """One line per rule: id, severity, category, kind, title."""
    for rule in _load_rules(rules):
        typer.echo(f"{rule.id:<16} {rule.severity:<8} {rule.category:<22} {rule.kind:<20} {rule.title}")


@rules_app.command("show")
def rules_show(
    rule_id: Annotated[str, typer.Argument(help="Rule id (or a former id).")],
    rules: Annotated[list[Path], typer.Option("--rules", help="Folder of extra rules (repeatable).")] = [],  # noqa: B006
) -> None:
    """Everything about one rule, as Markdown."""
    from linter.rules.docs import rule_markdown

    for rule in _load_rules(rules):
        if rule.id.lower() == rule_id.lower() or rule_id.upper() in rule.aliases:
            sys.stdout.write(rule_markdown(rule))
            return
    typer.echo(f"no rule {rule_id}", err=True)
    raise typer.Exit(2)


@rules_app.command("validate")
def rules_validate(folder: Annotated[Path, typer.Argument(help="Folder of rule files.")]) -> None:
    """Load every rule of FOLDER: schema, expressions, property names, duplicate ids."""
    from linter.rules.loader import load_rules

    if not folder.is_dir():
        _fail(InputError(str(folder), "no such rule folder"))
    try:
        loaded = load_rules([folder])
    except InputError as exc:
        _fail(exc)
    typer.echo(f"{len(loaded)} rule(s) valid in {folder}")


@rules_app.command("test")
def rules_test(
    folder: Annotated[Path | None, typer.Argument(help="Folder of rules to test (default: built-in).")] = None,
) -> None:
    """Run the test cases inside each rule; exit 1 if any fails."""
    from linter.resources import builtin_rules_dir
    from linter.rules.loader import load_rules
    from linter.rules.testing import run_tests

    target = folder or builtin_rules_dir()
    try:
        loaded = load_rules([target])
    except InputError as exc:
        _fail(exc)
    results = run_tests(loaded)
    for result in results:
        status = "PASS" if result.passed else "FAIL"
        typer.echo(f"{status} {result.rule.id}: {result.test.name}")
        for problem in result.problems:
            typer.echo(f"     {result.test.position}: {problem}")
    failed = sum(1 for r in results if not r.passed)
    typer.echo(f"{len(results) - failed} passed, {failed} failed")
    if failed:
        raise typer.Exit(1)


@rules_app.command("docs")
def rules_docs(
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", help="Write to this file (a folder: its reference.md) instead of stdout.")] = None,
    rules: Annotated[list[Path], typer.Option("--rules", help="Folder of extra rules (repeatable).")] = [],  # noqa: B006
) -> None:
    """The rule reference in Markdown, from the rules' metadata (`-o docs/rules/` for the project's)."""
    from linter.rules.docs import reference

    text = reference(_load_rules(rules))
    if output is None:
        sys.stdout.write(text)
    else:
        if output.is_dir():
            output = output / "reference.md"
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(text, encoding="utf-8")
        typer.echo(f"wrote {output}")


if __name__ == "__main__":  # pragma: no cover
    app()
