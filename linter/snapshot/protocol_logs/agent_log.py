"""Exchange agent logs (`AgentLog*.LOG`) -> `AgentLogEntry` objects, streamed.

The agent log records what transport agents did to messages; the one hybrid needs is the Inbound
Trust Agent, which logs "Cross premises headers filtered" when it does not trust the
cross-premises headers of a message, with the address the message entered the organisation
from (`EnteredOrgFromIP`). Rows that record the same (agent, event, action, diagnostics,
direction, sender's /24 or /64) are one object with a count, like protocol-log sessions.
Facts: the evidence corpus NOTES.md 1 and 3.
"""

from __future__ import annotations

import csv
import hashlib
from collections.abc import Iterable
from typing import Any

from linter.snapshot.model import ON_PREMISES, SnapshotObject, Source
from linter.snapshot.protocol_logs.log_types import AGENT_LOG_TYPE
from linter.snapshot.protocol_logs.objects import add_seen, remote_network
from linter.snapshot.protocol_logs.reader import MAX_LINE_BYTES, LogHeader, decode_line, read_preamble
from linter.support.errors import InputError

AGENT_KIND = "AgentLogEntry"
_KEPT = ("agent", "event", "action", "diagnostics", "directionality", "smtpresponse", "reason")


def agent_objects(lines: Iterable[bytes], file: str, warn: list[tuple[int, str]]) -> list[SnapshotObject]:
    header = LogHeader()
    groups: dict[tuple[Any, ...], SnapshotObject] = {}
    for number, raw in enumerate(lines, 1):
        if len(raw) > MAX_LINE_BYTES:
            raise InputError(file, f"refused: a line of more than {MAX_LINE_BYTES:,} bytes", number)
        text = decode_line(raw, number, warn).rstrip("\r\n").lstrip("\ufeff")
        if not text.strip():
            continue
        if text.startswith("#"):
            read_preamble(text, header)
            continue
        if header.log_type_text.lower() != AGENT_LOG_TYPE or "agent" not in header.fields:
            warn.append((number, "a row before an agent log's #Log-type and #Fields lines"))
            continue
        try:
            values = next(csv.reader([text], strict=True))
        except csv.Error as exc:
            warn.append((number, f"not a CSV row: {exc}"))
            continue
        row = {name: value.strip() for name, value in zip(header.fields, values, strict=False)}
        network = remote_network(row.get("enteredorgfromip"))
        key = (*(row.get(name, "") for name in _KEPT), network)
        found = groups.get(key)
        time = row.get("timestamp", "")
        if found is not None:
            add_seen(found.properties, 1, time, time)
            continue
        digest = hashlib.sha256(repr(key).encode("utf-8")).hexdigest()[:8]
        identity = f"{row.get('agent', '')} {row.get('event', '')} from {network or '?'} #{digest}"
        groups[key] = SnapshotObject(
            kind=AGENT_KIND,
            side=ON_PREMISES,
            identity=identity,
            properties={
                "Identity": identity,
                "Agent": row.get("agent") or None,
                "Event": row.get("event") or None,
                "Action": row.get("action") or None,
                "Diagnostics": row.get("diagnostics") or None,
                "Directionality": row.get("directionality") or None,
                "SmtpResponse": row.get("smtpresponse") or None,
                "Reason": row.get("reason") or None,
                "EnteredOrgFromIp": row.get("enteredorgfromip") or None,
                "EnteredOrgFromNetwork": network,
                "Entries": 1,
                "FirstSeen": time,
                "LastSeen": time,
            },
            source=Source(file, number),
            type_name="AgentLog",
        )
    if not header.fields:
        raise InputError(file, "not an Exchange agent log: no #Fields line")
    return list(groups.values())
