"""`hybridlint fix`: one remediation script per lint. It parses as PowerShell for every sample and
every rule test that fires (the seeded faults); it is safe by default, has a part per shell, a
guard before every change, nothing but the findings' own fixes, and every finding's fingerprint;
and the values its changes set, applied to the snapshot, make the fixed findings go away."""

from __future__ import annotations

import re
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from powershell import _parser, nodes, syntax_errors
from testkit import AS_OF_DATE, SAMPLES
from typer.testing import CliRunner

from linter.cli.app import app
from linter.findings.model import Finding
from linter.report.remediation_plan import comparable, plan
from linter.report.remediation_script import Header, script_for
from linter.rules.engine import lint
from linter.rules.loader import load_rules
from linter.rules.model import Rule
from linter.rules.testing import build_snapshot, run_test
from linter.run.pipeline import LintOptions, build_report
from linter.snapshot.model import Snapshot
from linter.snapshot.property_types import property_types
from linter.snapshot.text_output.normalizer import TextNormalizer
from linter.support.resources import builtin_rules_dir
from linter.values.size import ByteSize

runner = CliRunner()
SAMPLE_DIRS = sorted(p for p in SAMPLES.iterdir() if p.is_dir() and p.name != "tools")
CHANGING = ("Set-", "New-", "Remove-", "Enable-", "Disable-", "Update-", "Import-")
# Commands of the script's own machinery that write nothing to Exchange: the log, and connecting.
MACHINERY = {"Add-Content", "Connect-ExchangeOnline"}


@cache
def _rules() -> list[Rule]:
    return load_rules([builtin_rules_dir()])


def _guarded(command: Any) -> bool:
    """Inside the `Change = { ... }` entry of a hashtable that also has a `Read` entry."""
    node = command.parent
    while node is not None:
        if node.type == "hash_entry" and node.children[0].text.decode() == "Change":
            siblings = node.parent
            keys = {e.children[0].text.decode() for e in siblings.children if e.type == "hash_entry"}
            return {"Read", "Rule", "Fingerprint", "Before", "After"} <= keys
        node = node.parent
    return False


def check_structure(script: str, findings: list[Finding]) -> list[str]:
    """What is wrong with a remediation script for these findings; [] when nothing is."""
    problems = [f"syntax: {e}" for e in syntax_errors(script)]
    tree = _parser().parse(script.encode("utf-8"))
    if "[CmdletBinding(SupportsShouldProcess = $true, ConfirmImpact = 'High')]" not in script:
        problems.append("no SupportsShouldProcess")
    if "if (-not $Apply) { $WhatIfPreference = $true }" not in script:
        problems.append("not a dry run without -Apply")
    for part, probe in (("$OnPremises", "Get-ExchangeServer"), ("$ExchangeOnline", "Get-InboundConnector")):
        if f"if ({part}) {{" not in script or f"Test-Shell -Probe '{probe}'" not in script:
            problems.append(f"no part for {part} that checks its shell")
    allowed = {
        line.strip()
        for f in findings
        if f.outcome == "fail" and f.remediation
        for line in f.remediation.splitlines()
        if line.strip()
    }
    for command in nodes(tree.root_node, "command"):
        names = [c for c in command.children if c.type == "command_name"]
        if not names:
            continue
        name = names[0].text.decode()
        if not name.startswith(CHANGING) and name not in {"Add-Content"}:
            continue
        if name in MACHINERY:
            continue
        line = script.splitlines()[command.start_point[0]].strip()
        if not _guarded(command):
            problems.append(f"unguarded: {line}")
        if line not in allowed:
            problems.append(f"not a finding's fix: {line}")
    for finding in findings:
        if finding.outcome == "fail" and finding.remediation and finding.fingerprint not in script:
            problems.append(f"no fingerprint of {finding.rule_id} on {finding.identity}")
    return problems


@pytest.mark.parametrize("sample", SAMPLE_DIRS, ids=lambda p: p.name)
def test_the_script_of_every_sample_parses_and_is_guarded(sample: Path) -> None:
    result = runner.invoke(app, ["fix", str(sample), "--as-of", "2026-11-28"])
    assert result.exit_code == 0, result.output
    report = build_report([str(sample)], _rules(), LintOptions(AS_OF_DATE))
    assert check_structure(result.stdout, report.findings) == []


def test_the_broken_samples_script_runs_its_changes_in_order() -> None:
    report = build_report([str(SAMPLES / "exchange-se-broken")], _rules(), LintOptions(AS_OF_DATE))
    changes = plan(report.findings, report.rules, report.snapshot)
    scripted = [(c.finding.rule_id, c.action) for c in changes if c.action != "manual"]
    assert ("HYB-SEND-003", "set") in scripted and ("HYB-RECV-006", "set") in scripted
    kinds = [c.kind for c in changes if c.shell == "exchange-management-shell"]
    assert kinds.index("ReceiveConnector") < kinds.index("SendConnector")  # receive side first
    send = next(c for c in changes if c.finding.rule_id == "HYB-SEND-003")
    assert send.read == "Get-SendConnector -Identity 'Outbound to Office 365 - 6b0d2f7e-3c41-4a8e-9f52-1d7e0c3b9a64'"
    assert send.before == {"CloudServicesMailEnabled": ["FALSE"]}
    assert send.after == {"CloudServicesMailEnabled": ("Equals", ["True"])}
    ranges = next(c for c in changes if c.finding.rule_id == "HYB-RECV-006")
    assert ranges.after == {"RemoteIPRanges": ("Excludes", ["40.107.0.0-40.107.255.255"])}


def _seeded() -> list[tuple[Rule, Any]]:
    return [(rule, test) for rule in _rules() for test in rule.tests if test.expect]


@pytest.mark.parametrize(("rule", "test"), _seeded(), ids=lambda x: getattr(x, "id", None) or getattr(x, "name", ""))
def test_the_script_of_every_seeded_fault_parses_and_is_guarded(rule: Rule, test: Any) -> None:
    snapshot = build_snapshot(test)
    findings = run_test(rule, test).findings
    script = script_for(findings, [rule], snapshot, Header(f"{rule.id} test", "2026-11-28", len(snapshot.objects)))
    assert check_structure(script, findings) == []


def test_every_rule_whose_fix_changes_exchange_says_what_it_changes() -> None:
    for rule in _rules():
        text = str(rule.raw.get("remediation", ""))
        commands = [
            line.strip()
            for line in text.splitlines()
            if line.strip().startswith(CHANGING) and not line.strip().startswith("#")
        ]
        if not commands:
            continue
        assert rule.fix is not None, f"{rule.id}: its remediation changes Exchange but it has no fix:"
        if rule.fix.action == "manual":
            continue
        assert rule.fix.cmdlet is not None
        line = next((c for c in commands if c.startswith(rule.fix.cmdlet + " ")), None)
        assert line is not None, f"{rule.id}: no line of its remediation runs {rule.fix.cmdlet}"
        for name in rule.fix.properties:
            assert f"-{name} " in line, f"{rule.id}: {rule.fix.cmdlet} does not set {name}"


def _apply(snapshot: Snapshot, findings: list[Finding], rules: list[Rule]) -> list[tuple[str, str]]:
    """Edit the exported objects as the script's changes would; the (rule, object) pairs fixed."""
    normalizer = TextNormalizer(lambda code, message: None)
    fixed = []
    for change in plan(findings, rules, snapshot):
        if change.action != "set" or not change.after or change.target is None:
            continue
        target = next(
            (
                o
                for o in snapshot.objects
                if o.kind == change.kind and o.identity.casefold() == change.target.casefold()
            ),
            None,
        )
        if target is None:
            continue
        types = property_types(target.kind)
        for name, (mode, items) in change.after.items():
            spec = types.get(name)
            if mode == "Equals":
                listed = spec is not None and spec.value_type in ("ipRanges", "addressSpaces", "smartHosts", "bindings")
                value = items if listed or len(items) != 1 else items[0]
                target.properties[name] = normalizer.property(name, value if items else None, spec)
            else:
                current = list(target.properties.get(name) or [])
                texts = {i.casefold() for i in items}
                if mode == "Excludes":
                    current = [v for v in current if str(v).casefold() not in texts]
                else:
                    current += normalizer.property(name, items, spec)
                target.properties[name] = current
        fixed.append((change.finding.rule_id, change.finding.identity))
    return fixed


@pytest.mark.parametrize("sample", SAMPLE_DIRS, ids=lambda p: p.name)
def test_the_values_the_script_sets_make_its_findings_go_away(sample: Path) -> None:
    report = build_report([str(sample)], _rules(), LintOptions(AS_OF_DATE))
    assert report.snapshot is not None
    fixed = _apply(report.snapshot, report.findings, report.rules)
    after = lint(report.snapshot, report.rules, date.fromisoformat("2026-11-28"))
    still = {(f.rule_id, f.identity) for f in after if f.outcome == "fail"}
    assert not [pair for pair in fixed if pair in still]
    if sample.name == "exchange-se-broken":
        assert ("HYB-SEND-003", "Outbound to Office 365 - 6b0d2f7e-3c41-4a8e-9f52-1d7e0c3b9a64") in fixed


def test_markdown_and_html_reports_point_each_fix_at_its_change_in_the_script(tmp_path: Path) -> None:
    sample = str(SAMPLES / "exchange-se-broken")
    out = tmp_path / "reports"
    result = runner.invoke(
        app,
        ["lint", sample, "--format", "markdown,html", "-o", str(out), "--fail-on", "never", "--as-of", "2026-11-28"],
    )
    assert result.exit_code == 0, result.output
    script = runner.invoke(app, ["fix", sample, "--as-of", "2026-11-28"]).stdout
    markdown = (out / "hybridlint.md").read_text(encoding="utf-8")
    html = (out / "hybridlint.html").read_text(encoding="utf-8")
    report = build_report([sample], _rules(), LintOptions(AS_OF_DATE))
    fixed = [f for f in report.findings if f.outcome == "fail" and f.remediation]
    assert fixed
    for finding in fixed:
        marker = f"fingerprint: {finding.fingerprint}"
        assert marker in script
        assert f"the change marked `{marker}`" in markdown
        assert f"the change marked <code>{marker}</code>" in html


def test_fix_writes_a_script_windows_powershell_reads(tmp_path: Path) -> None:
    target = tmp_path / "remediate.ps1"
    result = runner.invoke(
        app, ["fix", str(SAMPLES / "exchange-se-broken"), "--as-of", "2026-11-28", "-o", str(target)]
    )
    assert result.exit_code == 0, result.output
    data = target.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and b"\r\n" in data and b"\r\r\n" not in data
    assert "add -Apply to change anything" in result.stderr


def test_names_with_every_kind_of_single_quote_stay_inside_their_strings() -> None:
    (rule,) = [r for r in _rules() if r.id == "HYB-SEND-003"]
    test = next(t for t in rule.tests if t.expect)
    snapshot = build_snapshot(test)
    connector = next(o for o in snapshot.objects if o.kind == "SendConnector")
    hostile = "Outbound \u2018to\u2019 O365's \u201ax\u201b"
    connector.identity = hostile
    connector.properties["Identity"] = hostile
    findings = [f for f in lint(snapshot, [rule], AS_OF_DATE) if f.outcome == "fail"]
    assert findings
    script = script_for(findings, [rule], snapshot, Header("hostile", "2026-11-28", 1))
    assert check_structure(script, findings) == []
    assert "Target = 'Outbound \u2018\u2018to\u2019\u2019 O365''s \u201a\u201ax\u201b\u201b'" in script
    (change,) = [c for c in plan(findings, [rule], snapshot) if c.action == "set"]
    assert change.target == hostile and change.before == {"CloudServicesMailEnabled": ["FALSE"]}


def test_suppressed_and_baselined_findings_are_counted_and_left_out(tmp_path: Path) -> None:
    sample = str(SAMPLES / "exchange-se-broken")
    suppressed = runner.invoke(
        app, ["fix", sample, "--config", str(SAMPLES / "suppressions.yaml"), "--as-of", "2026-11-28"]
    )
    assert suppressed.exit_code == 0, suppressed.output
    assert "    1 suppressed and 0 baselined finding(s) left out." in suppressed.stdout
    assert "HYB-SEND-010 (warning)" not in suppressed.stdout  # the suppressed gateway finding
    baseline = tmp_path / "baseline.json"
    created = runner.invoke(app, ["baseline", "create", sample, "-o", str(baseline), "--as-of", "2026-11-28"])
    assert created.exit_code == 0, created.output
    everything_known = runner.invoke(app, ["fix", sample, "--baseline", str(baseline), "--as-of", "2026-11-28"])
    assert everything_known.exit_code == 0, everything_known.output
    script = everything_known.stdout
    assert "    0 change(s) to run, 0 manual step(s) as comments," in script
    assert "Invoke-HybridFix @fix" not in script and syntax_errors(script) == []
    assert re.search(r"0 suppressed and [1-9]\d* baselined finding\(s\) left out", script)


def test_inconclusive_findings_are_listed_to_collect_first() -> None:
    sample = SAMPLES / "css-exchange-e19-lab"
    report = build_report([str(sample)], _rules(), LintOptions(AS_OF_DATE))
    inconclusive = [f for f in report.findings if f.outcome == "inconclusive"]
    assert inconclusive
    script = runner.invoke(app, ["fix", str(sample), "--as-of", "2026-11-28"]).stdout
    section = script.split("# Collect first: the export did not tell, so these were not judged", 1)[1]
    for finding in inconclusive:
        assert f"#   {finding.rule_id} {finding.kind} '{finding.identity}'" in section


@pytest.mark.parametrize(
    ("written", "exported"),
    [
        ("50MB", "50 MB (52,428,800 bytes)"),
        ("36909875B", "35.2 MB (36,909,875 bytes)"),
        ("256KB", "256 KB (262,144 bytes)"),
        ("Unlimited", "Unlimited"),
    ],
)
def test_a_size_as_a_fix_writes_it_compares_equal_to_the_live_value(written: str, exported: str) -> None:
    # The guard skips a change whose object already holds the value: `-MaxMessageSize '50MB'` is
    # what Exchange then shows as `50 MB (52,428,800 bytes)`. Python and the script agree on both.
    assert comparable(written) == comparable(exported)
    assert comparable(written) == comparable(ByteSize.parse(exported))
    function = _script_function("ConvertTo-Comparable")
    assert "'^([0-9]+)(B|KB|MB|GB|TB)$'" in function and "MB = 1048576" in function


def _script_function(name: str) -> str:
    text = script_for([], [], None, Header("hybridlint test", "2026-11-28", 0))
    start = text.index("function " + name)
    return text[start : text.index("\nfunction ", start + 1)]
