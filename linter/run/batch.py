"""Several snapshots in one run: each linted on its own, in parallel across cores, in argument order.

Each worker process loads the rules once (from the rule cache) and returns the rendered reports
as text, so a snapshot's report is the same byte for byte whether it ran alone, in a batch, on
one core or on many. A snapshot with bad input does not stop the others: its outcome carries the
one-line error instead of reports.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from linter.findings.model import count_findings
from linter.run.areas import area_summaries
from linter.run.pipeline import LintOptions, build_report
from linter.run.results import SnapshotOutcome
from linter.support.errors import InputError

if TYPE_CHECKING:
    from linter.rules.model import Rule
    from linter.run.results import Report

# Renders a report in the formats asked for. The command line hands over a module-level function
# (a picklable reference), so that the run stage never imports the report stage.
RenderAll = Callable[["Report"], dict[str, str]]


_worker_rules: list[Rule] = []


def _load_worker_rules(rule_dirs: list[str]) -> None:
    from linter.rules.loader import load_rules

    _worker_rules[:] = load_rules([Path(d) for d in rule_dirs])


def lint_snapshot(path: str, name: str, options: LintOptions, render_all: RenderAll) -> SnapshotOutcome:
    try:
        report = build_report([path], _worker_rules, options)
    except InputError as exc:
        return SnapshotOutcome(path, name, error=str(exc))
    counts = count_findings(report.findings) | {"suppressed": len(report.suppressed), "objects": report.object_count}
    verdicts: dict[str, str] = {area.area: area.verdict for area in area_summaries(report)}
    return SnapshotOutcome(path, name, render_all(report), counts, eop_dataset=report.eop_dataset, verdicts=verdicts)


def snapshot_names(paths: list[str]) -> list[str]:
    """A folder name per snapshot: its base name made safe for any file system, numbered when repeated."""
    names: list[str] = []
    taken: set[str] = set()
    for path in paths:
        stem = Path(path).name
        if stem in ("", ".", ".."):
            stem = Path(path).resolve().name
        if stem.lower().endswith(".zip"):
            stem = stem[:-4]
        base = re.sub(r"[^A-Za-z0-9._-]+", "_", stem).strip("._") or "snapshot"
        name, number = base, 2
        while name.lower() in taken:
            name, number = f"{base}-{number}", number + 1
        names.append(name)
        taken.add(name.lower())
    return names


def default_jobs() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def run_batch(
    paths: list[str],
    rules: list[Rule],
    rule_dirs: list[Path],
    options: LintOptions,
    render_all: RenderAll,
    jobs: int,
    on_done: Callable[[SnapshotOutcome], None],
) -> list[SnapshotOutcome]:
    """Lint each path as its own snapshot; `on_done` hears of each as it finishes (for progress).

    `rules` serve a run on one core; worker processes load them again from `rule_dirs` (the rule
    cache makes that cheap), since compiled rules are closures that cannot be sent to a process.
    """
    names = snapshot_names(paths)
    workers = min(jobs, len(paths))
    if workers <= 1:
        _worker_rules[:] = rules
        outcomes = []
        for path, name in zip(paths, names, strict=True):
            outcomes.append(lint_snapshot(path, name, options, render_all))
            on_done(outcomes[-1])
        return outcomes
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor, as_completed

    # spawn, not fork: the parent may already run a progress thread, and fork copies locks mid-use.
    context = multiprocessing.get_context("spawn")
    results: dict[int, SnapshotOutcome] = {}
    with ProcessPoolExecutor(
        workers, mp_context=context, initializer=_load_worker_rules, initargs=([str(d) for d in rule_dirs],)
    ) as pool:
        futures = {
            pool.submit(lint_snapshot, path, name, options, render_all): index
            for index, (path, name) in enumerate(zip(paths, names, strict=True))
        }
        for future in as_completed(futures):
            results[futures[future]] = future.result()
            on_done(results[futures[future]])
    return [results[index] for index in range(len(paths))]
