"""The text report on a terminal, in colour (rich): the same content as text_report, easier to scan.

Used only when stdout is a terminal and NO_COLOR is unset; files, pipes and CI logs get the plain
text, which is byte-identical across runs. Values from exports go in as Text, never as markup,
so a `[bold]` inside a connector name stays literal.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import Console, Group
from rich.padding import Padding
from rich.rule import Rule as Heading
from rich.syntax import Syntax
from rich.text import Text

from linter.findings.model import SEVERITIES, Finding, count_findings
from linter.report.area_view import area_lines
from linter.report.coverage_view import coverage_lines
from linter.report.text_report import by_severity_and_object, object_label
from linter.run.areas import area_summaries
from linter.support.text import one_line, printable

if TYPE_CHECKING:
    from linter.run.results import Report

STYLE = {"error": "bold red", "warning": "bold yellow", "info": "bold blue"}


def _object(first: Finding) -> Text:
    return Text.assemble(
        (first.kind, "bold"),
        " ",
        (one_line(f"'{first.identity}'"), "bold"),
        one_line(f" ({first.side}{' on ' + first.server if first.server else ''})  "),
        (one_line(f"{first.file}:{first.line}"), "dim"),
    )


def _finding(finding: Finding) -> Group:
    title = Text.assemble((finding.rule_id, STYLE[finding.severity]), "  ")
    if finding.outcome != "fail":
        title.append(f"[{finding.outcome}] ", "italic")
    title.append(one_line(finding.message))
    parts: list[object] = [Padding(title, (0, 0, 0, 2))]
    if finding.expected is not None or finding.actual is not None:
        parts.append(
            Padding(
                Text.assemble(
                    ("expected: ", "dim"),
                    (one_line(str(finding.expected)), "green"),
                    "\n",
                    ("actual:   ", "dim"),
                    (one_line(str(finding.actual)), "red"),
                ),
                (0, 0, 0, 4),
            )
        )
    if finding.missing:
        parts.append(
            Padding(Text.assemble(("not in the export: ", "dim"), one_line(", ".join(finding.missing))), (0, 0, 0, 4))
        )
    for related in finding.related_lines():
        parts.append(Padding(Text.assemble(("related: ", "dim"), one_line(related)), (0, 0, 0, 4)))
    if finding.remediation:
        where = f" (run in {finding.shell_label()})" if finding.shell_label() else ""
        parts.append(Padding(Text(f"fix{where}:", "dim"), (0, 0, 0, 4)))
    return Group(*parts)  # type: ignore[arg-type]


def _print_fix(finding: Finding, console: Console) -> None:
    """The fix as the lines to paste: highlighted, never wrapped, cropped or padded by rich (a
    command broken inside a quoted name no longer runs); the terminal folds long lines itself."""
    if not finding.remediation:
        return
    syntax = Syntax("", "powershell", theme="ansi_dark", background_color="default")
    for line in printable(finding.remediation).splitlines():
        text = syntax.highlight(line)
        text.rstrip()
        text.no_wrap = True
        console.print(Text("      ") + text, soft_wrap=True, crop=False, overflow="ignore")


def summary_text(report: Report) -> Text:
    findings = report.findings
    text = Text(f"{len(findings)} finding(s): ", "bold")
    counted = count_findings(findings)
    for index, severity in enumerate(SEVERITIES):
        count = counted[severity]
        text.append(f"{count} {severity}", STYLE[severity] if count else "dim")
        text.append(", " if index < len(SEVERITIES) - 1 else "")
    text.append(f"; {len(report.rules)} rules on {report.object_count} objects as of {report.as_of.isoformat()}")
    if report.suppressed:
        text.append(f"; {len(report.suppressed)} suppressed", "dim")
    return text


_VERDICT_STYLES = {
    "errors": "bold red",
    "warnings": "yellow",
    "not-checked": "yellow",
    "incomplete": "cyan",
    "advice": "cyan",
    "accepted": "cyan",
    "no-problem": "green",
}


def print_report(report: Report, console: Console) -> None:
    for severity, objects in by_severity_and_object(report.findings):
        count = sum(len(group) for group in objects)
        console.print(
            Heading(
                Text(f"{severity.upper()} ({count})", STYLE[severity]), align="left", style=STYLE[severity].split()[-1]
            )
        )
        for group in objects:
            console.print(_object(group[0]))
            for finding in group:
                console.print(_finding(finding))
                _print_fix(finding, console)
            console.print()
    if report.suppressed:
        console.print(
            Heading(Text(f"SUPPRESSED ({len(report.suppressed)}), not counted", "dim"), align="left", style="dim")
        )
        for finding, entry in report.suppressed:
            until = f" until {entry.expires.isoformat()}" if entry.expires else ""
            console.print(
                Text.assemble(
                    (finding.rule_id, "dim"),
                    f"  {object_label(finding)}  ",
                    ("reason: ", "dim"),
                    one_line(entry.reason),
                    (one_line(f" (owner: {entry.owner or 'none named'}{until}; {entry.file}:{entry.line})"), "dim"),
                )
            )
        console.print()
    console.print(summary_text(report))
    for verdict, line in area_lines(area_summaries(report)):
        console.print(Text("  " + one_line(line), _VERDICT_STYLES[verdict]), markup=False, highlight=False)
    coverage = report.coverage
    style = "yellow" if coverage.missing_sides() or coverage.rules_with("could-not-run") else "dim"
    for line in coverage_lines(coverage):
        console.print(Text(one_line(line), style), markup=False, highlight=False)
