"""The kinds no public export shows (tests/fixtures/documented/README.md says how each file was
built): read with the right kind, side and typed values, and judged by their rules together with a
real-shaped organisation."""

from __future__ import annotations

import json
from datetime import timedelta

from testkit import AS_OF, FIXTURES_DIR, SAMPLES
from typer.testing import CliRunner

from linter.cli.app import app
from linter.snapshot.loader import load_snapshot

DOCUMENTED = FIXTURES_DIR / "documented"


def test_each_documented_kind_is_read_with_its_side_and_types() -> None:
    snapshot = load_snapshot([str(DOCUMENTED)])
    by_kind = {(o.kind, o.side) for o in snapshot.objects}
    assert by_kind == {
        ("OnPremisesOrganization", "exchange-online"),
        ("TransportService", "on-premises"),
        ("RemoteMailbox", "on-premises"),
        ("EmailAddressPolicy", "on-premises"),
    }
    assert not snapshot.warnings
    service = next(o for o in snapshot.objects if o.kind == "TransportService")
    assert service.server == "EX01"
    assert service.get("MaxPerDomainOutboundConnections") == 20  # Unlimited<int> as ConvertTo-Json writes it
    assert service.get("MessageRetryInterval") == timedelta(minutes=15)
    organization = next(o for o in snapshot.objects if o.kind == "OnPremisesOrganization")
    assert organization.get("HybridDomains") == ["contoso.com", "fabrikam.com"]


def test_the_documented_kinds_are_judged_on_the_objects_to_change() -> None:
    result = CliRunner().invoke(
        app,
        ["lint", str(SAMPLES / "exchange-se-healthy"), str(DOCUMENTED), *AS_OF, "--format", "json"],
    )
    assert result.exit_code == 1, result.stderr
    found = {(f["rule_id"], f["object"]["identity"]) for f in json.loads(result.stdout)["findings"]}
    assert found == {
        ("HYB-TRANSPORT-001", "EX01"),
        ("HYB-TRANSPORT-002", "EX01"),
        ("HYB-RECIP-001", "contoso.com/Users/Ben Ito"),  # routed to the vanity domain
        ("HYB-RECIP-002", "Default Policy"),
        # The sample's HybridConfiguration lists contoso.com only, and its connectors have other names.
        ("HYB-EXO-023", "7d3e1c80-1b9a-4a4e-8c55-0f1f1c9e2b10"),
        ("HYB-EXO-022", "7d3e1c80-1b9a-4a4e-8c55-0f1f1c9e2b10"),
    }
