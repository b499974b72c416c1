"""`hybridlint eop-ranges ...`: the Exchange Online Protection ranges that rules compare addresses with."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from linter.cli.common import as_of_date

eop_app = typer.Typer(help="The Exchange Online Protection SMTP ranges that rules compare with.", no_args_is_help=True)


@eop_app.command("show")
def eop_show(
    as_of: Annotated[str | None, typer.Option("--as-of", help="Date to measure the dataset's age from.")] = None,
) -> None:
    """The dataset in use: its date, origin, current and retired ranges."""
    from linter.datasets.eop_ranges import STALE_AFTER_DAYS, age_in_days, dataset

    today = as_of_date(as_of)
    data = dataset()
    age = age_in_days(today)
    stale = f" (older than {STALE_AFTER_DAYS})" if age > STALE_AFTER_DAYS else ""
    typer.echo(
        f"EOP SMTP ranges (endpoint set {data.get('endpoint_set_id', 10)}), as of {data['as_of']}, "
        f"{data['origin']}; {age} days old{stale}"
    )
    typer.echo("current:")
    for text in data["ranges"]:
        typer.echo(f"  {text}")
    typer.echo("retired:")
    for retired in data["previously_published_in_set_10_now_removed"]:
        typer.echo(f"  {retired['range']:<28} removed in {retired.get('removed_in', '?')}")


@eop_app.command("import")
def eop_import(
    file: Annotated[
        Path, typer.Argument(help="JSON from https://endpoints.office.com/endpoints/worldwide?clientrequestid=<guid>")
    ],
    as_of: Annotated[str | None, typer.Option("--as-of", help="Date the file was downloaded (default: today).")] = None,
) -> None:
    """Import the endpoints web service's answer; it takes precedence over the shipped dataset."""
    from linter.datasets.eop_ranges import import_endpoints, save

    data = import_endpoints(file, as_of_date(as_of))
    path = save(data)
    retired = len(data["previously_published_in_set_10_now_removed"])
    typer.echo(
        f"imported {len(data['ranges'])} current range(s), {retired} retired, as of {data['as_of']}, into {path}"
    )
