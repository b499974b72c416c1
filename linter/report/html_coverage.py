"""The coverage section of the HTML report: the sides and kinds read or missing, the files skipped
and each rule's status, so that a report with few findings cannot be mistaken for a clean bill."""

from __future__ import annotations

from linter.report.coverage_view import STATUS_LABELS
from linter.report.html_page import esc, table
from linter.run.coverage import SIDE_NAMES, Coverage

_KIND_BADGES = {"read": ("ok", "read"), "exported-empty": ("info", "exported, none"), "missing": ("warning", "missing")}
_RULE_BADGES = {"ran": "ok", "not-applicable": "info", "could-not-run": "warning", "disabled": "info"}


def coverage_section(coverage: Coverage) -> list[str]:
    lines = ['<h2 id="coverage">Coverage: what this report could judge</h2>']
    sides = []
    for side, count in coverage.objects_per_side.items():
        css, text = ("ok", f"{count} object(s) read") if count else ("warning", "missing: nothing of this side")
        sides.append(f'<li><b>{esc(SIDE_NAMES[side])}</b> <span class="badge {css}">{esc(text)}</span></li>')
    lines.append(f'<ul class="sides">{"".join(sides)}</ul>')
    kind_rows = []
    for k in coverage.kinds:
        css, text = _KIND_BADGES[k.status]
        kind_rows.append(
            f'<tr class="row"><td>{esc(k.kind)}</td><td>{esc(SIDE_NAMES[k.side])}</td>'
            f'<td><span class="badge {css}">{esc(text)}</span></td><td class="num">{k.objects}</td>'
            f'<td class="num">{k.rules}</td></tr>'
        )
    lines += [
        "<h3>Exports the rules need</h3>",
        table(
            "coverage-kinds",
            [("Kind", ""), ("Side", ""), ("Status", ""), ("Objects", "num"), ("Rules", "num")],
            kind_rows,
            "",
        ),
    ]
    rule_rows = [
        f'<tr class="row"><td class="mono">{esc(r.rule_id)}</td>'
        f'<td><span class="badge {_RULE_BADGES[r.status]}">{esc(STATUS_LABELS[r.status])}</span></td>'
        f'<td class="num">{r.objects}</td><td>{esc(r.detail)}</td></tr>'
        for r in sorted(coverage.rules, key=lambda r: (list(STATUS_LABELS).index(r.status), r.rule_id))
    ]
    counts = ", ".join(f"{len(coverage.rules_with(s))} {label}" for s, label in STATUS_LABELS.items())
    lines += [
        f"<details><summary>Rules: {esc(counts)}</summary>",
        table("coverage-rules", [("Rule", ""), ("Status", ""), ("Objects", "num"), ("Why", "")], rule_rows, ""),
        "</details>",
    ]
    skipped_rows = [
        f'<tr class="row"><td class="mono">{esc(s.path)}</td><td>{esc(s.reason)}</td></tr>' for s in coverage.skipped
    ]
    lines.append(f"<h3>Files skipped ({len(coverage.skipped)})</h3>")
    lines.append(
        table("skipped", [("File", ""), ("Why", "")], skipped_rows, "")
        if skipped_rows
        else '<p class="empty">None: every file found was read.</p>'
    )
    return lines
