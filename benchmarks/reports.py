"""Report costs: rendering each format, filtering the HTML report in a browser, and batch parallelism.

    python benchmarks/reports.py

1. Render time of every format for the broken sample copied 25x and 400x (575 and 9,200 objects),
   as a ratio to the JSON report of the same snapshot measured in the same run, and each format's
   per-finding cost at 400x over 25x (1.00 = linear).
2. The HTML report of the 400x snapshot in headless Chromium (when installed): time to load, and
   time for one filter change over every row.
3. `lint --batch` of 8 snapshot folders (each a sample plus an export of 500 receive connectors,
   about 6 MB, as a mid-sized organisation has): wall time with --jobs 1 against --jobs <cores>.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from rules import ROOT, scaled_snapshot

FORMATS = ("json", "text", "sarif", "csv", "markdown", "junit", "html")


def _report(copies: int):  # type: ignore[no-untyped-def]
    from linter.rules.expressions.context import EvaluationContext
    from linter.rules.loader import load_rules
    from linter.run.pipeline import eop_dataset_info, lint_snapshot
    from linter.run.results import Report
    from linter.snapshot.model import SnapshotObject
    from linter.support.resources import builtin_rules_dir

    rules = load_rules([builtin_rules_dir()])
    snapshot = scaled_snapshot(copies)
    checked: list[tuple[str, SnapshotObject]] = []
    as_of = date(2026, 11, 28)
    context = EvaluationContext(snapshot, as_of)
    findings, coverage = lint_snapshot(snapshot, [f"scaled x{copies}"], rules, as_of, frozenset(), checked, context)
    return Report(
        findings=findings,
        rules=rules,
        as_of=as_of,
        object_count=len(snapshot.objects),
        eop_dataset=eop_dataset_info(context.facts["eop_instance"], as_of),
        coverage=coverage,
        checked=checked,
        snapshot=snapshot,
    )


def render_times(copies: int, repeat: int = 3) -> tuple[int, dict[str, float]]:
    from linter.report.registry import render

    report = _report(copies)
    best = {}
    for name in FORMATS:
        render(name, report)  # imports out of the timing
        times = []
        for _ in range(repeat):
            started = time.process_time()
            render(name, report)
            times.append(time.process_time() - started)
        best[name] = min(times)
    return len(report.findings), best


def browser_times(copies: int) -> tuple[float, float, int] | None:
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return None
    if chromium is None:
        return None
    from linter.report.registry import render

    report = _report(copies)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "report.html"
        path.write_text(render("html", report), encoding="utf-8")
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=chromium,
                args=[
                    "--no-sandbox",
                    "--disable-gpu",
                    "--disable-background-networking",
                    "--disable-component-update",
                    "--disable-dev-shm-usage",
                ],
            )
            page = browser.new_page()
            started = time.perf_counter()
            page.goto(path.as_uri())
            page.wait_for_load_state("load")
            loaded = time.perf_counter() - started
            filter_ms = page.evaluate("""() => {
                const input = document.querySelector(".filters[data-filters-for='findings'] input");
                input.value = "hyb-send"; input.dispatchEvent(new Event("input", {bubbles: true}));
                const t0 = performance.now();
                input.value = "hyb-cert"; input.dispatchEvent(new Event("input", {bubbles: true}));
                document.body.offsetHeight;  // include the relayout
                return performance.now() - t0;
            }""")
            browser.close()
    return loaded, float(filter_ms) / 1000, len(report.findings)


def batch_times(snapshots: int) -> tuple[float, float, int]:
    from ingest import generate_large

    from linter.run.batch import default_jobs

    samples = ("exchange-se-broken", "exchange-se-healthy", "exchange2010-hybrid", "css-exchange-e19-lab")
    with tempfile.TemporaryDirectory() as folder:
        connectors = Path(folder) / "GetReceiveConnector-many.xml"
        generate_large(connectors, 6)
        paths = []
        for number in range(snapshots):
            target = Path(folder) / f"snapshot{number:02d}"
            shutil.copytree(ROOT / "samples" / samples[number % len(samples)], target)
            shutil.copy(connectors, target / "onprem-more-receive-connectors.xml")
            paths.append(str(target))
        jobs = default_jobs()
        walls = []
        for count in (1, jobs):
            started = time.perf_counter()
            subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "linter.cli.app",
                    "lint",
                    "--batch",
                    *paths,
                    "--jobs",
                    str(count),
                    "--format",
                    "json,html",
                    "-o",
                    str(Path(folder) / f"out{count}"),
                    "--fail-on",
                    "never",
                    "--as-of",
                    "2026-11-28",
                ],
                cwd=ROOT,
                check=True,
                capture_output=True,
            )
            walls.append(time.perf_counter() - started)
    return walls[0], walls[1], jobs


def main() -> None:
    small_findings, small = render_times(25)
    large_findings, large = render_times(400)
    print(f"render time by format (CPU, best of 3), {small_findings} and {large_findings} findings:")
    print(f"  {'format':<9} {'25x ms':>8} {'400x ms':>9} {'/ json':>7} {'per-finding 400x/25x':>21}")
    for name in FORMATS:
        growth = (large[name] / large_findings) / (small[name] / small_findings)
        print(
            f"  {name:<9} {small[name] * 1000:>8.1f} {large[name] * 1000:>9.1f} {large[name] / large['json']:>7.2f} "
            f"{growth:>21.2f}"
        )
    shown = browser_times(400)
    if shown is None:
        print("\nHTML in Chromium: skipped (no chromium or playwright)")
    else:
        loaded, filtered, findings = shown
        print(
            f"\nHTML report of {findings} findings in headless Chromium: load {loaded * 1000:.0f} ms, "
            f"one filter change {filtered * 1000:.0f} ms"
        )
    serial, parallel, jobs = batch_times(8)
    print(
        f"\nlint --batch of 8 snapshots (wall time): --jobs 1 {serial:.2f} s, --jobs {jobs} {parallel:.2f} s, "
        f"speed-up {serial / parallel:.2f}x"
    )


if __name__ == "__main__":
    main()
