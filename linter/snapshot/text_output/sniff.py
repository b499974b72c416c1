"""Whether a `.txt` file is cmdlet text output, decided from its first lines (NOTES.md 2, 3, 7 of
the text corpus): Format-List (`Name : value` lines) or Format-Table (a header over dashes)."""

from __future__ import annotations

import re

_PROPERTY_LINE = re.compile(r"^ {0,12}(?:> ?)?[A-Za-z_][\w.\-]*(?:[ \u00a0\u202f]+:|:)(?:[ \u00a0\u202f]|$)")
_DASHES = re.compile(r"^ *-+(?: +-+)* *$")


def is_format_table(first_lines: list[str]) -> bool:
    """A header line over a line of dash runs, one per column."""
    return len(first_lines) >= 2 and bool(first_lines[0].strip()) and bool(_DASHES.match(first_lines[1]))


def text_output_shape(head: str) -> str | None:
    """`format-list`, `format-table`, or None for other text (notes, prose, header text)."""
    lines = [line.rstrip() for line in head.lstrip("\ufeff").splitlines() if line.strip()]
    if is_format_table(lines[:2]) or (
        len(lines) > 2 and lines[0].lstrip().startswith("[PS]") and is_format_table(lines[1:3])
    ):
        return "format-table"
    # Two property lines at least: one `Name : value` line is as likely a note as an export.
    properties = sum(1 for line in lines[:20] if _PROPERTY_LINE.match(line))
    return "format-list" if properties >= 2 and properties * 2 >= min(len(lines), 20) else None
