"""The executive summary: a verdict per area that is only as good as the checks behind it.

"No problem found" needs every check of the area to have run on exports that were there; a
suppressed finding is accepted, never passed; an area where nothing could run says so.
"""

from __future__ import annotations

import json
import shutil
from functools import cache
from pathlib import Path

import pytest
from testkit import AS_OF_DATE, SAMPLES, make_finding, make_report
from typer.testing import CliRunner

from linter.cli.app import app
from linter.findings.model import AREAS
from linter.findings.suppressions import Suppression
from linter.rules.loader import load_rules
from linter.rules.model import Rule
from linter.run.areas import AreaSummary, area_summaries
from linter.run.coverage import Coverage, RuleCoverage
from linter.run.pipeline import LintOptions, build_report
from linter.support.resources import builtin_rules_dir


@cache
def _rules() -> list[Rule]:
    return load_rules([builtin_rules_dir()])


def _areas(paths: list[Path], **options: object) -> dict[str, AreaSummary]:
    report = build_report([str(p) for p in paths], _rules(), LintOptions(AS_OF_DATE, **options))  # type: ignore[arg-type]
    return {a.area: a for a in area_summaries(report)}


def _status(area: AreaSummary, rule_id: str) -> str:
    return next(c.status for c in area.checks if c.rule_id == rule_id)


def test_every_built_in_rule_counts_toward_one_area() -> None:
    areas = _areas([SAMPLES / "exchange-se-broken"])
    assert list(areas) == list(AREAS)
    listed = [c.rule_id for a in areas.values() for c in a.checks]
    assert sorted(listed) == sorted(r.id for r in _rules())


def test_the_broken_sample_has_a_verdict_per_area_from_its_worst_finding() -> None:
    areas = _areas([SAMPLES / "exchange-se-broken"])
    assert areas["mail-to-exchange-online"].verdict == "errors"
    assert areas["domains"].verdict == "warnings"
    assert _status(areas["mail-to-exchange-online"], "HYB-SEND-003") == "failed"
    assert areas["mail-to-exchange-online"].counts["error"] >= 1


def test_no_problem_found_only_where_every_export_was_read() -> None:
    areas = _areas([SAMPLES / "exchange-se-healthy"])
    assert areas["certificates"].verdict == "no-problem"
    # The healthy sample has no TransportConfig: the size checks of its areas had nothing to compare.
    to_cloud = areas["mail-to-exchange-online"]
    assert to_cloud.verdict == "incomplete"
    assert ("TransportConfig", "on-premises", "missing") in {(k.kind, k.side, k.status) for k in to_cloud.kinds}
    assert _status(to_cloud, "HYB-SEND-003") == "passed"


def test_an_area_nothing_could_check_is_not_checked(tmp_path: Path) -> None:
    only = tmp_path / "snapshot"
    only.mkdir()
    for name in ("Get-AcceptedDomain.xml", "Get-RemoteDomain.xml"):
        shutil.copy(SAMPLES / "exchange-se-healthy" / "onprem" / name, only / name)
    areas = _areas([only])
    assert areas["certificates"].verdict == "not-checked"
    assert not areas["certificates"].checks_with("passed", "failed")


def test_a_suppressed_finding_is_accepted_not_passed_and_a_disabled_rule_says_so() -> None:
    areas = _areas(
        [SAMPLES / "exchange-se-broken"],
        config=SAMPLES / "suppressions.yaml",
        disabled=frozenset({"HYB-SEND-003"}),
    )
    to_cloud = areas["mail-to-exchange-online"]
    assert _status(to_cloud, "HYB-SEND-010") == "accepted"
    assert _status(to_cloud, "HYB-SEND-003") == "disabled"


@pytest.mark.parametrize(
    ("severities", "inconclusive", "verdict"),
    [
        (["info"], 0, "advice"),
        (["info", "warning"], 0, "warnings"),
        (["warning", "error"], 0, "errors"),
        ([], 0, "no-problem"),
        ([], 1, "incomplete"),
        (["info"], 1, "incomplete"),
    ],
)
def test_the_worst_finding_decides_and_a_gap_outweighs_advice(
    severities: list[str], inconclusive: int, verdict: str
) -> None:
    rule = next(r for r in _rules() if r.id == "HYB-CERT-001")
    same_area = [r for r in _rules() if r.area == rule.area]
    findings = [make_finding(rule_id=rule.id, severity=s, identity=f"c{n}") for n, s in enumerate(severities)]
    findings += [
        make_finding(rule_id=rule.id, severity="info", outcome="inconclusive", identity=f"u{n}")
        for n in range(inconclusive)
    ]
    ran = [RuleCoverage(r.id, "ran", 2, "", ("on-premises",)) for r in same_area]
    coverage = Coverage(1, [], {"on-premises": 1, "exchange-online": 1}, [], ran, [])
    (area,) = area_summaries(make_report(findings, rules=same_area, coverage=coverage))
    assert area.verdict == verdict


def test_text_markdown_and_json_carry_the_same_verdicts() -> None:
    runner = CliRunner()
    sample = str(SAMPLES / "exchange-se-broken")
    outputs = {
        form: runner.invoke(app, ["lint", sample, "--format", form, "--as-of", AS_OF_DATE.isoformat()]).stdout
        for form in ("text", "markdown", "json")
    }
    line = "Certificates and TLS: Mail breaks or is treated as anonymous now (findings: 3 errors;"
    assert "VERDICT BY AREA" in outputs["text"] and line in outputs["text"]
    assert "| Certificates and TLS | Mail breaks or is treated as anonymous now | 3 errors |" in outputs["markdown"]
    areas = {a["area"]: a for a in json.loads(outputs["json"])["areas"]}
    assert areas["certificates"]["verdict"] == "errors" and areas["certificates"]["findings"]["error"] == 3
    assert {c["status"] for c in areas["certificates"]["checks"]} >= {"failed", "passed", "not-applicable"}


def test_an_area_whose_only_problem_was_accepted_never_reads_no_problem() -> None:
    rule = next(r for r in _rules() if r.id == "HYB-CERT-001")
    same_area = [r for r in _rules() if r.area == rule.area]
    accepted = Suppression(rule.id, "*", "renewal booked for next week", None, None, ".hybridlint.yaml", 3)
    suppressed = [(make_finding(rule_id=rule.id, severity="warning"), accepted)]
    ran = [RuleCoverage(r.id, "ran", 2, "", ("on-premises",)) for r in same_area]
    coverage = Coverage(1, [], {"on-premises": 1, "exchange-online": 1}, [], ran, [])
    (area,) = area_summaries(make_report([], rules=same_area, coverage=coverage, suppressed=suppressed))
    assert area.verdict == "accepted" and area.verdict_text == "No problem beyond the exceptions accepted"
    assert _status(area, rule.id) == "accepted"
