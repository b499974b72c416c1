"""`hybridlint fix`: one remediation script for a lint, safe by default (linter/report/remediation_script.py)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from linter.cli.common import as_of_date, chosen_rules, run_settings, warn_if_stale
from linter.cli.options import (
    NO_IDS,
    NO_PATHS,
    AsOf,
    BaselineFile,
    ConfigFile,
    DisabledRules,
    RuleFolders,
    SelectedRules,
    SnapshotPaths,
)


def fix(
    ctx: typer.Context,
    paths: SnapshotPaths,
    rules: RuleFolders = NO_PATHS,
    disable: DisabledRules = NO_IDS,
    select: SelectedRules = NO_IDS,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", metavar="FILE", help="Write the script to this file (UTF-8 with a BOM, CRLF)."),
    ] = None,
    as_of: AsOf = None,
    baseline: BaselineFile = None,
    config: ConfigFile = None,
) -> None:
    """Write one PowerShell script that fixes the findings of a lint: dry run unless -Apply, guarded, logged.

    The same inputs, rules, suppressions and baseline as lint. Run the script in the Exchange
    Management Shell with -OnPremises and in Exchange Online PowerShell with -ExchangeOnline;
    without -Apply it changes nothing and says what it would do.
    """
    from linter.report.remediation_script import render_script
    from linter.run.pipeline import LintOptions, build_report
    from linter.support.output import write_output

    settings = run_settings(
        ctx,
        paths,
        config,
        {"rules": [str(r) for r in rules], "select": select, "disable": disable, "as_of": as_of},
    )
    rules = [Path(r) for r in settings["rules"]]
    as_of = settings["as_of"]
    loaded, disabled = chosen_rules(rules, settings["select"], settings["disable"])
    report = build_report(paths, loaded, LintOptions(as_of_date(as_of), disabled, config, baseline))
    warn_if_stale(report.eop_dataset)
    script = render_script(report, " ".join(paths))
    if output is None:
        sys.stdout.write(script)
        return
    # UTF-8 with a BOM and CRLF: Windows PowerShell 5.1 reads a script without a BOM as ANSI.
    write_output(output, "\ufeff" + script.replace("\n", "\r\n"))
    typer.echo(f"wrote {output}: run it with -OnPremises or -ExchangeOnline; add -Apply to change anything", err=True)
