"""`hybridlint config show`: the run settings in effect for a snapshot, and where each came from."""

from __future__ import annotations

import json
from typing import Annotated

import typer

from linter.cli.options import ConfigFile

config_app = typer.Typer(
    rich_markup_mode=None, help="The run settings of .hybridlint.yaml and where each comes from.", no_args_is_help=True
)


@config_app.command("show")
def config_show(
    paths: Annotated[
        list[str] | None,
        typer.Argument(metavar="[PATH]...", help="The snapshot whose .hybridlint.yaml applies (default: here)."),
    ] = None,
    config: ConfigFile = None,
) -> None:
    """Print each run setting lint would use (without command-line options), its value and its source."""
    from linter.findings.suppressions import find_config, load_suppressions
    from linter.run.settings import effective, file_settings

    found = find_config(paths or [], config)
    settings = effective({}, file_settings(found))
    typer.echo(
        f"configuration: {found if found is not None else 'none (no .hybridlint.yaml beside the snapshot or here)'}"
    )
    width = max(len(name) for name in settings.values)
    for name, setting in settings.values.items():
        value = json.dumps(setting.value, ensure_ascii=False)
        typer.echo(f"  {name.ljust(width)}  {value}  ({setting.source})")
    if found is not None:
        typer.echo(f"  suppressions: {len(load_suppressions(found))}")
    typer.echo("Options given on the command line override each of these.")
