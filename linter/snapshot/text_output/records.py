"""Format-List text -> records of (property name, raw value, line), wrapped lines joined.

What admins send (NOTES.md 1-4 of the text corpus): `Out-File` output (UTF-16 with CRLF in
Windows PowerShell 5.1), console copies, web and documentation pastes. Before any structure is
read, the text is normalised: Unicode spaces used as padding (U+00A0, U+202F) become spaces, a
`> ` quote prefix and a common indentation are removed, trailing spaces dropped.

A record is a run of property lines, one object each, separated by a blank line. A property line
starts in column 0 with its name, padded so that the ` : ` separator sits at the same column for
every property of the record; `Name: value` and single-space alignment are read too. A value
longer than the line continues on indented lines: a line filled to the widest line of the file
was cut mid-word by the host (joined as it is), any other was broken at a space (joined with one).
A web paste that puts a blank line after every line is read by the repeat of a record's first
property instead. Prompts, prose, `WARNING:` lines between records are left out, and said so.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

_UNICODE_SPACES = re.compile("[\u00a0\u2007\u2009\u202f\u3000]")
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_SEPARATOR = re.compile(r" +: ?|: ")  # `Name : value`, `Name :` (empty), `Name: value`
_NAME = re.compile(r"^[A-Za-z_][\w .\-#()]*$")


@dataclass(slots=True)
class RawProperty:
    name: str
    value: str
    line: int
    hard_wrapped: bool = False  # joined across a mid-word cut (a guess: the line filled the width)
    last_line_length: int = 0  # of the value's last line: as wide as the widest line, it may be cut
    value_column: int = 0  # continuation lines are indented to it; a space past it is the value's


@dataclass(slots=True)
class RawRecord:
    line: int
    properties: list[RawProperty] = field(default_factory=list)
    separator_column: int = 0  # the colon's column: past the longest name shown + 1, lines were removed

    def names(self) -> set[str]:
        return {p.name for p in self.properties}


@dataclass(slots=True)
class TextLines:
    lines: list[tuple[int, str]]  # (1-based line number, text after normalisation)
    width: int  # the longest line: a line this long that continues was cut by the host
    unicode_padding: bool
    dropped: list[int]  # lines that were neither properties nor continuations (prompts, prose)


def normalise(text: str) -> TextLines:
    unicode_padding = bool(_UNICODE_SPACES.search(text))
    text = _UNICODE_SPACES.sub(" ", text)
    raw = [line.rstrip() for line in _LINE_BREAK.split(text.lstrip("\ufeff"))]
    filled = [line for line in raw if line]
    if filled and all(line.startswith(">") for line in filled):  # a Markdown quote
        raw = [line[1:].removeprefix(" ") if line.startswith(">") else line for line in raw]
        filled = [line for line in raw if line]
    indent = min((len(line) - len(line.lstrip(" ")) for line in filled), default=0)
    lines = [(number, line[indent:]) for number, line in enumerate(raw, start=1)]
    width = max((len(line) for _, line in lines), default=0)
    return TextLines(lines, width, unicode_padding, [])


def records(text: TextLines) -> list[RawRecord]:
    """The records of the text, each a list of its properties in order."""
    found = list(_blocks(text))
    if len(found) > 2 and sum(1 for r in found if len(r.properties) == 1) >= 0.8 * len(found):
        found = _rejoin_web_paste(found)
    return [r for r in found if r.properties]


def _property_start(line: str, column: int | None) -> tuple[str, str, int, int] | None:
    """(name, value, separator column, value column) when the line starts a property."""
    if not line or line[0] == " ":
        return None
    if column is not None and len(line) > column and line[column] in " :":
        match = _SEPARATOR.match(line, column)
        name = line[:column].rstrip()
        if match is not None and name and _NAME.match(name):
            return name, line[match.end() :], line.index(":", column), match.end()
    match = _SEPARATOR.search(line)
    if match is None:
        return None
    name = line[: match.start()].rstrip()
    if not name or not _NAME.match(name) or len(name) > 128:
        return None
    return name, line[match.end() :], line.index(":", match.start()), match.end()


def _blocks(text: TextLines) -> Iterator[RawRecord]:
    record: RawRecord | None = None
    current: RawProperty | None = None
    previous_length = 0
    blank_run = 0
    for number, line in text.lines:
        if not line:
            blank_run += 1
            continue
        if line[0] == " " and current is not None:
            # A continuation, even after blank lines that a web editor put between wrapped lines.
            hard = previous_length >= text.width
            column = current.value_column
            # A host cut that fell on a space leaves it at the start of the next line, past the
            # indentation: it belongs to the value.
            piece = line[column:].rstrip() if hard and line[:column].strip() == "" else line.strip()
            current.value = current.value + piece if hard else f"{current.value} {piece}".strip()
            current.hard_wrapped = current.hard_wrapped or hard
            current.last_line_length = previous_length = len(line)
            blank_run = 0
            continue
        started = _property_start(line, record.separator_column if record and not blank_run else None)
        if started is None:
            text.dropped.append(number)
            if record is not None:
                yield record
            record, current = None, None
            blank_run = 0
            continue
        name, value, column, value_column = started
        if record is None or blank_run:
            if record is not None:
                yield record
            record = RawRecord(number, separator_column=column)
        current = RawProperty(name, value.strip(), number, last_line_length=len(line), value_column=value_column)
        record.properties.append(current)
        record.separator_column = max(record.separator_column, column)
        previous_length = len(line)
        blank_run = 0
    if record is not None:
        yield record


def _rejoin_web_paste(found: list[RawRecord]) -> list[RawRecord]:
    """A paste with a blank line after every line: a record ends where its first name repeats."""
    joined: list[RawRecord] = []
    for block in found:
        for prop in block.properties:
            if not joined or prop.name.lower() in {p.name.lower() for p in joined[-1].properties}:
                joined.append(RawRecord(prop.line, separator_column=block.separator_column))
            joined[-1].properties.append(prop)
    return joined
