"""Outlook `.msg` files -> the header texts they carry, read with `olefile`.

A `.msg` is an OLE compound file (MS-OXMSG). The headers a message arrived with are the property
PR_TRANSPORT_MESSAGE_HEADERS (0x007D) of the message's storage: a Unicode stream
`__substg1.0_007D001F`, or an 8-bit one `__substg1.0_007D001E` in the message's code page. A
message attached to it (an NDR's original, a forwarded item) is a storage of its own under its
attachment, `__attach_version1.0_#nnnnnnnn/__substg1.0_3701000D`, with the same layout; a message
attached as a file (`.eml`, `message/rfc822`) is the attachment's bytes, `__substg1.0_37010102`.

The container is read by `olefile`, the maintained OLE reader that Outlook-message libraries are
built on. extract-msg would read the same streams but is GPL-3.0 and brings a dozen packages for
bodies and attachments this reader does not need.

A message saved from Sent Items or Drafts has no transport headers: it never crossed a server.
That is said, in one line, rather than read as an empty message.
"""

from __future__ import annotations

import io
import struct
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from linter.support.errors import InputError

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
MAX_EMBEDDING_DEPTH = 8  # a report of a report of a forward; deeper is a crafted file
MAX_ATTACHMENTS = 500

_HEADERS = "__substg1.0_007D"
_BODY = "__substg1.0_1000"
_MESSAGE_CLASS = "__substg1.0_001A"
_EMBEDDED = "__substg1.0_3701000D"
_ATTACHED_BYTES = "__substg1.0_37010102"
_ATTACH_MIME_TAG = "__substg1.0_370E"
_ATTACH_LONG_NAME = "__substg1.0_3707"
_PROPERTIES = "__properties_version1.0"
_PR_INTERNET_CPID = 0x3FDE0003
_PR_MESSAGE_CODEPAGE = 0x3FFD0003


@dataclass(frozen=True, slots=True)
class OutlookPart:
    """One thing in a `.msg` that may hold headers: transport-header text, a body that may quote
    an original's headers, or the bytes of a message attached as a file."""

    where: str  # "message" or "attached original"
    message_class: str  # IPM.Note, REPORT.IPM.Note.NDR, IPM.Contact, ...
    headers: str | None
    body: str | None
    attached_bytes: bytes | None


def is_outlook_message(data: bytes) -> bool:
    return data[:8] == OLE_MAGIC


def outlook_parts(data: bytes, file: str) -> list[OutlookPart]:
    """The message and every message attached to it, in order; InputError when the file is not a
    readable `.msg` or holds no transport headers anywhere."""
    import olefile  # imported only when a .msg is read: most snapshots have none

    try:
        ole = olefile.OleFileIO(io.BytesIO(data))
    except Exception as error:  # olefile raises OSError, struct.error, IndexError... on a broken file
        raise InputError(file, f"not a readable Outlook message (.msg): {_reason(error)}") from None
    try:
        with ole:
            container = _Container(ole)
            if not any(name.rsplit("/", 1)[-1].startswith("__substg1.0_") for name in container.streams):
                raise InputError(file, "an OLE file that is not an Outlook message (.msg): no MAPI property streams")
            parts = list(container.parts("", "message", 0, file))
    except InputError:
        raise
    except Exception as error:  # a stream that points outside the file, a sector loop, ...
        raise InputError(file, f"not a readable Outlook message (.msg): {_reason(error)}") from None
    if not any(part.headers or part.attached_bytes for part in parts):
        if not parts[0].message_class.upper().startswith(("IPM.NOTE", "REPORT.")):
            raise InputError(file, f"an Outlook item of class {parts[0].message_class!r}, not a message")
        raise InputError(
            file,
            "no transport headers in this .msg: it was saved from Sent Items or Drafts, or composed;"
            " save the message from the recipient's mailbox",
        )
    return parts


class _Container:
    """The streams of one open `.msg`, by their path inside the file."""

    def __init__(self, ole: Any) -> None:
        self.ole = ole
        self.streams = {"/".join(entry) for entry in ole.listdir(streams=True, storages=False)}

    def parts(self, prefix: str, where: str, depth: int, file: str) -> Iterator[OutlookPart]:
        if depth > MAX_EMBEDDING_DEPTH:
            raise InputError(file, f"refused: messages attached {depth} deep (a crafted file?)")
        code_page = self.code_page(prefix + _PROPERTIES, top_level=not prefix)
        yield OutlookPart(
            where=where,
            message_class=self.string(prefix + _MESSAGE_CLASS, code_page) or "IPM.Note",
            headers=self.string(prefix + _HEADERS, code_page),
            body=self.string(prefix + _BODY, code_page),
            attached_bytes=None,
        )
        marker = prefix + "__attach_version1.0_#"
        attachments = sorted({name[len(prefix) :].split("/", 1)[0] for name in self.streams if name.startswith(marker)})
        if len(attachments) > MAX_ATTACHMENTS:
            raise InputError(file, f"refused: more than {MAX_ATTACHMENTS} attachments in one message")
        for attachment in attachments:
            base = f"{prefix}{attachment}/"
            if any(name.startswith(base + _EMBEDDED + "/") for name in self.streams):
                yield from self.parts(f"{base}{_EMBEDDED}/", "attached original", depth + 1, file)
            elif base + _ATTACHED_BYTES in self.streams and self.is_attached_message(base):
                yield OutlookPart(
                    where="attached original",
                    message_class="IPM.Note",
                    headers=None,
                    body=None,
                    attached_bytes=self.read(base + _ATTACHED_BYTES),
                )

    def is_attached_message(self, base: str) -> bool:
        mime = (self.string(base + _ATTACH_MIME_TAG, 1252) or "").strip().lower()
        name = (self.string(base + _ATTACH_LONG_NAME, 1252) or "").strip().lower()
        return mime == "message/rfc822" or name.endswith(".eml")

    def string(self, stem: str, code_page: int) -> str | None:
        """A string property: Unicode (type 001F, UTF-16LE) when present, else 8-bit (001E) in the
        message's code page. Strings end at their first NUL, as MAPI writes them."""
        if stem + "001F" in self.streams:
            return self.read(stem + "001F").decode("utf-16-le", errors="replace").split("\x00", 1)[0]
        if stem + "001E" in self.streams:
            raw = self.read(stem + "001E").split(b"\x00", 1)[0]
            try:
                return raw.decode(f"cp{code_page}")
            except (LookupError, UnicodeDecodeError):
                return raw.decode("cp1252", errors="replace")
        return None

    def code_page(self, properties: str, *, top_level: bool) -> int:
        """The code page of the message's 8-bit strings, from its property stream: a header (32
        bytes for the top-level message, 24 for an attached one), then 16-byte entries of tag,
        flags and value (MS-OXMSG 2.4)."""
        if properties not in self.streams:
            return 1252  # an old or partial file; headers are ASCII by RFC 5322 anyway
        data = self.read(properties)
        found: dict[int, int] = {}
        for offset in range(32 if top_level else 24, len(data) - 15, 16):
            tag, _flags, value = struct.unpack_from("<IIi", data, offset)
            if tag in (_PR_INTERNET_CPID, _PR_MESSAGE_CODEPAGE):
                found[tag] = value
        return found.get(_PR_INTERNET_CPID) or found.get(_PR_MESSAGE_CODEPAGE) or 1252

    def read(self, name: str) -> bytes:
        data: bytes = self.ole.openstream(name).read()
        return data


def _reason(error: Exception) -> str:
    text = " ".join(str(error).split())[:200]
    return text or type(error).__name__
