"""Whether a `.txt` file is pasted header text: decided from its first lines, without importing
the email parser (a snapshot without messages should not pay for it)."""

from __future__ import annotations

import re

_HEADER_START = re.compile(r"^(received|return-path|x-ms-exchange-[a-z-]+|authentication-results):", re.I)
_FIELD = re.compile(r"^[!-9;-~]+:")


def looks_like_header_text(head: str) -> bool:
    """Whether text (the start of a `.txt` file) is a pasted header block: its first line is a
    header field and a Received or Exchange field is among the first lines. `Format-List` output
    (`Name : value`, a space before the colon) is not."""
    lines = [line for line in head.splitlines() if line.strip()]
    if not lines or not _FIELD.match(lines[0]):
        return False
    return any(_HEADER_START.match(line) for line in lines[:200])
