"""Exchange Server builds: products, cumulative updates with release dates, security updates, end of support.

hybridlint ships a dated list (`linter/datasets/exchange-builds.json`, its sources inside).
`hybridlint exchange-builds import FILE` takes a newer list in the same format
(`schemas/exchange-builds.schema.json`) and keeps it in the user's data folder, where it takes
precedence. Rules ask `describe(version)` what a server's build is: which product, which
cumulative update, whether that update is the latest or the one before (what the hybrid
prerequisites require) and whether the server has the newest security update of its CU.
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
from linter.support.userfiles import parse_json, read_user_text, schema_problem
from linter.values.version import ExchangeVersion

MAX_IMPORT_BYTES = 8 * 1024 * 1024
SCHEMA = "exchange-builds.schema.json"


@dataclass(frozen=True)
class Update:
    name: str
    build: ExchangeVersion
    released: date | None
    security_updates: tuple[tuple[str, ExchangeVersion], ...]


@dataclass(frozen=True)
class Product:
    name: str
    major: int
    minor: int
    first_build: int
    end_of_support: date | None
    updates: tuple[Update, ...]  # in build order

    def covers(self, version: ExchangeVersion) -> bool:
        return (version.major, version.minor) == (self.major, self.minor) and version.build >= self.first_build


@dataclass(frozen=True)
class BuildList:
    as_of: str
    origin: str
    products: tuple[Product, ...]


@dataclass(frozen=True)
class BuildInfo:
    """What the build list says about one server build."""

    product: str
    end_of_support: date | None
    level: str  # the cumulative update the build is at or after ("before CU1" when older than all)
    level_released: date | None
    latest_level: str
    previous_level: str | None
    level_is_current: bool  # the latest cumulative update or the one before
    latest_update: str  # the newest security or hotfix update of the build's CU, else the CU itself
    latest_update_build: ExchangeVersion
    up_to_date: bool  # at or above latest_update_build
    list_as_of: str


def user_list_path() -> Path:
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "hybridlint" / "exchange-builds.json"


def _date(text: Any) -> date | None:
    return None if text is None else date.fromisoformat(str(text))


def _from_document(data: dict[str, Any], origin: str) -> BuildList:
    products = []
    for product in data["products"]:
        updates = sorted(
            (
                Update(
                    str(u["name"]),
                    ExchangeVersion.parse(u["build"]),
                    _date(u.get("released")),
                    tuple((str(s["name"]), ExchangeVersion.parse(s["build"])) for s in u.get("security_updates", [])),
                )
                for u in product["updates"]
            ),
            key=lambda u: u.build,
        )
        products.append(
            Product(
                str(product["name"]),
                int(product["major"]),
                int(product["minor"]),
                int(product.get("first_build", 0)),
                _date(product.get("end_of_support")),
                tuple(updates),
            )
        )
    return BuildList(str(data["as_of"]), origin, tuple(products))


@lru_cache(maxsize=1)
def build_list() -> BuildList:
    """The list in use: the imported one when there is a readable one, else the shipped one."""
    path = user_list_path()
    if path.is_file():
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if schema_problem(SCHEMA, data) is None:
                return _from_document(data, f"imported ({path})")
        except (OSError, ValueError, KeyError, TypeError):
            pass  # an unreadable import falls back to the shipped list
    text = resources.files("linter.datasets").joinpath("exchange-builds.json").read_text("utf-8")
    return _from_document(json.loads(text), "shipped with hybridlint")


def describe(version: ExchangeVersion) -> BuildInfo | None:
    """What the list says about `version`; None when no product of the list covers it."""
    listed = build_list()
    # The product that covers the build with the highest first build: Server SE before 2019.
    candidates = [p for p in listed.products if p.covers(version)]
    if not candidates:
        return None
    product = max(candidates, key=lambda p: p.first_build)
    index = max((i for i, u in enumerate(product.updates) if u.build <= version), default=-1)
    latest = product.updates[-1]
    if index < 0:
        level, released, newest_name, newest_build = (
            f"before {product.updates[0].name}",
            None,
            "",
            product.updates[0].build,
        )
    else:
        update = product.updates[index]
        level, released = update.name, update.released
        newest_name, newest_build = max(
            update.security_updates, key=lambda s: s[1], default=(update.name, update.build)
        )
    return BuildInfo(
        product=product.name,
        end_of_support=product.end_of_support,
        level=level,
        level_released=released,
        latest_level=latest.name,
        previous_level=product.updates[-2].name if len(product.updates) > 1 else None,
        level_is_current=index >= len(product.updates) - 2,
        latest_update=newest_name or product.updates[0].name,
        latest_update_build=newest_build,
        up_to_date=version >= newest_build,
        list_as_of=listed.as_of,
    )


def import_list(file: Path) -> dict[str, Any]:
    """Read and check a build list in hybridlint's format; return it (not yet saved)."""
    data = parse_json(str(file), read_user_text(file, MAX_IMPORT_BYTES, "build list"), "build list")
    problem = schema_problem(SCHEMA, data, "the build list")
    if problem is not None:
        raise InputError(str(file), problem.message)
    try:
        _from_document(data, "checked")
    except ValueError as exc:
        raise InputError(str(file), f"not a build list: {exc}") from None
    return data  # type: ignore[no-any-return]


def save(data: dict[str, Any]) -> Path:
    path = user_list_path()
    write_output(path, json.dumps(data, indent=1) + "\n")
    build_list.cache_clear()
    return path
