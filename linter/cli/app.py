"""The `hybridlint` command line. Thin: parse arguments, call the library, print, set the exit code.

Exit codes: 0 success, 1 findings at or above --fail-on (or failing rule tests), 2 bad input or usage.
"""

from __future__ import annotations

import os
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from linter import __version__
from linter.cli.common import (
    FailOn,
    as_of_date,
    exit_on,
    fail,
    load_rules,
    read_snapshot,
    rule_folders,
    warn_if_stale,
    write,
)
from linter.cli.tools import eop_app, rules_app
from linter.support.errors import InputError

app = typer.Typer(
    name="hybridlint",
    help="Offline linter for Exchange hybrid mail flow (Export-Clixml / ConvertTo-Json snapshots).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
app.add_typer(rules_app, name="rules")
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


@app.command()
def snapshot(
    paths: Annotated[list[str], typer.Argument(help="Export files, folders or .zip archives.")],
    output_format: Annotated[SnapshotFormat, typer.Option("--format", help="Output format.")] = SnapshotFormat.table,
) -> None:
    """Show what was read: per file the kinds, side and count; per object its identity and source."""
    from linter.report import inventory

    result = read_snapshot(paths)
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
    from linter.report.registry import FORMATS, parse_formats, render
    from linter.run.pipeline import LintOptions, build_report

    try:
        formats = parse_formats(output_format)
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="--format") from None
    if len(formats) > 1 and output is None:
        raise typer.BadParameter("several formats need --output FOLDER", param_hint="--format")
    today = as_of_date(as_of)
    loaded = load_rules(rules)
    options = LintOptions(today, frozenset(disable), config, baseline, "junit" in formats)
    if batch:
        from linter.cli.batch import lint_batch

        try:
            code = lint_batch(paths, loaded, rule_folders(rules), options, tuple(formats), output, jobs,
                              fail_on.value)
        except InputError as exc:
            fail(exc)
        warn_if_stale(today)
        raise typer.Exit(code)
    try:
        report = build_report(paths, loaded, options)
    except InputError as exc:
        fail(exc)
    warn_if_stale(today)
    if report.baseline is not None:
        known = report.baseline
        typer.echo(f"baseline {baseline}: {len(report.findings)} new finding(s); {known.known} known, "
                   f"{known.fixed} fixed since", err=True)
    if output is None and formats == ["text"] and color_terminal():
        from rich.console import Console

        from linter.report.rich_text import print_report

        print_report(report, Console(highlight=False))
    elif output is None or len(formats) == 1:
        target = output / FORMATS[formats[0]].file_name if output is not None and output.is_dir() else output
        write(render(formats[0], report), target)
    else:
        for name in formats:
            write(render(name, report), output / FORMATS[name].file_name)
    exit_on(report.findings, fail_on)


def color_terminal() -> bool:
    """Colour only for a person at a terminal: never into a pipe or file, never against NO_COLOR (no-color.org)."""
    return sys.stdout.isatty() and not os.environ.get("NO_COLOR") and os.environ.get("TERM") != "dumb"


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
    config: Annotated[Path | None, typer.Option(
        "--config", help="Suppressions file (default: .hybridlint.yaml beside AFTER or here).")] = None,
) -> None:
    """For a pre-change audit: objects added, removed and changed, and the findings introduced and resolved.

    Findings the change introduces that the suppressions file accepts are listed apart and do not fail the run.
    """
    from importlib import import_module

    from linter.run.pipeline import build_diff

    today = as_of_date(as_of)
    loaded = load_rules(rules)
    try:
        result = build_diff(before, after, loaded, today, config)
    except InputError as exc:
        fail(exc)
    renderer = import_module(f"linter.report.diff_{output_format.value}")
    write(renderer.render_diff(result, before, after, today), output)
    exit_on(result.introduced, fail_on)


@baseline_app.command("create")
def baseline_create(
    paths: Annotated[list[str], typer.Argument(help="Export files, folders or .zip archives.")],
    output: Annotated[Path, typer.Option("--output", "-o", help="The baseline file to write.")],
    rules: Annotated[list[Path], typer.Option("--rules", help="Folder of extra rules (repeatable).")] = [],  # noqa: B006
    disable: Annotated[list[str], typer.Option("--disable", help="Rule id to skip (repeatable).")] = [],  # noqa: B006
    as_of: Annotated[str | None, typer.Option("--as-of", help="Date that checks treat as today (YYYY-MM-DD).")] = None,
) -> None:
    """Lint a snapshot and record every finding's fingerprint as accepted."""
    from linter.findings.baseline import write_baseline
    from linter.rules.engine import lint as run_lint

    today = as_of_date(as_of)
    findings = run_lint(read_snapshot(paths), load_rules(rules), today, frozenset(disable))
    try:
        write_baseline(output, findings, today)
    except InputError as exc:
        fail(exc)
    typer.echo(f"wrote {output}: {len({f.fingerprint for f in findings})} finding(s) accepted")


if __name__ == "__main__":  # pragma: no cover
    app()
