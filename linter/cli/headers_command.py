"""`hybridlint headers FILE|-`: the quick verdict on one message (internal, anonymous or not
cross-premises), from a saved message, an NDR, or header text pasted on standard input."""

from __future__ import annotations

import sys
from enum import Enum
from typing import Annotated

import typer


class HeadersFormat(str, Enum):
    text = "text"
    json = "json"


def headers(
    file: Annotated[
        str,
        typer.Argument(
            metavar="FILE", help="A saved message (.eml or Outlook .msg), an NDR, or header text; - reads stdin."
        ),
    ],
    output_format: Annotated[
        HeadersFormat, typer.Option("--format", metavar="FORMAT", help="Output format: text or json.")
    ] = HeadersFormat.text,
) -> None:
    """Say whether a message crossed premises as internal or anonymous, with its hops and the likely cause."""
    from linter.report import headers_report
    from linter.snapshot.inputs import read_input_file
    from linter.snapshot.messages.evidence import analyse
    from linter.snapshot.messages.reader import MAX_MESSAGE_BYTES, read_header_sets
    from linter.support.errors import InputError

    if file == "-":
        name = "<stdin>"
        data = sys.stdin.buffer.read(MAX_MESSAGE_BYTES + 1)
    else:
        name, data = file, read_input_file(file)
    if not data.strip():
        raise InputError(name, "empty input: expected a saved message or pasted header text")
    evidence = [analyse(header_set) for header_set in read_header_sets(data, name)]
    render = headers_report.render_json if output_format is HeadersFormat.json else headers_report.render_text
    sys.stdout.write(render(name, evidence))
