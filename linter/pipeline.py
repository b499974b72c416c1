"""One lint run from paths to a Report: read, lint, apply suppressions and a baseline.

The command line and the batch workers both go through here, so a snapshot linted alone or in a
batch gives the same report, byte for byte.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from linter.report.formats import Report
    from linter.rules.model import Rule


@dataclass(frozen=True)
class LintOptions:
    as_of: date
    disabled: frozenset[str] = frozenset()
    config: Path | None = None  # --config; otherwise .hybridlint.yaml beside the snapshot or here
    baseline: Path | None = None
    record_checks: bool = False  # which (rule, object) pairs ran, for formats that list passes (JUnit)


def build_report(paths: list[str], rules: list[Rule], options: LintOptions) -> Report:
    """The report of the snapshot made of `paths`; InputError for bad input of any kind."""
    from linter.report.formats import Report
    from linter.rules.engine import lint
    from linter.snapshot.loader import load_snapshot
    from linter.snapshot.model import SnapshotObject
    from linter.suppressions import apply_suppressions, find_config, load_suppressions

    snapshot = load_snapshot(paths)
    checked: list[tuple[str, SnapshotObject]] = []
    findings = lint(snapshot, rules, options.as_of, options.disabled, checked if options.record_checks else None)
    config = find_config(paths, options.config)
    suppressed = []
    if config is not None:
        applied = apply_suppressions(findings, load_suppressions(config), options.as_of)
        findings, suppressed = applied.active, applied.suppressed
    baseline: dict[str, object] | None = None
    if options.baseline is not None:
        from linter.baseline import apply_baseline, read_baseline

        compared = apply_baseline(findings, read_baseline(options.baseline))
        findings = compared.new
        baseline = {"file": str(options.baseline), "known": compared.known, "fixed": compared.fixed}
    return Report(findings, rules, options.as_of, len(snapshot.objects), checked, baseline, suppressed, snapshot)
