"""`hybridlint collector`: print (or write) the read-only PowerShell script that collects a snapshot."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer


def collector(
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", metavar="FILE", help="Write the script to this file instead of standard output."
        ),
    ] = None,
) -> None:
    """Print the script a customer runs to collect a snapshot: read-only, Get- cmdlets only.

    Run it in the Exchange Management Shell with -OnPremises and in Exchange Online PowerShell with
    -ExchangeOnline (the same -OutputFolder gathers both); it writes the folder and zip that
    `hybridlint lint` reads. docs/collecting.md says what it reads and writes.
    """
    from linter.collector import SCRIPT_NAME, script_text

    text = script_text()
    if output is None:
        sys.stdout.write(text)
        return
    # UTF-8 with a BOM: Windows PowerShell 5.1 reads a script without one in the ANSI code page.
    output.write_text(text, encoding="utf-8-sig", newline="\r\n")
    typer.echo(f"wrote {output} (run it as .\\{output.name}; hybridlint calls it {SCRIPT_NAME})", err=True)
