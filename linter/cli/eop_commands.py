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
            "(instance: worldwide, USGovGCCHigh, USGovDoD or China), or a tenant's own list of EOP "
            "addresses: Get-HybridMailflowDatacenterIPs output as CLIXML, JSON or text"
        ),
    ],
    instance: Annotated[
        Instance | None,
        typer.Option(
            "--instance",
            help="The instance the file is from (default: told from its host names; required for an address list).",
        ),
    ] = None,
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of",
            help="Date the file was downloaded or exported (default: today; required for an address list).",
        ),
    ] = None,
) -> None:
    """Import the endpoints web service's answer, or a tenant's own EOP address list; it takes
    precedence over the shipped dataset of its instance."""
    from linter.datasets.eop_ranges import from_range_list, import_endpoints, save

    data_bytes = _read(file)
    if not _is_address_list(data_bytes, instance is not None and as_of is not None):
        data = import_endpoints(file, as_of_date(as_of), instance.value if instance else None)
    else:
        from linter.snapshot.range_list import read_range_list
        from linter.support.errors import InputError

        if instance is None or as_of is None:
            raise InputError(
                str(file),
                "an address list (not the endpoints web service's answer): say its --instance and the "
                "--as-of date it was exported; hybridlint cannot tell either from the list",
            )
        ranges, left_out = read_range_list(data_bytes, str(file))
        data = from_range_list([str(r) for r in ranges], instance.value, as_of_date(as_of), file.name)
        if left_out:
            typer.echo(f"left out {len(left_out)} non-public value(s): {', '.join(left_out[:10])}", err=True)
    path = save(data)
    typer.echo(
        f"imported {len(data['ranges'])} current range(s) of the {data['instance']} instance, "
        f"{len(data['retired'])} retired, as of {data['as_of']}, into {path}"
    )


def _read(file: Path) -> bytes:
    from linter.datasets.eop_ranges import MAX_IMPORT_BYTES
    from linter.support.errors import InputError

    try:
        if file.stat().st_size > MAX_IMPORT_BYTES:
            raise InputError(str(file), f"endpoints file larger than {MAX_IMPORT_BYTES // (1024 * 1024)} MB")
        return file.read_bytes()
    except OSError as exc:
        raise InputError(str(file), f"cannot read: {exc.strerror or exc}") from None


def _is_address_list(data: bytes, stated: bool) -> bool:
    """A tenant's own address list rather than the endpoints web service's answer: CLIXML, text
    with addresses in it, or (when the instance and date are given) JSON without endpoint sets."""
    import re

    from linter.snapshot import encoding

    codec, bom = encoding.detect(data)
    start = data[bom:200_000].decode(codec, errors="ignore").lstrip("\ufeff \t\r\n")
    if start.startswith(("<Objs", "<?xml", "#< CLIXML")):
        return True
    if start.startswith(("[", "{")):
        return stated and '"serviceArea"' not in start
    return re.search(r"\b\d{1,3}(?:\.\d{1,3}){3}\b|[0-9a-fA-F]{1,4}:[0-9a-fA-F:]*:", start) is not None
