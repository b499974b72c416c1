"""Runs from paths to results: a lint to a Report (read, lint, suppressions, baseline), two
snapshots to a SnapshotDiff.

The command line and the batch workers both go through here, so a snapshot linted alone or in a
batch gives the same report, byte for byte.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from linter.findings.model import Finding
from linter.support.errors import InputError

if TYPE_CHECKING:
    from linter.findings.diff import SnapshotDiff
    from linter.findings.suppressions import Suppression
    from linter.rules.expressions.context import EvaluationContext
    from linter.rules.expressions.unknown import Unknown
    from linter.rules.model import Rule
    from linter.run.coverage import Coverage
    from linter.run.results import DatasetInfo, Report
    from linter.snapshot.model import Snapshot, SnapshotObject


@dataclass(frozen=True)
class LintOptions:
    as_of: date
    disabled: frozenset[str] = frozenset()
    config: Path | None = None  # --config; otherwise .hybridlint.yaml beside the snapshot or here
    baseline: Path | None = None
    record_checks: bool = False  # which (rule, object) pairs ran, for formats that list passes (JUnit)


def build_report(paths: list[str], rules: list[Rule], options: LintOptions) -> Report:
    """The report of the snapshot made of `paths`; InputError for bad input of any kind."""
    from linter.findings.suppressions import apply_suppressions
    from linter.rules.expressions.context import EvaluationContext
    from linter.run.results import BaselineSummary, Report
    from linter.snapshot.loader import load_snapshot

    snapshot = load_snapshot(paths)
    # One context for the rules and the report, so the snapshot's facts (the cloud and its EOP
    # instance among them) are derived once.
    context = EvaluationContext(snapshot, options.as_of)
    checked: list[tuple[str, SnapshotObject]] = []
    findings, coverage = lint_snapshot(snapshot, paths, rules, options.as_of, options.disabled, checked, context)
    suppressed = []
    entries = suppressions_for(paths, options.config)
    if entries is not None:
        # An entry may name a rule by a former id, as --select and --disable may.
        former = {alias.upper(): rule.id for rule in rules for alias in rule.aliases}
        entries = [replace(e, rule=former.get(e.rule.upper(), e.rule)) for e in entries]
        applied = apply_suppressions(findings, entries, options.as_of)
        findings, suppressed = applied.active, applied.suppressed
    baseline = None
    if options.baseline is not None:
        from linter.findings.baseline import apply_baseline, read_baseline

        compared = apply_baseline(findings, read_baseline(options.baseline))
        findings = compared.new
        baseline = BaselineSummary(str(options.baseline), compared.known, compared.fixed)
    return Report(
        findings=findings,
        rules=rules,
        as_of=options.as_of,
        object_count=len(snapshot.objects),
        eop_dataset=eop_dataset_info(context.facts["eop_instance"], options.as_of, context.eop_ranges_used),
        coverage=coverage,
        checked=checked if options.record_checks else [],
        baseline=baseline,
        suppressed=suppressed,
        snapshot=snapshot,
    )


def lint_snapshot(
    snapshot: Snapshot,
    paths: list[str],
    rules: list[Rule],
    as_of: date,
    disabled: frozenset[str] = frozenset(),
    checked: list[tuple[str, SnapshotObject]] | None = None,
    context: EvaluationContext | None = None,
) -> tuple[list[Finding], Coverage]:
    """The rules' findings and the `input` findings, sorted, and what the lint covered.

    A snapshot from which no object at all was read is bad input, not a clean result.
    """
    from linter.findings.related import link_related
    from linter.rules.engine import lint
    from linter.run.coverage import input_findings, measure

    if not snapshot.objects:
        skipped = f"; {len(snapshot.skipped)} other file(s) skipped" if snapshot.skipped else ""
        problem = f"nothing to lint: no object was read from {len(snapshot.files)} export file(s){skipped}"
        raise InputError(" ".join(paths), problem)
    pairs: list[tuple[str, SnapshotObject]] = [] if checked is None else checked
    findings = lint(snapshot, rules, as_of, disabled, pairs, context)
    link_related(findings, {rule.id: rule.explained_by for rule in rules if rule.explained_by})
    coverage = measure(snapshot, rules, disabled, pairs, findings)
    findings += input_findings(snapshot, coverage, paths)
    return sorted(findings, key=Finding.sort_key), coverage


def eop_dataset_info(instance: str | Unknown, as_of: date, used: bool = True) -> DatasetInfo:
    """The EOP dataset of `instance` (the snapshot's `eop_instance` fact), its age on `as_of`, and
    whether it is stale: older than STALE_AFTER_DAYS, and used by a rule of this run (an old dataset
    no rule compared with changes nothing)."""
    from linter.datasets.eop_ranges import STALE_AFTER_DAYS, dataset
    from linter.rules.expressions.unknown import Unknown
    from linter.run.results import DatasetInfo

    if isinstance(instance, Unknown):
        return DatasetInfo(None, None, "none: " + "; ".join(instance.reasons), None, False)
    data = dataset(instance)
    if data is None:
        return DatasetInfo(None, None, f"none: hybridlint has no EOP ranges for the {instance} instance", None, False)
    age = (as_of - date.fromisoformat(data.as_of)).days
    return DatasetInfo(instance, data.as_of, data.origin, age, used and age > STALE_AFTER_DAYS)


def suppressions_for(paths: list[str], config: Path | None) -> list[Suppression] | None:
    """The entries of `config`, else of the .hybridlint.yaml beside `paths` or here; None when there is none."""
    from linter.findings.suppressions import find_config, load_suppressions

    found = find_config(paths, config)
    return None if found is None else load_suppressions(found)


def build_diff(before: str, after: str, rules: list[Rule], as_of: date, config: Path | None) -> SnapshotDiff:
    """What the change from `before` to `after` did; InputError for bad input of any kind.

    The suppressions file (`config`, or found beside AFTER) applies to both snapshots, so an
    introduced finding it accepts is listed apart. Findings about the file itself (an expired or
    unused entry) describe the file, which both snapshots share, not the change: they are left out.
    """
    from linter.findings.diff import diff_snapshots
    from linter.findings.suppressions import apply_suppressions
    from linter.snapshot.loader import load_snapshot

    old, new = load_snapshot([before]), load_snapshot([after])
    findings_before, _ = lint_snapshot(old, [before], rules, as_of)
    findings_after, _ = lint_snapshot(new, [after], rules, as_of)
    entries = suppressions_for([after], config)
    if entries is None:
        return diff_snapshots(old, new, findings_before, findings_after)
    applied = apply_suppressions(findings_before, entries, as_of, report_entries=False)
    every_before = sorted(applied.active + [f for f, _ in applied.suppressed], key=Finding.sort_key)
    applied = apply_suppressions(findings_after, entries, as_of, report_entries=False)
    return diff_snapshots(old, new, every_before, applied.active, applied.suppressed)
