"""The `hybridlint` command line. Thin: parse arguments, call the library, print, set the exit code.

Each command or command group has its module; this one puts them on `app` and holds the error
boundary they share: bad input (`InputError`, raised anywhere below) is one line and exit code 2.
"""

from __future__ import annotations

import os
import sys
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from linter import __version__
from linter.cli import (
    baseline_command,
    builds_commands,
    collector_command,
    config_command,
    diff_command,
    eop_commands,
    fix_command,
    headers_command,
    lint_command,
    rules_commands,
    snapshot_command,
)
from linter.support.errors import InputError
from linter.support.text import one_line

# Usage errors, --help and exits are how click ends a command, not faults (typer vendors click, so
# its ClickException is found through BadParameter rather than imported).
_CLI_FLOW: tuple[type[BaseException], ...] = (
    typer.Exit,
    typer.Abort,
    next(c for c in typer.BadParameter.__mro__ if c.__name__ == "ClickException"),
)


class _ErrorBoundary(TyperGroup):
    """Every command runs inside this group's invoke, sub-groups included: one place turns bad input
    into `file:line:col: problem` on stderr and exit code 2, instead of a handler in each command."""

    def invoke(self, ctx: Any) -> Any:  # typer 0.2x vendors click: its Context type is private
        # The command line, kept before click consumes it: an internal error names what was read.
        words = [*getattr(ctx, "_protected_args", []), *getattr(ctx, "args", [])]
        try:
            try:
                return super().invoke(ctx)
            finally:
                sys.stdout.flush()  # a closed pipe shows here, inside the boundary, not at exit
        except BrokenPipeError:
            # The reader stopped reading (`| head`): stop quietly, as other command-line tools do.
            # Standard output goes to the null device so that the exit's own flush cannot fail again.
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            raise typer.Exit(1) from None
        except InputError as exc:
            typer.echo(one_line(str(exc)), err=True)
            raise typer.Exit(2) from None
        except _CLI_FLOW:
            raise
        except Exception as exc:  # the last guard: a bug, not bad input
            # Exit 3, not 2: the input may be fine. One line, with what was being read.
            inputs = " ".join(str(a) for a in words[1:] if not str(a).startswith("-") and os.path.exists(str(a)))
            typer.echo(
                one_line(f"{inputs or 'hybridlint'}: internal error ({type(exc).__name__}: {exc}); please report it"),
                err=True,
            )
            raise typer.Exit(3) from None


app = typer.Typer(
    rich_markup_mode=None,
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
app.add_typer(config_command.config_app, name="config")
# Examples and exit codes under each command's help ("\b" keeps click from re-flowing the lines).
_READ = ["0  read", "2  bad input or usage", "3  internal error (a bug: please report it)"]
_EPILOGS: dict[str, tuple[list[str], list[str]]] = {
    "snapshot": (["hybridlint snapshot exports/", "hybridlint snapshot exports.zip --format json"], _READ),
    "lint": (
        [
            "hybridlint lint exports/",
            "hybridlint lint exports/ --format html -o report.html",
            "hybridlint lint exports/ --select 'HYB-SEND-*' --show error",
            "hybridlint lint exports/ --format json,sarif -o reports/",
        ],
        [
            "0  no finding at or above --fail-on",
            "1  a finding at or above --fail-on",
            "2  bad input or usage",
            "3  internal error (a bug: please report it)",
        ],
    ),
    "fix": (
        ["hybridlint fix exports/ -o remediate.ps1", ".\\remediate.ps1 -OnPremises          (then -Apply)"],
        ["0  written", *_READ[1:]],
    ),
    "diff": (
        ["hybridlint diff before/ after/", "hybridlint diff before/ after/ --format html -o change.html"],
        ["0  no finding introduced", "1  a finding introduced", *_READ[1:]],
    ),
    "headers": (["hybridlint headers message.eml", "hybridlint headers - < pasted-headers.txt"], _READ),
    "collector": (["hybridlint collector -o Collect-HybridSnapshot.ps1"], ["0  written", *_READ[1:]]),
}


def _epilog(name: str) -> str:
    examples, codes = _EPILOGS[name]
    lines = ["\b", "Examples:", *("  " + e for e in examples), "", "\b", "Exit codes:", *("  " + c for c in codes)]
    return "\n".join(lines)


app.command(epilog=_epilog("snapshot"))(snapshot_command.snapshot)
app.command(epilog=_epilog("lint"))(lint_command.lint)
app.command(epilog=_epilog("diff"))(diff_command.diff)
app.command(epilog=_epilog("headers"))(headers_command.headers)
app.command(epilog=_epilog("collector"))(collector_command.collector)
app.command(epilog=_epilog("fix"))(fix_command.fix)

if __name__ == "__main__":  # pragma: no cover
    app()
