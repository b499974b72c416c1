"""`hybridlint diff` as plain text: what a change did to objects and findings."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from linter.findings.diff import SnapshotDiff
from linter.support.text import one_line


def short_value(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 160 else text[:157] + "..."


def render_diff(result: SnapshotDiff, before: str, after: str, as_of: date) -> str:
    lines = [f"{before} -> {after} (as of {as_of.isoformat()})", ""]
    for title, objects in (("ADDED", result.added), ("REMOVED", result.removed)):
        if objects:
            lines.append(f"{title} ({len(objects)})")
            lines += [f"  {o.kind} '{o.identity}' ({o.side})  {o.source.file}:{o.source.line}" for o in objects]
            lines.append("")
    if result.changed:
        lines.append(f"CHANGED ({len(result.changed)})")
        for change in result.changed:
            obj = change.obj
            lines.append(f"  {obj.kind} '{obj.identity}' ({obj.side})  {obj.source.file}:{obj.source.line}")
            lines += [f"    {p.name}: {short_value(p.before)} -> {short_value(p.after)}" for p in change.changes]
        lines.append("")
    for title, findings in (("FINDINGS INTRODUCED", result.introduced), ("FINDINGS RESOLVED", result.resolved)):
        if findings:
            lines.append(f"{title} ({len(findings)})")
            lines += [
                f"  {f.severity:<8} {f.rule_id}  {f.kind} '{f.identity}' ({f.side}): {f.problem}" for f in findings
            ]
            lines.append("")
    if result.suppressed:
        lines.append(f"FINDINGS INTRODUCED BUT SUPPRESSED ({len(result.suppressed)}), not counted")
        for f, entry in result.suppressed:
            lines.append(f"  {f.severity:<8} {f.rule_id}  {f.kind} '{f.identity}' ({f.side}): {f.problem}")
            lines.append(f"           reason: {entry.reason} ({entry.file}:{entry.line})")
        lines.append("")
    accepted = f" ({len(result.suppressed)} more suppressed)" if result.suppressed else ""
    lines.append(
        f"{len(result.added)} added, {len(result.removed)} removed, {len(result.changed)} changed object(s); "
        f"{len(result.introduced)} finding(s) introduced{accepted}, {len(result.resolved)} resolved"
    )
    # Every line is one record; names and values come from exports: control characters escaped.
    return "\n".join(one_line(line) for line in lines) + "\n"
