"""`hybridlint snapshot`: what was read, as a table for people or JSON for programs."""

from __future__ import annotations

import json

from linter.snapshot.model import Snapshot
from linter.snapshot.serialize import snapshot_to_json


def render_json(snapshot: Snapshot) -> str:
    return json.dumps(snapshot_to_json(snapshot), indent=2, ensure_ascii=False) + "\n"


def _table(headers: list[str], rows: list[list[str]]) -> list[str]:
    widths = [max(len(h), *(len(r[i]) for r in rows)) if rows else len(h) for i, h in enumerate(headers)]
    line = "  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)).rstrip()
    out = [line, "  ".join("-" * w for w in widths)]
    out.extend("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip() for row in rows)
    return out


def render_table(snapshot: Snapshot) -> str:
    lines: list[str] = []
    if snapshot.manifest is not None and snapshot.manifest.organization:
        lines.append(f"Organisation: {snapshot.manifest.organization}")
        if snapshot.manifest.export_date:
            lines.append(f"Exported:     {snapshot.manifest.export_date}")
        lines.append("")
    lines.append(f"Files ({len(snapshot.files)})")
    lines.extend(
        _table(
            ["file", "format", "encoding", "side", "objects", "kinds"],
            [
                [
                    f.path,
                    f.format,
                    f.encoding,
                    ", ".join(sorted(f.sides)) or "-",
                    str(f.object_count),
                    ", ".join(f"{k} x{n}" for k, n in sorted(f.kinds.items())) or "-",
                ]
                for f in snapshot.files
            ],
        )
    )
    lines.append("")
    lines.append(f"Objects ({len(snapshot.objects)})")
    lines.extend(
        _table(
            ["kind", "side", "identity", "server", "source"],
            [[o.kind, o.side, o.identity, o.server or "-", str(o.source)] for o in snapshot.objects],
        )
    )
    lines.append("")
    lines.append(f"Warnings ({len(snapshot.warnings)})")
    lines.extend(f"  {w}" for w in snapshot.warnings)
    return "\n".join(lines) + "\n"
