"""Exchange SMTP protocol logs (SmtpReceive, SmtpSend) -> SMTP sessions, streamed.

Each file starts with `#Software`, `#Version`, `#Log-type`, `#Date` and `#Fields` lines; the rows are
CSV in the order `#Fields` names (re-read at every `#Fields`, since concatenated files repeat the
preamble). Rows of many sessions interleave; a session ends at its `-` (disconnect) event. The
reader keeps only the sessions still open, so memory follows the open sessions, not the file
(facts: the evidence corpus NOTES.md 3 and 4).

Limits (docs/limits.md): a line longer than MAX_LINE_BYTES is refused; at most MAX_OPEN_SESSIONS
are held open (the oldest is closed beyond it) and MAX_EVENTS_PER_SESSION kept per session.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from linter.snapshot.protocol_logs.log_types import SMTP_LOG_TYPES
from linter.support.errors import InputError

MAX_LINE_BYTES = 64 * 1024
MAX_OPEN_SESSIONS = 50_000
MAX_EVENTS_PER_SESSION = 2_000
_REQUIRED = ("date-time", "connector-id", "session-id", "event", "data")


@dataclass(slots=True)
class Event:
    time: str
    event: str  # + - > < * (an empty or escaped marker from a web copy is kept as written)
    data: str
    context: str


@dataclass(slots=True)
class RawSession:
    log_type: str
    connector: str
    session_id: str
    local_endpoint: str
    remote_endpoint: str
    line: int  # where its first row is
    events: list[Event] = field(default_factory=list)
    dropped_events: int = 0


@dataclass(slots=True)
class LogHeader:
    log_type: str | None = None  # SmtpReceive or SmtpSend; None for other logs
    log_type_text: str = ""  # as written (`Agent Log`)
    version: str | None = None
    fields: tuple[str, ...] = ()


def read_sessions(lines: Iterable[bytes], file: str, warn: list[tuple[int, str]]) -> Iterator[RawSession]:
    """The sessions of one log file, each when it ends (or at the end of the file); `warn` collects
    (line, problem) for rows that could not be read. InputError when the file is not a protocol log."""
    header = LogHeader()
    open_sessions: dict[str, RawSession] = {}
    saw_preamble = False
    for number, raw in enumerate(lines, 1):
        if len(raw) > MAX_LINE_BYTES:
            raise InputError(file, f"refused: a line of more than {MAX_LINE_BYTES:,} bytes", number)
        text = decode_line(raw, number, warn).rstrip("\r\n")
        if number == 1:
            text = text.lstrip("\ufeff")
        if not text.strip():
            continue
        if text.startswith("#"):
            saw_preamble = True
            read_preamble(text, header)
            continue
        if not saw_preamble:
            raise InputError(file, "not an Exchange protocol log: no #Software/#Fields lines before the rows", number)
        if header.log_type is None:
            raise InputError(file, "not an SMTP protocol log: its #Log-type is not SMTP Receive or SMTP Send", number)
        row = _row(text, header.fields, number, warn)
        if row is None:
            continue
        session = open_sessions.get(row["session-id"])
        if session is None:
            session = RawSession(
                header.log_type,
                row.get("connector-id", ""),
                row["session-id"],
                row.get("local-endpoint", ""),
                row.get("remote-endpoint", ""),
                number,
            )
            open_sessions[session.session_id] = session
            if len(open_sessions) > MAX_OPEN_SESSIONS:  # never closed: close the oldest
                yield open_sessions.pop(next(iter(open_sessions)))
        session.local_endpoint = session.local_endpoint or row.get("local-endpoint", "")
        session.remote_endpoint = session.remote_endpoint or row.get("remote-endpoint", "")
        if len(session.events) < MAX_EVENTS_PER_SESSION:
            session.events.append(Event(row["date-time"], row["event"], row["data"], row.get("context", "")))
        else:
            session.dropped_events += 1
        if row["event"] == "-":
            yield open_sessions.pop(session.session_id)
    if not saw_preamble:
        raise InputError(file, "not an Exchange protocol log: no #Software/#Fields lines")
    yield from open_sessions.values()


def decode_line(raw: bytes, number: int, warn: list[tuple[int, str]]) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        warn.append((number, "not UTF-8; read as Windows-1252"))
        return raw.decode("cp1252", errors="replace")


def read_preamble(text: str, header: LogHeader) -> None:
    name, _, value = text[1:].partition(":")
    name, value = name.strip().lower(), value.strip()
    if name == "log-type":
        header.log_type = SMTP_LOG_TYPES.get(value.lower())
        header.log_type_text = value
    elif name == "version":
        header.version = value
    elif name == "fields":
        header.fields = tuple(f.strip().lower() for f in value.split(","))


def _row(text: str, fields: tuple[str, ...], number: int, warn: list[tuple[int, str]]) -> dict[str, str] | None:
    if not fields or any(name not in fields for name in _REQUIRED):
        warn.append((number, "a row before a #Fields line naming date-time, connector-id, session-id, event, data"))
        return None
    try:
        values = next(csv.reader([text], strict=True))
    except csv.Error as exc:
        warn.append((number, f"not a CSV row: {exc}"))
        return None
    row = dict(zip(fields, values, strict=False))
    if any(name not in row for name in _REQUIRED):  # a row cut short before the columns that matter
        warn.append((number, f"{len(values)} columns where #Fields names {len(fields)}"))
        return None
    row["event"] = row.get("event", "").strip().lstrip("\\") or "*"  # web copies drop or escape `*`
    return row
