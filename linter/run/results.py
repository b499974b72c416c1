"""What a run produces, for the report formats to render: they show nothing they are not given here.

`Report` is one lint of one snapshot; `SnapshotOutcome` is one snapshot of a batch; the change
between two snapshots is `linter.findings.diff.SnapshotDiff`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from linter.findings.model import SEVERITIES, Finding, Severity
from linter.findings.suppressions import Suppression
from linter.rules.model import Rule
from linter.run.coverage import Coverage
from linter.snapshot.model import Snapshot, SnapshotObject


@dataclass(frozen=True)
class BaselineSummary:
    """How a lint compared with `lint --baseline FILE`."""

    file: str
    known: int  # in the baseline and still found
    fixed: int  # in the baseline and no longer found


@dataclass(frozen=True)
class DatasetInfo:
    """The EOP range dataset the rules compared addresses with (the tenant's endpoints instance's),
    as of the run's date. No instance when none was used: `origin` then says why."""

    instance: str | None
    as_of: str | None
    origin: str
    age_days: int | None
    stale: bool


@dataclass(frozen=True, kw_only=True)
class Report:
    """Everything a format may show: the findings, the rules that ran, the date and the snapshot."""

    findings: list[Finding]
    rules: list[Rule]
    as_of: date
    object_count: int
    eop_dataset: DatasetInfo
    coverage: Coverage  # what was read, skipped, and which rules ran, did not apply or could not run
    checked: list[tuple[str, SnapshotObject]] = field(default_factory=list)  # (rule id, object) pairs run
    baseline: BaselineSummary | None = None  # with lint --baseline
    suppressed: list[tuple[Finding, Suppression]] = field(default_factory=list)  # listed apart, never dropped
    snapshot: Snapshot | None = None  # for the inventory of what was read


@dataclass
class SnapshotOutcome:
    """One snapshot of a batch: its rendered reports and counts, or the one line saying why it was unreadable."""

    path: str
    name: str  # unique within the batch: the folder its reports are written to
    rendered: dict[str, str] = field(default_factory=dict)  # format name -> report text
    counts: dict[str, int] = field(default_factory=dict)  # error/warning/info/inconclusive/suppressed/objects
    error: str | None = None  # one line, when the snapshot could not be read
    eop_dataset: DatasetInfo | None = None
    verdicts: dict[str, str] = field(default_factory=dict)  # area -> verdict (run/areas.py), for the index

    def worst(self) -> Severity | None:
        """The most severe finding's severity, or None when there is none."""
        return next((s for s in SEVERITIES if self.counts.get(s)), None)
