"""The `hybridlint` command line. Thin: parse arguments, call the library, print, set the exit code.

Each command or command group has its module; this one puts them on `app` and holds the error
boundary they share: bad input (`InputError`, raised anywhere below) is one line and exit code 2.
"""

from __future__ import annotations

from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from linter import __version__
from linter.cli import (
    baseline_command,
    builds_commands,
    diff_command,
    eop_commands,
    lint_command,
    rules_commands,
    snapshot_command,
)
from linter.support.errors import InputError


class _ErrorBoundary(TyperGroup):
    """Every command runs inside this group's invoke, sub-groups included: one place turns bad input
    into `file:line:col: problem` on stderr and exit code 2, instead of a handler in each command."""

    def invoke(self, ctx: Any) -> Any:  # typer 0.2x vendors click: its Context type is private
        try:
            return super().invoke(ctx)
        except InputError as exc:
            typer.echo(str(exc), err=True)
            raise typer.Exit(2) from None


app = typer.Typer(
    name="hybridlint",
    cls=_ErrorBoundary,
    help="Offline linter for Exchange hybrid mail flow (Export-Clixml / ConvertTo-Json snapshots).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"hybridlint {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version.")
    ] = False,
) -> None:
    """hybridlint reads exports of both sides of an Exchange hybrid and checks their mail flow."""


app.add_typer(rules_commands.rules_app, name="rules")
app.add_typer(eop_commands.eop_app, name="eop-ranges")
app.add_typer(builds_commands.builds_app, name="exchange-builds")
app.add_typer(baseline_command.baseline_app, name="baseline")
app.command()(snapshot_command.snapshot)
app.command()(lint_command.lint)
app.command()(diff_command.diff)

if __name__ == "__main__":  # pragma: no cover
    app()
