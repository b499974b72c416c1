"""Findings read as problems: every format leads with what is wrong on which object (the message's
first sentence), the title naming the check; the summary cards count each finding once."""

from __future__ import annotations

import html
import re
from datetime import date
from pathlib import Path

from testkit import SAMPLES
from typer.testing import CliRunner

from linter.cli.app import app
from linter.rules.loader import load_rules
from linter.run.pipeline import LintOptions, build_report
from linter.support.resources import builtin_rules_dir

runner = CliRunner()


def test_the_problem_is_the_first_sentence_of_the_message() -> None:
    report = build_report(
        [str(SAMPLES / "exchange-se-broken")], load_rules([builtin_rules_dir()]), LintOptions(date(2026, 11, 28))
    )
    send = next(f for f in report.findings if f.rule_id == "HYB-SEND-003")
    assert send.problem.startswith("Send connector 'Outbound to Office 365") and send.problem.endswith(
        "CloudServicesMailEnabled $false"
    )
    assert send.message.startswith(send.problem) and len(send.problem) < len(send.message)
    assert all(len(f.problem) <= 240 for f in report.findings)


def test_html_rows_lead_with_the_problem_and_cards_count_each_finding_once(tmp_path: Path) -> None:
    sample = SAMPLES / "css-exchange-e19-lab"  # judged and inconclusive findings both
    target = tmp_path / "report.html"
    result = runner.invoke(app, ["lint", str(sample), "--format", "html", "-o", str(target), "--as-of", "2026-11-28"])
    assert result.exit_code == 1, result.output  # an error and a warning among its findings
    text = target.read_text(encoding="utf-8")
    report = build_report([str(sample)], load_rules([builtin_rules_dir()]), LintOptions(date(2026, 11, 28)))
    for finding in report.findings:
        assert f"<summary>{html.escape(finding.problem)}" in text.replace("&#x27;", "'").replace("&#39;", "'") or (
            f"<summary>{html.escape(finding.problem, quote=True)}" in text
        )
    cards = dict(
        (label, int(count)) for count, label in re.findall(r'<div class="card [^"]*"><b>(\d+)</b>([^<]+)</div>', text)
    )
    judged = sum(cards[s] for s in ("error", "warning", "info"))
    assert judged + cards["inconclusive"] == len(report.findings)
    assert cards["inconclusive"] == sum(1 for f in report.findings if f.outcome == "inconclusive") > 0


def test_the_change_audit_text_leads_with_the_problem() -> None:
    result = runner.invoke(
        app,
        ["diff", str(SAMPLES / "exchange-se-healthy"), str(SAMPLES / "exchange-se-broken"), "--as-of", "2026-11-28"],
    )
    assert "Send connector 'Outbound to Office 365" in result.stdout
    assert "keeps cross-premises headers (CloudServicesMailEnabled)" not in result.stdout  # the check's title
