"""`hybridlint lint`: one snapshot (or, with --batch, each path its own) through the rules into reports."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from linter.cli.common import (
    as_of_date,
    chosen_rules,
    color_terminal,
    exit_on,
    rule_folders,
    show_reader_warnings,
    warn_if_stale,
    write,
)
from linter.cli.options import (
    NO_IDS,
    NO_PATHS,
    AsOf,
    ConfigFile,
    DisabledRules,
    FailOn,
    FailOnOption,
    RuleFolders,
    SelectedRules,
    SnapshotPaths,
)

if TYPE_CHECKING:
    from linter.run.results import Report


def lint(
    paths: SnapshotPaths,
    rules: RuleFolders = NO_PATHS,
    disable: DisabledRules = NO_IDS,
    select: SelectedRules = NO_IDS,
    output_format: Annotated[
        str,
        typer.Option(
            "--format", help=("text, json, sarif, junit, csv, markdown or html; several with commas (needs --output).")
        ),
    ] = "text",
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Write to this file; a folder when several formats are asked for."),
    ] = None,
    fail_on: FailOnOption = FailOn.warning,
    as_of: AsOf = None,
    baseline: Annotated[
        Path | None,
        typer.Option(
            "--baseline", help="Report only findings this baseline (hybridlint baseline create) does not list."
        ),
    ] = None,
    config: ConfigFile = None,
    batch: Annotated[
        bool,
        typer.Option(
            "--batch", help="Each PATH is a snapshot of its own: a report each (in --output/<name>/) and a summary."
        ),
    ] = False,
    jobs: Annotated[
        int, typer.Option("--jobs", "-j", min=0, help="Parallel snapshots with --batch (0: all cores).")
    ] = 0,
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="List every reader warning on stderr, not only the first few.")
    ] = False,
) -> None:
    """Lint a snapshot with the built-in rules and any --rules folders."""
    from linter.report.registry import parse_formats
    from linter.run.pipeline import LintOptions, build_report

    try:
        formats = parse_formats(output_format)
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="--format") from None
    if len(formats) > 1 and output is None:
        raise typer.BadParameter("several formats need --output FOLDER", param_hint="--format")
    today = as_of_date(as_of)
    loaded, disabled = chosen_rules(rules, select, disable)
    options = LintOptions(today, disabled, config, baseline, "junit" in formats)
    if batch:
        from linter.cli.batch import lint_batch

        code = lint_batch(paths, loaded, rule_folders(rules), options, tuple(formats), output, jobs, fail_on.value)
        raise typer.Exit(code)
    report = build_report(paths, loaded, options)
    warn_if_stale(report.eop_dataset)
    if formats == ["text"]:
        show_reader_warnings(report.coverage.warnings, verbose)
    if report.baseline is not None:
        known = report.baseline
        typer.echo(
            f"baseline {baseline}: {len(report.findings)} new finding(s); {known.known} known, "
            f"{known.fixed} fixed since",
            err=True,
        )
    _write_reports(report, formats, output)
    exit_on(report.findings, fail_on)


def _write_reports(report: Report, formats: list[str], output: Path | None) -> None:
    """Rich text on a terminal; otherwise each format to stdout, a file, or a file each in a folder."""
    from linter.report.registry import FORMATS, render

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
