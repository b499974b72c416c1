"""`hybridlint baseline create`: accept today's findings so that later runs report only new ones."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from linter.cli.common import as_of_date, chosen_rules, read_snapshot
from linter.cli.options import NO_IDS, NO_PATHS, AsOf, DisabledRules, RuleFolders, SelectedRules, SnapshotPaths

baseline_app = typer.Typer(
    rich_markup_mode=None, help="Accept today's findings so that later runs report only new ones.", no_args_is_help=True
)


@baseline_app.command("create")
def baseline_create(
    paths: SnapshotPaths,
    output: Annotated[Path, typer.Option("--output", "-o", help="The baseline file to write.")],
    rules: RuleFolders = NO_PATHS,
    disable: DisabledRules = NO_IDS,
    select: SelectedRules = NO_IDS,
    as_of: AsOf = None,
) -> None:
    """Lint a snapshot and record every finding's fingerprint as accepted."""
    from linter.findings.baseline import write_baseline
    from linter.run.pipeline import lint_snapshot

    today = as_of_date(as_of)
    loaded, disabled = chosen_rules(rules, select, disable)
    findings, _ = lint_snapshot(read_snapshot(paths), paths, loaded, today, disabled)
    write_baseline(output, findings, today)
    typer.echo(f"wrote {output}: {len({f.fingerprint for f in findings})} finding(s) accepted", err=True)
