"""Message files -> header sets: the headers of a message and of every original it carries.

A consultant is sent a saved message (`.eml`), a non-delivery report, header text copied from
Outlook or a header analyser (`.txt`), EWS's transport-headers string (line breaks as `&#xD;`) or
Microsoft Graph's `internetMessageHeaders` (JSON). Each holds one or more header sets: the message's own,
the original message attached to a report (`message/rfc822`), the headers a report returns
(`text/rfc822-headers`), and the "Original message headers" an Exchange NDR quotes in its text.
Each set is evidence on its own, read with the standard library's `email` parser.

Limits (docs/limits.md): a header block larger than MAX_HEADER_BLOCK_BYTES or with more than
MAX_FIELDS fields is refused as a header bomb; a file larger than MAX_MESSAGE_BYTES is refused.
"""

from __future__ import annotations

import email
import email.policy
import re
from dataclasses import dataclass
from email.message import Message
from typing import Any

from linter.snapshot import encoding
from linter.snapshot.messages.outlook import is_outlook_message, outlook_parts
from linter.support.errors import InputError
from linter.support.userfiles import parse_json

MAX_MESSAGE_BYTES = 64 * 1024**2
MAX_HEADER_BLOCK_BYTES = 1024**2  # real header blocks are tens of KB; EOP's largest fields a few KB
MAX_FIELDS = 5_000
MAX_HEADER_SETS = 50

# Exchange NDRs quote the original's headers in their text part after this line.
_ORIGINAL_HEADERS = re.compile(r"^[ \t]*Original message headers:?[ \t\r]*$", re.IGNORECASE | re.MULTILINE)
# Outlook 2003 and earlier put this line before the transport headers; it is not a field.
_OUTLOOK_PREAMBLE = re.compile(r"\A\s*Microsoft Mail Internet Headers Version [0-9.]+\r?\n")
_FIELD_LINE = re.compile(rb"^[!-9;-~]+:", re.MULTILINE)
_BLANK_LINE = re.compile(rb"\r?\n\r?\n|\r\r")


@dataclass(frozen=True, slots=True)
class HeaderSet:
    """The fields of one header block, in order, names as written and values unfolded-as-raw."""

    where: str  # "message", "attached original", "returned headers", "quoted original headers"
    line: int  # where the block starts in the file (1-based)
    fields: tuple[tuple[str, str], ...]

    def get_all(self, name: str) -> list[str]:
        wanted = name.lower()
        return [value for field_name, value in self.fields if field_name.lower() == wanted]

    def first(self, name: str) -> str | None:
        values = self.get_all(name)
        return values[0] if values else None


def read_header_sets(data: bytes, file: str) -> list[HeaderSet]:
    """Every header set in a message file or pasted header text; InputError when there is none."""
    if len(data) > MAX_MESSAGE_BYTES:
        raise InputError(file, f"refused: a message file of {len(data):,} bytes (more than {MAX_MESSAGE_BYTES:,})")
    if is_outlook_message(data):
        return _outlook_header_sets(data, file)
    data = _as_bytes_without_bom(data, file)
    stripped = data.lstrip(b" \t\r\n")  # pasted text often starts with blank lines
    if stripped[:1] in (b"[", b"{"):
        return [_graph_headers(stripped, file)]
    if b"&#xD;" in stripped[:MAX_HEADER_BLOCK_BYTES]:
        # EWS returns the transport headers as one XML string: line breaks arrive as entities.
        data = data.replace(b"&#xD;", b"\r").replace(b"&#xA;", b"\n")
        stripped = data.lstrip(b" \t\r\n")
    _check_header_block(stripped, file)
    try:
        message = email.message_from_bytes(stripped, policy=email.policy.compat32)
        cursor = _Cursor(data)
        sets = [cursor.header_set("message", message)]
        sets.extend(_embedded(message, cursor))
    except RecursionError:
        raise InputError(file, "refused: message parts nested deeper than any real message") from None
    sets = [s for s in sets if s.fields]
    if not sets or not _looks_like_headers(sets[0]):
        raise InputError(file, "no message headers found: expected a saved message (.eml) or pasted header text")
    if len(sets) > MAX_HEADER_SETS:
        raise InputError(file, f"refused: more than {MAX_HEADER_SETS} header sets in one message")
    return sets


def _outlook_header_sets(data: bytes, file: str) -> list[HeaderSet]:
    """The header sets of an Outlook `.msg`: its transport headers, those of every message attached
    to it, and the original headers an NDR quotes in its body. A binary file has no lines, so
    every set is placed at line 1 and told apart by where it was found."""
    sets: list[HeaderSet] = []
    for part in outlook_parts(data, file):
        if part.headers:
            text = _OUTLOOK_PREAMBLE.sub("", part.headers, count=1)
            _check_header_block(text.encode("utf-8", errors="replace"), file)
            sets.append(_header_set_at_line_1(part.where, text))
        if part.body and (marker := _ORIGINAL_HEADERS.search(part.body)):
            quoted = part.body[marker.end() :].lstrip("\r\n")
            _check_header_block(quoted.encode("utf-8", errors="replace"), file)
            sets.append(_header_set_at_line_1("quoted original headers", quoted))
        if part.attached_bytes:
            try:
                attached = read_header_sets(part.attached_bytes, file)
            except InputError:
                continue  # an attachment named .eml that is not a message is not evidence
            sets.extend(
                HeaderSet("attached original" if s.where == "message" else s.where, 1, s.fields) for s in attached
            )
        if len(sets) > MAX_HEADER_SETS:
            raise InputError(file, f"refused: more than {MAX_HEADER_SETS} header sets in one message")
    sets = [s for s in sets if s.fields and _looks_like_headers(s)]
    if not sets:
        raise InputError(file, "no message headers found in this .msg's transport headers")
    return sets


def _header_set_at_line_1(where: str, text: str) -> HeaderSet:
    message = email.message_from_string(text, policy=email.policy.compat32)
    return HeaderSet(where, 1, tuple((str(name), str(value)) for name, value in message.items()))


def _graph_headers(data: bytes, file: str) -> HeaderSet:
    """Microsoft Graph's `internetMessageHeaders`: a JSON array of name/value pairs, already
    unfolded and in order; alone, inside a message, or inside a list response (`value`)."""
    try:
        document: Any = parse_json(file, data.decode("utf-8", errors="replace"), "header list")
    except RecursionError:
        raise InputError(file, "refused: JSON nested deeper than any header list") from None
    if isinstance(document, dict) and isinstance(document.get("value"), list) and document["value"]:
        document = document["value"][0]
    if isinstance(document, dict):
        document = document.get("internetMessageHeaders")
    if not isinstance(document, list) or not all(isinstance(item, dict) for item in document):
        raise InputError(file, "no message headers found: JSON that is not Graph's internetMessageHeaders")
    fields = tuple((str(item.get("name", "")), str(item.get("value", ""))) for item in document)
    if len(fields) > MAX_FIELDS:
        raise InputError(file, f"refused: a header block of more than {MAX_FIELDS:,} fields (a header bomb?)")
    header_set = HeaderSet("message", 1, tuple((name, value) for name, value in fields if name))
    if not _looks_like_headers(header_set):
        raise InputError(file, "no message headers found: expected a saved message (.eml) or pasted header text")
    return header_set


def _as_bytes_without_bom(data: bytes, file: str) -> bytes:
    """Messages are bytes (8-bit bodies stay as they are); header text pasted into Notepad may be
    UTF-16 with a BOM, which becomes UTF-8."""
    codec, bom = encoding.detect(data)
    if codec == "utf-8":
        return data[bom:]
    return encoding.to_utf8(data, file)


def _check_header_block(data: bytes, file: str) -> None:
    end = _BLANK_LINE.search(data, 0, MAX_HEADER_BLOCK_BYTES + 4)
    block = data[: end.start()] if end else data[: MAX_HEADER_BLOCK_BYTES + 1]
    if len(block) > MAX_HEADER_BLOCK_BYTES:
        raise InputError(
            file, f"refused: a header block of more than {MAX_HEADER_BLOCK_BYTES:,} bytes (a header bomb?)"
        )
    if len(_FIELD_LINE.findall(block)) > MAX_FIELDS:
        raise InputError(file, f"refused: a header block of more than {MAX_FIELDS:,} fields (a header bomb?)")


def _looks_like_headers(header_set: HeaderSet) -> bool:
    # The email parser reads any first line with a colon as a field; a file of prose is not a
    # message. Every real message and pasted block has one of these.
    names = {name.lower() for name, _ in header_set.fields}
    return bool(names & {"received", "from", "to", "subject", "date", "message-id", "return-path"}) or any(
        n.startswith("x-ms-exchange-") for n in names
    )


class _Cursor:
    """Finds each header block's line in the file, in document order: a block is searched for
    after the one before it, so that the same original quoted twice gets two lines."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.offset = 0

    def header_set(self, where: str, message: Message) -> HeaderSet:
        fields = tuple((str(name), str(value)) for name, value in message.items())
        return HeaderSet(where, self._line_of(fields), fields)

    def _line_of(self, fields: tuple[tuple[str, str], ...]) -> int:
        """The line of the block's first field; the line after the previous block when the text is
        not in the file as such (a block decoded from base64)."""
        if not fields:
            return self._line(self.offset)
        name, value = fields[0]
        first_line = (value.splitlines() or [""])[0].strip().encode(errors="ignore")
        needle = f"{name}:".encode(errors="ignore")
        start = self.offset
        while (at := self.data.find(needle, start)) >= 0:
            line_end = self.data.find(b"\n", at)
            if first_line in self.data[at : line_end if line_end >= 0 else None]:
                self.offset = at + 1
                return self._line(at)
            start = at + 1
        return self._line(self.offset)

    def _line(self, at: int) -> int:
        return self.data.count(b"\n", 0, at) + 1


def _embedded(message: Message, cursor: _Cursor) -> list[HeaderSet]:
    found: list[HeaderSet] = []
    for part in message.walk():
        if part is message:
            continue
        content_type = part.get_content_type()
        if content_type == "message/rfc822":
            payload = part.get_payload()
            inner = payload[0] if isinstance(payload, list) and payload else None
            if isinstance(inner, Message):
                found.append(cursor.header_set("attached original", inner))
        elif content_type == "text/rfc822-headers":
            text = _decoded_text(part)
            found.append(_parsed_block("returned headers", text, cursor))
        elif content_type == "text/plain":
            text = _decoded_text(part)
            marker = _ORIGINAL_HEADERS.search(text)
            if marker is not None:
                quoted = text[marker.end() :].lstrip("\r\n")
                found.append(_parsed_block("quoted original headers", quoted, cursor))
        if len(found) > MAX_HEADER_SETS:
            break
    return found


def _decoded_text(part: Message) -> str:
    raw = part.get_payload(decode=True)
    if not isinstance(raw, bytes):
        return ""
    charset = part.get_content_charset() or "us-ascii"
    try:
        return raw.decode(charset, errors="replace")
    except LookupError:  # a charset Python does not know
        return raw.decode("latin-1")


def _parsed_block(where: str, text: str, cursor: _Cursor) -> HeaderSet:
    return cursor.header_set(where, email.message_from_string(text, policy=email.policy.compat32))
