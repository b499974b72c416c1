"""Evidence findings list the configuration findings that explain them, and those list them back."""

from __future__ import annotations

from linter.findings.model import Finding
from linter.findings.related import RELATED_AT_MOST, link_related


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


def test_each_finding_lists_at_most_25_related_and_counts_the_rest() -> None:
    # Causes times effects would grow quadratically: 30 connectors and 40 messages are 1,200 links.
    causes = [finding("HYB-SEND-003", "SendConnector", f"Outbound {n:02}") for n in range(30)]
    effects = [finding("HYB-MSG-004", "Message", f"<m{n:02}@contoso.com>") for n in reversed(range(40))]
    link_related(effects + causes, {"HYB-MSG-004": ["HYB-SEND-003", "HYB-SEND-003"]})
    assert all(len(e.related) == RELATED_AT_MOST and e.related_omitted == 5 for e in effects)
    assert all(len(c.related) == RELATED_AT_MOST and c.related_omitted == 15 for c in causes)
    # The first 25 in a fixed order, whatever order the findings came in.
    assert [r.identity for r in causes[0].related][:2] == ["<m00@contoso.com>", "<m01@contoso.com>"]
    assert effects[0].related_lines()[-1] == "... and 5 more related finding(s), each listed in this report"
