"""Evidence findings list the configuration findings that explain them, and those list them back."""

from __future__ import annotations

from linter.findings.model import Finding
from linter.findings.related import link_related


def finding(rule_id: str, kind: str, identity: str) -> Finding:
    return Finding(
        rule_id=rule_id,
        title="t",
        severity="error",
        category="message-evidence",
        kind=kind,
        side="on-premises",
        identity=identity,
        server=None,
        message="m",
        expected=None,
        actual=None,
        remediation=None,
        references=[],
        file="f",
        line=1,
        outcome="fail",
    )


def test_both_directions_are_linked_and_unrelated_findings_are_left_alone() -> None:
    evidence = finding("HYB-MSG-004", "Message", "<m@contoso.com>")
    cause = finding("HYB-SEND-003", "SendConnector", "Outbound to Office 365")
    other = finding("HYB-REMOTE-001", "RemoteDomain", "Hybrid Domain")
    before = (evidence.fingerprint, cause.fingerprint)
    link_related([evidence, cause, other], {"HYB-MSG-004": ["HYB-SEND-003", "HYB-SEND-010"]})
    assert [str(r) for r in evidence.related] == ["explained by HYB-SEND-003 on SendConnector 'Outbound to Office 365'"]
    assert [str(r) for r in cause.related] == ["explains HYB-MSG-004 on Message '<m@contoso.com>'"]
    assert other.related == []
    assert (evidence.fingerprint, cause.fingerprint) == before  # links never change identities


def test_without_the_explaining_finding_nothing_is_linked() -> None:
    evidence = finding("HYB-MSG-004", "Message", "<m@contoso.com>")
    link_related([evidence], {"HYB-MSG-004": ["HYB-SEND-003"]})
    assert evidence.related == []
