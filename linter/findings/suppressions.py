"""Suppressions from `.hybridlint.yaml`: accept one finding, with a reason, for a while.

An entry names a rule (id or glob) and an object (identity or glob), says why, and may expire and
name an owner. A suppressed finding is never dropped: every format lists it apart with its reason.
An expired entry stops suppressing and becomes a finding of its own; so does an entry that matches
nothing (it is stale, or mistyped).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from fnmatch import translate
from functools import cache
from pathlib import Path
from typing import Any, Final

from linter.findings.model import Finding, Severity
from linter.support.errors import InputError
from linter.support.userfiles import line_of, parse_yaml, plain_data, read_user_text, schema_problem

CONFIG_NAME = ".hybridlint.yaml"
CONFIG_SIDE: Final = "configuration"
MAX_BYTES = 1024 * 1024
# A consultant's file holds tens of entries; beyond this many it is generated, and parsing it with
# positions alone would take seconds (docs/limits.md).
MAX_SUPPRESSIONS = 2_000


@dataclass(frozen=True)
class Suppression:
    rule: str
    object: str
    reason: str
    expires: date | None
    owner: str | None
    file: str
    line: int

    def matches(self, finding: Finding) -> bool:
        return _matcher(self.rule)(finding.rule_id.lower()) and _matcher(self.object)(finding.identity.lower())

    def to_json(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "object": self.object,
            "reason": self.reason,
            "expires": self.expires.isoformat() if self.expires else None,
            "owner": self.owner,
            "source": {"file": self.file, "line": self.line},
        }


def find_config(paths: list[str], explicit: Path | None) -> Path | None:
    """`--config`, else `.hybridlint.yaml` beside (or in) the first snapshot path, else in the current folder."""
    if explicit is not None:
        return explicit
    candidates: list[Path] = []
    if paths:
        first = Path(paths[0])
        candidates.append((first if first.is_dir() else first.parent) / CONFIG_NAME)
    candidates.append(Path.cwd() / CONFIG_NAME)
    return next((c for c in candidates if c.is_file()), None)


_GLOB = re.compile(r"[*?\[]")


@cache
def _matcher(pattern: str) -> Callable[[str], bool]:
    """A test for lower-cased text, compiled once per pattern: equality for a plain name, a
    regular expression for a glob (fnmatch's translation, which does not backtrack badly)."""
    lowered = pattern.lower()
    if not _GLOB.search(lowered):
        return lowered.__eq__
    return re.compile(translate(lowered)).fullmatch  # type: ignore[return-value]


def load_suppressions(path: Path) -> list[Suppression]:
    text = read_user_text(path, MAX_BYTES, "configuration")
    data = parse_yaml(str(path), text, positions=True) or {}
    problem = schema_problem("config.schema.json", plain_data(data))
    if problem is not None:
        raise InputError(str(path), problem.message, *line_of(data, problem.path))
    entries = data.get("suppressions") or []
    if len(entries) > MAX_SUPPRESSIONS:
        raise InputError(str(path), f"refused: {len(entries):,} suppressions, more than the {MAX_SUPPRESSIONS:,} read")
    return [
        Suppression(
            str(entry["rule"]),
            str(entry.get("object", "*")),
            str(entry["reason"]).strip(),
            _date(entry.get("expires"), path, data, number),
            entry.get("owner"),
            str(path),
            entry.lc.line + 1,
        )
        for number, entry in enumerate(entries)
    ]


def _date(value: Any, path: Path, data: Any, number: int) -> date | None:
    if value is None:
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        where = line_of(data, ["suppressions", number, "expires"])
        raise InputError(str(path), f"expires: {value!s} is not a date of the calendar", *where) from None


@dataclass(frozen=True)
class Applied:
    active: list[Finding]
    suppressed: list[tuple[Finding, Suppression]]


def apply_suppressions(
    findings: list[Finding], entries: list[Suppression], as_of: date, report_entries: bool = True
) -> Applied:
    """Findings still active and those suppressed; with `report_entries`, a finding for each expired
    or unused entry too (a diff leaves those out: both snapshots share the file)."""
    live = [entry for entry in entries if entry.expires is None or entry.expires >= as_of]
    # Entries by the rule id they name (a glob rule applies to any): a finding is tried only
    # against its rule's entries, in file order, so many entries cost no more than a few.
    by_rule: dict[str, list[tuple[int, Suppression]]] = {}
    any_rule: list[tuple[int, Suppression]] = []
    for number, candidate in enumerate(live):
        if _GLOB.search(candidate.rule):
            any_rule.append((number, candidate))
        else:
            by_rule.setdefault(candidate.rule.lower(), []).append((number, candidate))
    used: set[int] = set()
    active: list[Finding] = []
    suppressed: list[tuple[Finding, Suppression]] = []
    for finding in findings:
        candidates = sorted(by_rule.get(finding.rule_id.lower(), []) + any_rule, key=lambda pair: pair[0])
        match = next((e for _, e in candidates if e.matches(finding)), None)
        if match is None:
            active.append(finding)
        else:
            used.add(id(match))
            suppressed.append((finding, match))
    live_ids = {id(entry) for entry in live}
    for entry in entries if report_entries else []:
        if id(entry) not in live_ids:
            active.append(
                _config_finding(
                    entry,
                    "HYB-CONFIG-001",
                    "warning",
                    (
                        f"The suppression of {entry.rule} for '{entry.object}' expired on {entry.expires}"
                        f" (owner: {entry.owner or 'none named'}; reason: {entry.reason})."
                        " Its findings are reported again: fix them,"
                        " or renew the suppression with a new date and a current reason."
                    ),
                )
            )
        elif id(entry) not in used:
            active.append(
                _config_finding(
                    entry,
                    "HYB-CONFIG-002",
                    "info",
                    (
                        f"The suppression of {entry.rule} for '{entry.object}' matches no finding:"
                        " the problem is fixed, or the rule id or object name is mistyped."
                        " Remove the entry or correct it."
                    ),
                )
            )
    return Applied(sorted(active, key=Finding.sort_key), suppressed)


def _config_finding(entry: Suppression, rule_id: str, severity: Severity, message: str) -> Finding:
    title = "A suppression has expired" if rule_id == "HYB-CONFIG-001" else "A suppression matches nothing"
    return Finding(
        rule_id=rule_id,
        title=title,
        severity=severity,
        category="input",
        kind="Suppression",
        side=CONFIG_SIDE,
        identity=f"{entry.rule} / {entry.object}",
        server=None,
        message=message,
        expected=None,
        actual=None,
        remediation=None,
        references=[],
        file=entry.file,
        line=entry.line,
        outcome="fail",
    )
