"""`hybridlint snapshot`: what was read, as a table for people or JSON for programs."""

from __future__ import annotations

import json

from linter.snapshot.model import Snapshot
from linter.snapshot.serialize import snapshot_to_json
from linter.support.text import one_line


def render_json(snapshot: Snapshot) -> str:
    return json.dumps(snapshot_to_json(snapshot), indent=2, ensure_ascii=False) + "\n"


def text_table(headers: list[str], rows: list[list[str]], right: frozenset[int] = frozenset()) -> list[str]:
    """Columns padded to their widest cell, a dashed rule under the headers; columns in `right` right-aligned.
    Cells come from exports: each is one line with its control characters escaped."""
    rows = [[one_line(cell) for cell in row] for row in rows]
    widths = [max(len(h), *(len(r[i]) for r in rows)) if rows else len(h) for i, h in enumerate(headers)]

    def line(cells: list[str]) -> str:
        return "  ".join(
            c.rjust(w) if i in right else c.ljust(w) for i, (c, w) in enumerate(zip(cells, widths, strict=True))
        ).rstrip()

    return [line(headers), "  ".join("-" * w for w in widths), *map(line, rows)]


def render_table(snapshot: Snapshot) -> str:
    lines: list[str] = []
    if snapshot.manifest is not None and snapshot.manifest.organization:
        lines.append(one_line(f"Organisation: {snapshot.manifest.organization}"))
        if snapshot.manifest.export_date:
            lines.append(one_line(f"Exported:     {snapshot.manifest.export_date}"))
        lines.append("")
    lines.append(f"Files ({len(snapshot.files)})")
    lines.extend(
        text_table(
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
        text_table(
            ["kind", "side", "identity", "server", "source"],
            [[o.kind, o.side, o.identity, o.server or "-", str(o.source)] for o in snapshot.objects],
        )
    )
    lines.append("")
    lines.append(f"Warnings ({len(snapshot.warnings)})")
    lines.extend(one_line(f"  {w}") for w in snapshot.warnings)
    return "\n".join(lines) + "\n"
