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
    run_settings,
    show_reader_warnings,
    warn_if_stale,
    write,
)
from linter.cli.options import (
    NO_IDS,
    NO_PATHS,
    AsOf,
    BaselineFile,
    ColorMode,
    ConfigFile,
    DisabledRules,
    FailOn,
    FailOnOption,
    RuleFolders,
    SelectedRules,
    ShowLevel,
    SnapshotPaths,
)

if TYPE_CHECKING:
    from linter.run.results import Report


def lint(
    ctx: typer.Context,
    paths: SnapshotPaths,
    rules: RuleFolders = NO_PATHS,
    disable: DisabledRules = NO_IDS,
    select: SelectedRules = NO_IDS,
    output_format: Annotated[
        str,
        typer.Option(
            "--format",
            metavar="FORMATS",
            help="text, json, sarif, junit, csv, markdown, html or github; several with commas (needs --output).",
        ),
    ] = "text",
    output: Annotated[
        str | None,
        typer.Option(
            "--output",
            "-o",
            metavar="PATH",
            help="Write to this file; to a folder when PATH ends in / or is one, or several formats are asked for.",
        ),
    ] = None,
    show: Annotated[
        ShowLevel | None,
        typer.Option(
            "--show", metavar="SEVERITY", help="List only findings at or above this severity: error, warning, info."
        ),
    ] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print the summary line only (text format).")] = False,
    color: Annotated[
        ColorMode,
        typer.Option(
            "--color", metavar="WHEN", help="Colour on a terminal: auto (NO_COLOR, FORCE_COLOR), always, never."
        ),
    ] = ColorMode.auto,
    fail_on: FailOnOption = FailOn.warning,
    as_of: AsOf = None,
    baseline: BaselineFile = None,
    config: ConfigFile = None,
    batch: Annotated[
        bool,
        typer.Option(
            "--batch", help="Each PATH is a snapshot of its own: a report each (in --output/<name>/) and a summary."
        ),
    ] = False,
    jobs: Annotated[
        int, typer.Option("--jobs", "-j", min=0, metavar="N", help="Parallel snapshots with --batch (0: all cores).")
    ] = 0,
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="List every reader warning on stderr, not only the first few.")
    ] = False,
) -> None:
    """Lint a snapshot with the built-in rules and any --rules folders.

    Settings not given on the command line come from .hybridlint.yaml (see hybridlint config show).
    """
    from linter.report.registry import parse_formats
    from linter.run.pipeline import LintOptions, build_report

    settings = run_settings(
        ctx,
        paths,
        config,
        {
            "rules": [str(r) for r in rules],
            "select": select,
            "disable": disable,
            "fail_on": fail_on.value,
            "format": output_format.split(","),
            "as_of": as_of,
        },
    )
    rules = [Path(r) for r in settings["rules"]]
    select, disable, as_of = settings["select"], settings["disable"], settings["as_of"]
    fail_on = FailOn(settings["fail_on"])
    try:
        formats = parse_formats(",".join(settings["format"]))
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="--format") from None
    if len(formats) > 1 and output is None:
        raise typer.BadParameter("several formats need --output FOLDER", param_hint="--format")
    folder = output is not None and (output.endswith(("/", "\\")) or Path(output).is_dir() or len(formats) > 1)
    today = as_of_date(as_of)
    loaded, disabled = chosen_rules(rules, select, disable)
    options = LintOptions(today, disabled, config, baseline, "junit" in formats)
    if batch:
        from linter.cli.batch import lint_batch

        target = Path(output) if output is not None else None
        code = lint_batch(paths, loaded, rule_folders(rules), options, tuple(formats), target, jobs, fail_on.value)
        raise typer.Exit(code)
    report = build_report(paths, loaded, options)
    warn_if_stale(report.eop_dataset)
    if formats == ["text"] and not quiet:
        show_reader_warnings(report.coverage.warnings, verbose)
    if report.baseline is not None:
        known = report.baseline
        typer.echo(
            f"baseline {baseline}: {len(report.findings)} new finding(s); {known.known} known, "
            f"{known.fixed} fixed since",
            err=True,
        )
    shown = _shown(report, show)
    if quiet and output is None and formats == ["text"]:
        from linter.report.text_report import summary_line

        typer.echo(summary_line(report))
    else:
        _write_reports(shown, formats, Path(output) if output is not None else None, folder, color.value)
    if output is not None:
        from linter.report.text_report import summary_line

        typer.echo(summary_line(report), err=True)  # what was written, counted
    exit_on(report.findings, fail_on)


def _shown(report: Report, show: ShowLevel | None) -> Report:
    """The report with only the findings at or above --show listed (the exit code still counts all)."""
    if show is None:
        return report
    from dataclasses import replace

    from linter.findings.model import SEVERITY_RANK

    limit = SEVERITY_RANK[show.value]
    return replace(report, findings=[f for f in report.findings if SEVERITY_RANK[f.severity] <= limit])


def _write_reports(report: Report, formats: list[str], output: Path | None, folder: bool, color: str) -> None:
    """Rich text on a terminal; otherwise each format to stdout, a file, or a file each in a folder."""
    from linter.report.registry import FORMATS, render

    if output is None and formats == ["text"] and color_terminal(color):
        from rich.console import Console

        from linter.report.rich_text import print_report

        print_report(report, Console(highlight=False, force_terminal=color == "always" or None))
    elif output is None:
        write(render(formats[0], report), None)
    else:
        for name in formats:
            write(render(name, report), output / FORMATS[name].file_name if folder else output)
