"""`hybridlint exchange-builds ...`: the dated Exchange build list that server versions are judged by."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

builds_app = typer.Typer(
    rich_markup_mode=None,
    help="The Exchange build list (products, cumulative and security updates, end of support).",
    no_args_is_help=True,
)


@builds_app.command("show")
def builds_show() -> None:
    """The list in use: its date, origin, and per product the end of support and the newest updates."""
    from linter.datasets.exchange_builds import build_list

    listed = build_list()
    typer.echo(f"Exchange build list as of {listed.as_of}, {listed.origin}")
    for product in listed.products:
        support = product.end_of_support.isoformat() if product.end_of_support else "not announced"
        latest = product.updates[-1]
        newest = max(latest.security_updates, key=lambda s: s[1], default=(latest.name, latest.build))
        build = f"{newest[1].major}.{newest[1].minor}.{newest[1].build}.{newest[1].revision}"
        previous = f", before it {product.updates[-2].name}" if len(product.updates) > 1 else ""
        typer.echo(
            f"  {product.name}: end of support {support}; latest {latest.name}{previous}; "
            f"newest update {newest[0]} ({build})"
        )


@builds_app.command("import")
def builds_import(
    file: Annotated[
        Path, typer.Argument(help="A build list in hybridlint's format (schemas/exchange-builds.schema.json).")
    ],
) -> None:
    """Import a newer build list; it takes precedence over the shipped one."""
    from linter.datasets.exchange_builds import import_list, save

    data = import_list(file)
    path = save(data)
    typer.echo(f"imported the Exchange build list as of {data['as_of']} ({len(data['products'])} products) into {path}")
