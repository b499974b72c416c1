"""`hybridlint diff --format json`: objects added, removed and changed; findings introduced and resolved."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from linter.findings.diff import SnapshotDiff
from linter.report.json_report import finding_to_json
from linter.snapshot.model import SnapshotObject
from linter.support.userfiles import tool_header


def _object_json(obj: SnapshotObject) -> dict[str, Any]:
    return {
        "kind": obj.kind,
        "side": obj.side,
        "identity": obj.identity,
        "server": obj.server,
        "source": obj.source.to_json(),
    }


def diff_to_json(result: SnapshotDiff, before: str, after: str, as_of: date) -> dict[str, Any]:
    return {
        "tool": tool_header(),
        "as_of": as_of.isoformat(),
        "before": before,
        "after": after,
        "objects": {
            "added": [_object_json(o) for o in result.added],
            "removed": [_object_json(o) for o in result.removed],
            "changed": [
                {
                    **_object_json(c.obj),
                    "changes": [{"property": p.name, "before": p.before, "after": p.after} for p in c.changes],
                }
                for c in result.changed
            ],
        },
        "findings": {
            "introduced": [finding_to_json(f) for f in result.introduced],
            "resolved": [finding_to_json(f) for f in result.resolved],
            "suppressed": [
                {"finding": finding_to_json(f), "suppression": entry.to_json()} for f, entry in result.suppressed
            ],
        },
    }


def render_diff(result: SnapshotDiff, before: str, after: str, as_of: date) -> str:
    return json.dumps(diff_to_json(result, before, after, as_of), indent=2, ensure_ascii=False) + "\n"
