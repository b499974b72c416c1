"""`hybridlint eop-ranges ...`: the Exchange Online Protection ranges that rules compare addresses with."""

from __future__ import annotations

from datetime import date
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from linter.cli.common import as_of_date

eop_app = typer.Typer(
    rich_markup_mode=None,
    help="The Exchange Online Protection SMTP ranges that rules compare with.",
    no_args_is_help=True,
)


class Instance(str, Enum):
    """The Microsoft 365 endpoints web service instances (hybrid-facts 2.1)."""

    worldwide = "Worldwide"
    gcc_high = "USGovGCCHigh"
    dod = "USGovDoD"
    china = "China"


@eop_app.command("show")
def eop_show(
    instance: Annotated[
        Instance | None, typer.Option("--instance", help="One instance only (default: every instance).")
    ] = None,
    as_of: Annotated[str | None, typer.Option("--as-of", help="Date to measure the datasets' age from.")] = None,
) -> None:
    """The datasets in use, one per instance: date, origin, current and retired ranges."""
    from linter.datasets.eop_ranges import INSTANCES, STALE_AFTER_DAYS, dataset

    today = as_of_date(as_of)
    for name in [instance.value] if instance else INSTANCES:
        data = dataset(name)
        if data is None:
            typer.echo(f"{name}: none shipped or imported (run 'hybridlint eop-ranges import FILE' with its JSON)")
            continue
        age = (today - date.fromisoformat(data.as_of)).days
        stale = f" (older than {STALE_AFTER_DAYS})" if age > STALE_AFTER_DAYS else ""
        typer.echo(
            f"{name}: EOP SMTP ranges (endpoint set {data.endpoint_set_id}), as of {data.as_of}, "
            f"{data.origin}; {age} days old{stale}"
        )
        typer.echo("  current:")
        for text in data.ranges:
            typer.echo(f"    {text}")
        typer.echo("  retired:")
        for retired in data.retired:
            typer.echo(f"    {retired.range:<28} removed in {retired.removed_in}")


@eop_app.command("import")
def eop_import(
    file: Annotated[
        Path,
        typer.Argument(
            help="JSON from https://endpoints.office.com/endpoints/<instance>?clientrequestid=<guid> "
            "(instance: worldwide, USGovGCCHigh, USGovDoD or China)"
        ),
    ],
    instance: Annotated[
        Instance | None,
        typer.Option("--instance", help="The instance the file is from (default: told from its host names)."),
    ] = None,
    as_of: Annotated[str | None, typer.Option("--as-of", help="Date the file was downloaded (default: today).")] = None,
) -> None:
    """Import the endpoints web service's answer; it takes precedence over the shipped dataset of its instance."""
    from linter.datasets.eop_ranges import import_endpoints, save

    data = import_endpoints(file, as_of_date(as_of), instance.value if instance else None)
    path = save(data)
    typer.echo(
        f"imported {len(data['ranges'])} current range(s) of the {data['instance']} instance, "
        f"{len(data['retired'])} retired, as of {data['as_of']}, into {path}"
    )
