"""The executive summary as every format words it: a verdict per area, the checks counted by result.

The verdicts and statuses are computed in `linter.run.areas`; this is only their wording, shared
so that the HTML, Markdown and JSON reports say the same thing.
"""

from __future__ import annotations

from typing import Any

from linter.run.areas import AreaSummary, CheckStatus

CHECK_LABELS: dict[CheckStatus, str] = {
    "failed": "found a problem",
    "passed": "passed",
    "inconclusive": "inconclusive",
    "accepted": "accepted (suppressed)",
    "could-not-run": "could not run",
    "not-applicable": "did not apply",
    "disabled": "disabled",
}
# The style of each verdict in HTML (report.css: error, warning, info, ok).
VERDICT_CSS: dict[str, str] = {
    "errors": "error",
    "warnings": "warning",
    "not-checked": "warning",
    "incomplete": "info",
    "advice": "info",
    "accepted": "info",
    "no-problem": "ok",
}
_PLURALS = {"error": "errors", "warning": "warnings", "info": "info", "inconclusive": "inconclusive"}


def findings_line(area: AreaSummary) -> str:
    """`2 errors, 1 warning`, or `none`."""
    parts = [f"{n} {label if n == 1 else _PLURALS[label]}" for label, n in area.counts.items() if n]
    return ", ".join(parts) if parts else "none"


def checks_line(area: AreaSummary) -> str:
    """`2 found a problem, 12 passed, 3 did not apply`."""
    parts = [f"{len(area.checks_with(s))} {label}" for s, label in CHECK_LABELS.items() if area.checks_with(s)]
    return ", ".join(parts)


def area_lines(areas: list[AreaSummary]) -> list[tuple[str, str]]:
    """(verdict, line) per area, for the text formats: `Certificates and TLS: No problem found (...)`."""
    return [
        (a.verdict, f"{a.title}: {a.verdict_text} (findings: {findings_line(a)}; checks: {checks_line(a)})")
        for a in areas
    ]


def areas_json(areas: list[AreaSummary]) -> list[dict[str, Any]]:
    return [
        {
            "area": a.area,
            "title": a.title,
            "verdict": a.verdict,
            "verdict_text": a.verdict_text,
            "findings": a.counts,
            "checks": [
                {"rule_id": c.rule_id, "status": c.status, "objects": c.objects, "findings": c.findings}
                for c in a.checks
            ],
            "exports": [{"kind": k.kind, "side": k.side, "status": k.status, "objects": k.objects} for k in a.kinds],
        }
        for a in areas
    ]
