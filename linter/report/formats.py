"""The report formats by name: what file extension each writes and how it is rendered.

Each format's module is imported only when that format is asked for, so that `lint` starts fast.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from importlib import import_module

from linter.rules.model import Finding, Rule
from linter.snapshot.model import Snapshot, SnapshotObject
from linter.suppressions import Suppression


@dataclass(frozen=True)
class Report:
    """Everything a format may show: the findings, the rules that ran, the date and the snapshot size."""

    findings: list[Finding]
    rules: list[Rule]
    as_of: date
    object_count: int
    checked: list[tuple[str, SnapshotObject]] = field(default_factory=list)  # (rule id, object) pairs run
    baseline: dict[str, object] | None = None  # {"file", "known", "fixed"} with lint --baseline
    suppressed: list[tuple[Finding, Suppression]] = field(default_factory=list)  # listed apart, never dropped
    snapshot: Snapshot | None = None  # for the inventory of what was read


# name -> (module in linter.report, file name when written to a folder)
FORMATS: dict[str, tuple[str, str]] = {
    "text": ("text_report", "hybridlint.txt"),
    "json": ("json_report", "hybridlint.json"),
    "sarif": ("sarif", "hybridlint.sarif"),
    "csv": ("csv_report", "hybridlint.csv"),
    "markdown": ("markdown_report", "hybridlint.md"),
    "junit": ("junit_report", "hybridlint.junit.xml"),
    "html": ("html_report", "hybridlint.html"),
}


def parse_formats(text: str) -> list[str]:
    """`json,sarif` -> ["json", "sarif"]; ValueError naming an unknown format."""
    names = [part.strip().lower() for part in text.split(",") if part.strip()]
    unknown = [name for name in names if name not in FORMATS]
    if unknown or not names:
        raise ValueError(f"unknown format {', '.join(unknown) or repr(text)} (use {', '.join(FORMATS)})")
    return list(dict.fromkeys(names))


def render(name: str, report: Report) -> str:
    module = import_module(f"linter.report.{FORMATS[name][0]}")
    text: str = module.render_report(report)
    return text
