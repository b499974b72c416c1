"""The Exchange Online Protection SMTP ranges rules compare receive connectors with, per instance.

Each Microsoft 365 instance (Worldwide, USGovGCCHigh, USGovDoD, China) publishes its own ranges in
its own endpoint set (10 worldwide, 6 in GCC High and DoD, 2 in 21Vianet). hybridlint ships dated
sets for Worldwide, GCC High and DoD (`linter/datasets/eop-ranges*.json`, from the Microsoft 365
URLs and IP address ranges pages); 21Vianet's only published data is from 2021, so it ships none.

`hybridlint eop-ranges import FILE` reads the JSON the Microsoft 365 endpoints web service returns
for any instance (downloaded by the admin: hybridlint never goes online), tells the instance from
the endpoint set's host names, and keeps the result in the user's data folder, where it takes
precedence for that instance. Ranges the previous set had and the new one lacks become retired.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
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

# Microsoft changed the worldwide SMTP set seven times between July 2018 and July 2019 (one to
# five months apart) and not since 2019-07-29 (hybrid-facts.md 2.4): a copy a year old would have
# missed at most one change even in the busiest year, so that is when a dataset is called stale.
STALE_AFTER_DAYS = 365
MAX_IMPORT_BYTES = 16 * 1024 * 1024  # the whole worldwide endpoints answer is about 100 KB
WORLDWIDE = "Worldwide"
INSTANCES = ("Worldwide", "USGovGCCHigh", "USGovDoD", "China")
# The first worldwide imports kept their retired ranges under this key; new files say "retired".
_LEGACY_RETIRED = "previously_published_in_set_10_now_removed"

# How an endpoint set names the SMTP hosts of Exchange Online Protection in each instance (hybrid-facts
# 2.2, 2.3): the set that lists one of these on TCP 25 is the one whose ranges send and receive mail.
# DoD is told from GCC High by its own apps.mil name; both list office365.us names.
_SMTP_HOSTS = (
    ("USGovDoD", "protection.apps.mil"),
    ("USGovGCCHigh", "protection.office365.us"),
    ("China", "mail.protection.partner.outlook.cn"),
    ("Worldwide", "mail.protection.outlook.com"),
)


@dataclass(frozen=True)
class RetiredRange:
    range: str
    removed_in: str


@dataclass(frozen=True)
class EopDataset:
    instance: str
    as_of: str
    origin: str
    endpoint_set_id: int
    ranges: tuple[str, ...]
    retired: tuple[RetiredRange, ...]


def user_dataset_path(instance: str = WORLDWIDE) -> Path:
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    name = "eop-ranges.json" if instance == WORLDWIDE else f"eop-ranges-{instance}.json"
    return Path(base) / "hybridlint" / name


def _packaged_name(instance: str) -> str:
    return "eop-ranges.json" if instance == WORLDWIDE else f"eop-ranges-{instance}.json"


def _from_document(data: dict[str, Any], instance: str, origin: str) -> EopDataset:
    """The dataset a stored document holds; ValueError or KeyError when it is not one."""
    ranges = tuple(str(IPRange.parse(text)) for text in data["ranges"])
    retired = tuple(
        RetiredRange(str(IPRange.parse(r["range"])), str(r.get("removed_in", "?")))
        for r in data.get("retired", data.get(_LEGACY_RETIRED, []))
    )
    date.fromisoformat(data["as_of"])
    return EopDataset(instance, data["as_of"], origin, int(data.get("endpoint_set_id", 0)), ranges, retired)


@lru_cache(maxsize=8)
def dataset(instance: str = WORLDWIDE) -> EopDataset | None:
    """The dataset in use for `instance`: the imported one when there is a readable one, else the
    shipped one; None when hybridlint has none for that instance (21Vianet until one is imported)."""
    path = user_dataset_path(instance)
    if path.is_file():
        try:
            return _from_document(json.loads(path.read_text(encoding="utf-8")), instance, f"imported ({path})")
        except (OSError, ValueError, KeyError, TypeError):
            pass  # an unreadable import falls back to the shipped dataset
    shipped = resources.files("linter.datasets").joinpath(_packaged_name(instance))
    if not shipped.is_file():
        return None
    return _from_document(json.loads(shipped.read_text("utf-8")), instance, "shipped with hybridlint")


def worldwide() -> EopDataset:
    found = dataset(WORLDWIDE)
    if found is None:  # pragma: no cover - the worldwide set is package data
        raise InputError("linter/datasets/eop-ranges.json", "missing: this hybridlint installation is incomplete")
    return found


def _on_port_25(endpoint_set: dict[str, Any]) -> bool:
    return "25" in {p.strip() for p in str(endpoint_set.get("tcpPorts", "")).split(",")}


def instance_of(endpoint_set: dict[str, Any]) -> str | None:
    """The instance whose Exchange Online Protection SMTP hosts `endpoint_set` lists on TCP 25."""
    urls = endpoint_set.get("urls")
    if not _on_port_25(endpoint_set) or not isinstance(urls, list):
        return None
    hosts = [str(url).lower().lstrip("*.") for url in urls]
    for instance, suffix in _SMTP_HOSTS:
        if any(host == suffix or host.endswith("." + suffix) for host in hosts):
            return instance
    return None


def import_endpoints(file: Path, today: date, instance: str | None = None) -> dict[str, Any]:
    """Read the endpoints web service JSON of any instance; return the new dataset (not yet saved).

    The instance is told from the SMTP set's host names; `instance`, when given, must agree."""
    document = parse_json(str(file), read_user_text(file, MAX_IMPORT_BYTES, "endpoints file"), "endpoints file")
    if not isinstance(document, list):
        raise InputError(str(file), "expected the endpoints web service's answer: a JSON array of endpoint sets")
    sets = [s for s in document if isinstance(s, dict) and isinstance(s.get("ips"), list)]
    smtp = [(s, found) for s in sets if (found := instance_of(s)) is not None]
    if not smtp and instance is not None:
        # An instance whose SMTP set names hosts hybridlint does not know (21Vianet's published sets
        # list few host names): the one Exchange set on TCP 25 with addresses, when there is one.
        exchange = [s for s in sets if s.get("serviceArea") == "Exchange" and _on_port_25(s)]
        smtp = [(exchange[0], instance)] if len(exchange) == 1 else []
    if not smtp:
        raise InputError(
            str(file),
            "no endpoint set with Exchange Online Protection's SMTP hosts on TCP 25 and ips "
            "(*.mail.protection.outlook.com, *.protection.office365.us, *.protection.apps.mil or "
            "*.mail.protection.partner.outlook.cn)",
        )
    endpoint_set, detected = smtp[0]
    if instance is not None and instance != detected:
        raise InputError(str(file), f"this is the {detected} instance's answer, not {instance}'s")
    ranges: list[str] = []
    for text in endpoint_set["ips"]:
        try:
            ranges.append(str(IPRange.parse(str(text))))
        except ValueSyntaxError as exc:
            raise InputError(str(file), f"endpoint set {endpoint_set.get('id')}: {exc}") from None
    retired = _retired(dataset(detected), ranges, today)
    return {
        "source": f"Microsoft 365 endpoints web service answer imported from {file.name}",
        "instance": detected,
        "as_of": today.isoformat(),
        "endpoint_set_id": endpoint_set.get("id"),
        "tcpPorts": endpoint_set.get("tcpPorts", "25"),
        "urls": endpoint_set.get("urls", []),
        "ranges": ranges,
        "retired": retired,
    }


def from_range_list(ranges: list[str], instance: str, taken: date, file_name: str) -> dict[str, Any]:
    """A dataset from a tenant's own list of EOP addresses (Get-HybridMailflowDatacenterIPs output),
    taken on `taken`. A list older than the dataset in use is refused: it would retire ranges EOP
    still sends from. Ranges the dataset in use has and the list lacks become retired as of `taken`."""
    previous = dataset(instance)
    if previous is not None and date.fromisoformat(previous.as_of) > taken:
        raise InputError(
            file_name,
            f"refused: this list was taken on {taken.isoformat()}, before the {instance} dataset in use "
            f"(as of {previous.as_of}); an older list would retire ranges EOP still uses",
        )
    retired = _retired(previous, ranges, taken)
    return {
        "source": f"the tenant's own list of EOP addresses (Get-HybridMailflowDatacenterIPs) imported from {file_name}",
        "instance": instance,
        "as_of": taken.isoformat(),
        "endpoint_set_id": 0,
        "tcpPorts": "25",
        "urls": [],
        "ranges": ranges,
        "retired": retired,
    }


def _retired(previous: EopDataset | None, ranges: list[str], day: date) -> list[dict[str, str]]:
    """The retired ranges of the dataset in use, and those of its current ranges `ranges` lacks,
    retired on `day`."""
    retired = [{"range": r.range, "removed_in": r.removed_in} for r in previous.retired] if previous else []
    known = {r["range"] for r in retired}
    for old in previous.ranges if previous else ():
        if old not in ranges and old not in known:
            retired.append({"range": old, "removed_in": day.isoformat()})
    return retired


def save(data: dict[str, Any]) -> Path:
    path = user_dataset_path(str(data["instance"]))
    write_output(path, json.dumps(data, indent=2) + "\n")
    dataset.cache_clear()
    return path
