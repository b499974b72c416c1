"""`hybridlint headers`: the verdict on one message, as text for people or JSON for programs.

The first header set is the message itself; the others are originals it carries (an NDR's
attachment, its quoted headers), each with a verdict of its own.
"""

from __future__ import annotations

import json
from typing import Any

from linter.report.inventory import text_table
from linter.snapshot.messages.evidence import MessageEvidence
from linter.snapshot.messages.verdict import likely_causes, verdict
from linter.support.text import one_line

SCHEMA_VERSION = 1


def to_json(file: str, evidence: list[MessageEvidence]) -> dict[str, Any]:
    return {
        "schema_version": SCHEMA_VERSION,
        "file": file,
        "messages": [_message_json(item) for item in evidence],
    }


def _message_json(item: MessageEvidence) -> dict[str, Any]:
    return {
        "where": item.header_set.where,
        "line": item.header_set.line,
        "verdict": verdict(item),
        "cross_premises": item.cross_premises,
        "auth_as": item.auth_as,
        "direction": item.direction,
        "third_party_hop_in_hybrid_path": item.third_party_hop_in_hybrid_path,
        "external_origin": item.external_origin,
        "hops": [hop.to_json() for hop in item.hops],
        "organisation_headers": dict(item.deciding_headers()),
        "gateway_products": list(item.gateway_products),
        "likely_causes": [{"text": c.text, "references": list(c.references)} for c in likely_causes(item)],
        "notes": list(item.notes),
    }


def render_json(file: str, evidence: list[MessageEvidence]) -> str:
    return json.dumps(to_json(file, evidence), indent=2, ensure_ascii=False) + "\n"


def render_text(file: str, evidence: list[MessageEvidence]) -> str:
    lines: list[str] = []
    for index, item in enumerate(evidence):
        if index:
            lines.append("")
        title = "Message" if item.header_set.where == "message" else f"Carried inside: {item.header_set.where}"
        lines.append(one_line(f"{title} ({file}:{item.header_set.line})"))
        lines.append(f"  verdict:    {verdict(item)}")
        lines.append(f"  direction:  {item.direction}")
        lines.append(f"  auth as:    {item.auth_as or '(not stamped by Exchange)'}")
        if item.third_party_hop_in_hybrid_path:
            lines.append("  third-party hop in the hybrid path: yes")
        lines.append("")
        lines.extend("  " + row for row in _hop_table(item))
        headers = item.deciding_headers()
        if headers:
            lines.append("")
            lines.append("  headers that decided it:")
            lines.extend(one_line(f"    {name}: {value}") for name, value in headers)
        for note in item.notes:
            lines.append(one_line(f"  note: {note}"))
        causes = likely_causes(item)
        if causes:
            lines.append("")
            lines.append("  likely cause:" if len(causes) == 1 else "  likely causes:")
            for cause in causes:
                lines.append(one_line(f"    - {cause.text}"))
                lines.append(one_line(f"      sources: {'; '.join(cause.references)}"))
    return "\n".join(lines) + "\n"


def _hop_table(item: MessageEvidence) -> list[str]:
    if not item.hops:
        return ["(no Received fields)"]
    rows = []
    for number, hop in enumerate(item.hops, 1):
        received = hop.received
        who = {"exchange-online": "Exchange Online", "exchange-onprem": "Exchange on-premises"}.get(
            hop.role, hop.product or "not Microsoft"
        )
        rows.append(
            [
                str(number),
                received.by_host or "?",
                received.time.isoformat() if received.time else "?",
                "" if hop.delay_seconds is None else f"{hop.delay_seconds:.0f}s",
                received.tls or "-",
                who,
            ]
        )
    return text_table(["hop", "host", "time", "delay", "tls", "who"], rows, right=frozenset({0, 3}))
