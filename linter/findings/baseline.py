"""Baselines: the findings accepted at one point, so that later runs report only what is new.

A baseline stores each finding's stable fingerprint (rule, kind, side, identity, property: never
line numbers or file order), so a re-export in another format or order matches it. It is read as
untrusted input: a malformed file is an `InputError`, never a traceback.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from linter.findings.model import Finding
from linter.support.errors import InputError
from linter.support.output import write_output
from linter.support.userfiles import parse_json, read_user_text, schema_problem, tool_header

FORMAT = 1
MAX_BYTES = 64 * 1024 * 1024


def baseline_document(findings: list[Finding], as_of: date) -> dict[str, Any]:
    entries = {
        f.fingerprint: {
            "fingerprint": f.fingerprint,
            "rule_id": f.rule_id,
            "kind": f.kind,
            "side": f.side,
            "identity": f.identity,
            "severity": f.severity,
        }
        for f in findings
    }
    return {
        "format": FORMAT,
        "tool": tool_header(),
        "as_of": as_of.isoformat(),
        "findings": [entries[key] for key in sorted(entries)],
    }


def write_baseline(path: Path, findings: list[Finding], as_of: date) -> None:
    text = json.dumps(baseline_document(findings, as_of), indent=2, ensure_ascii=False) + "\n"
    write_output(path, text)


def read_baseline(path: Path) -> frozenset[str]:
    """The fingerprints a baseline file accepts."""
    data = parse_json(str(path), read_user_text(path, MAX_BYTES, "baseline"), "baseline")
    problem = schema_problem("baseline.schema.json", data)
    if problem is not None:
        raise InputError(str(path), f"not a hybridlint baseline: {problem.message}")
    return frozenset(entry["fingerprint"] for entry in data["findings"])


@dataclass(frozen=True)
class BaselineResult:
    new: list[Finding]
    known: int  # in the baseline and still found
    fixed: int  # in the baseline and no longer found


def apply_baseline(findings: list[Finding], accepted: frozenset[str]) -> BaselineResult:
    found = {f.fingerprint for f in findings}
    new = [f for f in findings if f.fingerprint not in accepted]
    return BaselineResult(new, len(found & accepted), len(accepted - found))
