"""The Exchange Online Protection SMTP ranges rules compare receive connectors with.

hybridlint ships a dated dataset (`linter/datasets/eop-ranges.json`, from the Microsoft 365 URLs and IP
address ranges, endpoint set 10). `hybridlint eop-ranges import FILE` reads the JSON that the
Microsoft 365 endpoints web service returns (downloaded by the admin: hybridlint never goes online)
and keeps the result in the user's data folder, where it takes precedence. Ranges that the shipped
or previous dataset had and the new one lacks are added to the retired list.
"""

from __future__ import annotations

import json
import os
from datetime import date
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from linter.support.errors import InputError
from linter.support.output import write_output
from linter.support.userfiles import parse_json, read_user_text
from linter.values import ValueSyntaxError
from linter.values.ip import IPRange

STALE_AFTER_DAYS = 90
EXCHANGE_SMTP_SET = 10
MAX_IMPORT_BYTES = 16 * 1024 * 1024  # the whole worldwide endpoints answer is about 100 KB


def user_dataset_path() -> Path:
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "hybridlint" / "eop-ranges.json"


def _packaged() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(resources.files("linter.datasets").joinpath("eop-ranges.json").read_text("utf-8"))
    data["origin"] = "shipped with hybridlint"
    return data


@lru_cache(maxsize=1)
def dataset() -> dict[str, Any]:
    """The dataset in use: the imported one when there is a readable one, else the shipped one."""
    path = user_dataset_path()
    if path.is_file():
        try:
            data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
            _check(data)
            data["origin"] = f"imported ({path})"
            return data
        except (OSError, ValueError, KeyError):
            pass  # an unreadable import falls back to the shipped dataset
    return _packaged()


def _check(data: dict[str, Any]) -> None:
    for text in data["ranges"]:
        IPRange.parse(text)
    for retired in data["previously_published_in_set_10_now_removed"]:
        IPRange.parse(retired["range"])
    date.fromisoformat(data["as_of"])


def age_in_days(as_of: date) -> int:
    return (as_of - date.fromisoformat(dataset()["as_of"])).days


def import_endpoints(file: Path, today: date) -> dict[str, Any]:
    """Read the endpoints web service JSON; return the new dataset (not yet saved)."""
    document = parse_json(str(file), read_user_text(file, MAX_IMPORT_BYTES, "endpoints file"), "endpoints file")
    if not isinstance(document, list):
        raise InputError(str(file), "expected the endpoints web service's answer: a JSON array of endpoint sets")
    sets = [s for s in document if isinstance(s, dict) and s.get("id") == EXCHANGE_SMTP_SET]
    if not sets or not isinstance(sets[0].get("ips"), list):
        raise InputError(
            str(file), f"no endpoint set {EXCHANGE_SMTP_SET} (Exchange Online Protection, TCP 25) with ips"
        )
    ranges: list[str] = []
    for text in sets[0]["ips"]:
        try:
            ranges.append(str(IPRange.parse(str(text))))
        except ValueSyntaxError as exc:
            raise InputError(str(file), f"endpoint set {EXCHANGE_SMTP_SET}: {exc}") from None
    previous = dataset()
    retired = list(previous["previously_published_in_set_10_now_removed"])
    known = {r["range"] for r in retired}
    for old in previous["ranges"]:
        if old not in ranges and old not in known:
            retired.append({"range": old, "last_seen_version": previous["as_of"], "removed_in": today.isoformat()})
    return {
        "source": f"Microsoft 365 endpoints web service answer imported from {file.name}",
        "as_of": today.isoformat(),
        "endpoint_set_id": EXCHANGE_SMTP_SET,
        "tcpPorts": sets[0].get("tcpPorts", "25"),
        "urls": sets[0].get("urls", []),
        "ranges": ranges,
        "previously_published_in_set_10_now_removed": retired,
    }


def save(data: dict[str, Any]) -> Path:
    path = user_dataset_path()
    write_output(path, json.dumps(data, indent=2) + "\n")
    dataset.cache_clear()
    return path
