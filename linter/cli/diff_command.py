"""`hybridlint diff BEFORE AFTER`: the change audit."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from linter.cli.common import as_of_date, exit_on, load_rules, write
from linter.cli.options import NO_PATHS, AsOf, FailOn, OutputFile, RuleFolders


class DiffFormat(str, Enum):
    text = "text"
    json = "json"
    html = "html"


def diff(
    before: Annotated[
        str, typer.Argument(metavar="BEFORE", help="The snapshot before the change (file, folder or .zip).")
    ],
    after: Annotated[str, typer.Argument(metavar="AFTER", help="The snapshot after the change.")],
    rules: RuleFolders = NO_PATHS,
    output_format: Annotated[
        DiffFormat, typer.Option("--format", metavar="FORMAT", help="Output format: text, json or html.")
    ] = DiffFormat.text,
    fail_on: Annotated[
        FailOn,
        typer.Option(
            "--fail-on",
            metavar="SEVERITY",
            help="Exit 1 when the change introduces a finding at or above this severity.",
        ),
    ] = FailOn.warning,
    as_of: AsOf = None,
    output: OutputFile = None,
    config: Annotated[
        Path | None,
        typer.Option(
            "--config", metavar="FILE", help="Suppressions file (default: .hybridlint.yaml beside AFTER or here)."
        ),
    ] = None,
) -> None:
    """For a pre-change audit: objects added, removed and changed, and the findings introduced and resolved.

    Findings the change introduces that the suppressions file accepts are listed apart and do not fail the run.
    """
    from linter.report.registry import DIFF_FORMATS
    from linter.run.pipeline import build_diff

    today = as_of_date(as_of)
    result = build_diff(before, after, load_rules(rules), today, config)
    render_diff = DIFF_FORMATS[output_format.value]()
    write(render_diff(result, before, after, today), output)
    exit_on(result.introduced, fail_on)
