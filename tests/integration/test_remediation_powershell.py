"""Every fix hybridlint prints is PowerShell that parses and carries no leaked value: for every
finding of every rule test, every sample and every real corpus folder."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest
from powershell import fix_problems, syntax_errors
from testkit import AS_OF_DATE, CORPUS, SAMPLES

from linter.findings.model import Finding
from linter.rules.loader import load_rules
from linter.rules.testing import run_test
from linter.run.pipeline import LintOptions, build_report
from linter.support.errors import InputError
from linter.support.resources import builtin_rules_dir

SNAPSHOTS = sorted(
    [p for p in SAMPLES.iterdir() if p.is_dir() and p.name != "tools"]
    + [p for p in CORPUS.iterdir() if p.is_dir()]
    + [p for p in (CORPUS / "css-exchange").iterdir() if p.is_dir()]
)


@cache
def _rules() -> list:  # type: ignore[type-arg]
    return load_rules([builtin_rules_dir()])


def _problems(findings: list[Finding]) -> list[str]:
    return [
        f"{f.rule_id} on {f.kind} '{f.identity}': {problem}\n{f.remediation}"
        for f in findings
        if f.remediation
        for problem in fix_problems(f.remediation)
    ]


def test_the_checker_finds_what_it_looks_for() -> None:
    assert syntax_errors("Set-SendConnector -Identity 'x' -CloudServicesMailEnabled $true") == []
    assert syntax_errors("# only a comment") == []
    assert syntax_errors("Set-X -Identity 'unterminated")
    assert fix_problems("Set-X -Name '(unknown: the export lacks it)'")
    assert fix_problems("Set-X -Enabled True")
    assert fix_problems("Set-X -Domains ['a', 'b']")
    assert not fix_problems("Set-X -Enabled $true -Name 'True Story'")
    assert fix_problems("# Re-run the HCW, or in Exchange Online: New-InboundConnector -Name 'x'")
    assert not fix_problems("# Choose one:\n#   Set-SendConnector -Identity 'x' -Enabled $false")
    assert fix_problems("Remove-ExchangeCertificate -Thumbprint '<other thumbprint>'")
    assert not fix_problems("#   Remove-ExchangeCertificate -Thumbprint '<other thumbprint>'")
    assert not fix_problems("Set-SendConnector -Identity 'x' -TlsCertificateName '<I>CN=CA<S>CN=mail.contoso.com'")
    assert fix_problems("Set-SendConnector -Identity 'x' -TlsCertificateName '<I>issuer<S>subject of the certificate'")


def test_every_rule_test_finding_has_a_valid_fix() -> None:
    findings = [f for rule in _rules() for test in rule.tests for f in run_test(rule, test).findings]
    assert len([f for f in findings if f.remediation]) > 50
    assert not _problems(findings), "\n\n".join(_problems(findings))


@pytest.mark.parametrize("snapshot", SNAPSHOTS, ids=lambda p: str(p.relative_to(p.parents[1])))
def test_every_finding_on_samples_and_the_corpus_has_a_valid_fix(snapshot: Path) -> None:
    try:
        report = build_report([str(snapshot)], _rules(), LintOptions(AS_OF_DATE))
    except InputError:
        pytest.skip(f"{snapshot.name} holds no export hybridlint reads")
    problems = _problems(report.findings)
    assert not problems, "\n\n".join(problems)


def _rule_findings(rule_id: str) -> list[Finding]:
    (rule,) = [r for r in _rules() if r.id == rule_id]
    return [f for test in rule.tests for f in run_test(rule, test).findings if f.remediation]


@pytest.mark.parametrize(
    ("rule_id", "shell"),
    [
        ("HYB-SEND-003", "exchange-management-shell"),  # on-premises object, fixed on-premises
        ("HYB-EXO-002", "exchange-online-powershell"),  # Exchange Online object, fixed there
        ("HYB-ACCDOM-001", "exchange-management-shell"),  # Exchange Online domain missing on-premises
        ("HYB-EXO-001", "exchange-online-powershell"),  # on-premises HybridConfiguration, connector made online
    ],
)
def test_every_fix_says_which_shell_it_runs_in(rule_id: str, shell: str) -> None:
    findings = _rule_findings(rule_id)
    assert findings and {f.shell for f in findings} == {shell}


def test_every_finding_with_a_fix_names_its_shell_in_every_report() -> None:
    report = build_report([str(SAMPLES / "exchange-se-broken")], _rules(), LintOptions(AS_OF_DATE))
    with_fix = [f for f in report.findings if f.remediation]
    assert with_fix and all(f.shell for f in with_fix)
    from linter.report.registry import render

    text = render("text", report)
    assert "run in:   Exchange Management Shell" in text
    assert '"shell": "exchange-management-shell"' in render("json", report)
    assert "(run in Exchange Management Shell" in render("markdown", report)
