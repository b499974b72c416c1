"""The snapshot as plain JSON data: what `hybridlint snapshot --format json` prints."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from linter.snapshot.model import Snapshot, SnapshotObject


def jsonable(value: Any) -> Any:
    """A normalised value as JSON data (typed values through their `to_json`)."""
    if value is None or isinstance(value, (str, bool, int, float)):
        return value
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [jsonable(v) for v in value]
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, timedelta):
        return format_timespan(value)
    to_json = getattr(value, "to_json", None)
    if callable(to_json):
        return jsonable(to_json())
    return str(value)


def format_timespan(value: timedelta) -> str:
    """.NET TimeSpan spelling: `[-][d.]hh:mm:ss[.fffffff]` (as `00:10:00`, `7.00:00:00`)."""
    sign = "-" if value < timedelta(0) else ""
    value = abs(value)
    hours, rest = divmod(value.seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    text = f"{hours:02}:{minutes:02}:{seconds:02}"
    if value.days:
        text = f"{value.days}.{text}"
    if value.microseconds:
        text += f".{value.microseconds * 10:07}"
    return sign + text


def object_to_json(obj: SnapshotObject) -> dict[str, Any]:
    return {
        "kind": obj.kind,
        "side": obj.side,
        "identity": obj.identity,
        "server": obj.server,
        "type_name": obj.type_name,
        "source": obj.source.to_json(),
        "properties": jsonable(obj.properties),
    }


def snapshot_to_json(snapshot: Snapshot) -> dict[str, Any]:
    manifest = snapshot.manifest
    return {
        "manifest": None
        if manifest is None
        else {
            "organization": manifest.organization,
            "export_date": manifest.export_date,
            "exchange_versions": manifest.exchange_versions,
            "source": manifest.source,
        },
        "files": [
            {
                "path": f.path,
                "format": f.format,
                "encoding": f.encoding,
                "object_count": f.object_count,
                "kinds": dict(sorted(f.kinds.items())),
                "sides": dict(sorted(f.sides.items())),
            }
            for f in snapshot.files
        ],
        "skipped": [{"path": s.path, "reason": s.reason} for s in snapshot.skipped],
        "objects": [object_to_json(o) for o in snapshot.objects],
        "warnings": [{"code": w.code, "message": w.message, "source": w.source.to_json()} for w in snapshot.warnings],
    }
