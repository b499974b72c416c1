"""The executive summary of the HTML report: a verdict per area of the hybrid, for the reader who
reads nothing else, and under it each area's checks (failed, passed, did not apply) with the exports
they needed, so that "no problem found" can be checked against what was actually looked at."""

from __future__ import annotations

from linter.report.area_view import CHECK_LABELS, VERDICT_CSS, checks_line, findings_line
from linter.report.html_page import esc
from linter.run.areas import AreaCheck, AreaSummary, CheckStatus
from linter.run.coverage import SIDE_NAMES

_CHECK_BADGES: dict[CheckStatus, str] = {
    "failed": "error",
    "passed": "ok",
    "inconclusive": "info",
    "accepted": "info",
    "could-not-run": "warning",
    "not-applicable": "info",
    "disabled": "info",
}
_KIND_LABELS = {"read": "read", "exported-empty": "exported, none", "missing": "missing"}


def executive_summary(areas: list[AreaSummary]) -> list[str]:
    if not areas:
        return []
    rows = [
        f'<tr><th scope="row"><a href="#area-{esc(a.area)}">{esc(a.title)}</a></th>'
        f'<td><span class="verdict {VERDICT_CSS[a.verdict]}">{esc(a.verdict_text)}</span></td>'
        f"<td>{esc(findings_line(a))}</td><td>{esc(checks_line(a))}</td></tr>"
        for a in areas
    ]
    lines = [
        '<h2 id="executive-summary">Executive summary</h2>',
        '<table class="areas"><thead><tr><th scope="col">Area</th><th scope="col">Verdict</th>'
        '<th scope="col">Findings</th><th scope="col">Checks</th></tr></thead><tbody>',
        *rows,
        "</tbody></table>",
    ]
    for area in areas:
        lines += _area_details(area)
    return lines


def _area_details(area: AreaSummary) -> list[str]:
    read = [k for k in area.kinds if k.status == "read"]
    lacking = [k for k in area.kinds if k.status != "read"]
    exports = "; ".join(f"{k.kind} ({SIDE_NAMES[k.side]}) x{k.objects}" for k in read) or "none"
    gaps = "; ".join(f"{k.kind} ({SIDE_NAMES[k.side]}) {_KIND_LABELS[k.status]}" for k in lacking)
    rows = [_check_row(c) for c in area.checks]
    return [
        f'<details class="area" id="area-{esc(area.area)}"><summary>{esc(area.title)}: {esc(checks_line(area))}'
        "</summary>",
        f'<p class="muted">Exports read for this area: {esc(exports)}.'
        + (f" Not read: {esc(gaps)}." if gaps else "")
        + "</p>",
        '<table class="area-checks"><thead><tr><th scope="col">Rule</th><th scope="col">Check</th>'
        '<th scope="col">Result</th><th scope="col">Why</th></tr></thead><tbody>',
        *rows,
        "</tbody></table></details>",
    ]


def _check_row(check: AreaCheck) -> str:
    css, label = _CHECK_BADGES[check.status], CHECK_LABELS[check.status]
    if check.findings:
        label = f"{label} ({check.findings})"
    why = check.detail if check.status in ("not-applicable", "could-not-run", "disabled") else ""
    if check.status == "passed":
        why = f"checked on {check.objects} object(s)"
    return (
        f'<tr><td class="mono rule">{esc(check.rule_id)}</td><td>{esc(check.title)}</td>'
        f'<td><span class="badge {css}">{esc(label)}</span></td><td>{esc(why)}</td></tr>'
    )
