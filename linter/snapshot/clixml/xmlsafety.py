"""Refuse hostile XML before a parser sees it.

A CLIXML document never has a DTD. A DTD can only stand in the prolog (before the root element),
so scanning the prolog is enough to refuse every entity declaration: internal (billion laughs) and
external (XXE). The parser is also configured to resolve no entity and load nothing, as a second
line of defence.
"""

from __future__ import annotations

import re

from linter.support.errors import InputError

_PROLOG_ITEM = re.compile(rb"\s+|<\?.*?\?>|<!--.*?-->", re.DOTALL)


def refuse_dtd(data: bytes, file: str) -> None:
    """Raise `InputError` when the prolog of the UTF-8 document `data` holds a DOCTYPE."""
    pos = 0
    end = len(data)
    while pos < end:
        match = _PROLOG_ITEM.match(data, pos)
        if match is None:
            break
        pos = match.end()
    if data.startswith(b"<!", pos) and data[pos : pos + 9].upper() == b"<!DOCTYPE":
        line = data.count(b"\n", 0, pos) + 1
        column = pos - (data.rfind(b"\n", 0, pos) + 1) + 1
        raise InputError(
            file,
            "refused: the document declares a DTD (<!DOCTYPE>); PowerShell never writes one, and "
            "entity declarations are not expanded or fetched",
            line,
            column,
        )
