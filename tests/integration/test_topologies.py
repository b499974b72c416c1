"""Whole organisations per cloud and topology (hybrid-facts.md 10.1, 10.2): each correct one lints
with no warning or error, and each variant that seeds one fault yields exactly that fault's
findings, on the objects to change.

The organisations are built by the sample builder (samples/tools/make_samples.py) from real
export shapes, as the committed samples are; a variant changes one setting of the builder's
organisation, so everything else stays exactly as PowerShell writes it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from testkit import AS_OF, SAMPLES
from typer.testing import CliRunner

from linter.cli.app import app

SE_BUILD = (15, 2, 2562, 37)
GRAVE = ("error", "warning")


def _organisation(tmp_path: Path, name: str, **changes: Any) -> Path:
    import onprem
    from make_samples import write_organisation

    folder = tmp_path / name
    write_organisation(folder, onprem.Org(build=SE_BUILD, **changes), "mail.contoso.com", "15.2.2562.37")
    return folder


def _findings(path: Path) -> list[dict[str, Any]]:
    result = CliRunner().invoke(app, ["lint", str(path), *AS_OF, "--format", "json", "--fail-on", "never"])
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)["findings"]  # type: ignore[no-any-return]


def _grave(path: Path) -> set[tuple[str, str, str]]:
    return {
        (f["rule_id"], f["object"]["kind"], f["object"]["identity"]) for f in _findings(path) if f["severity"] in GRAVE
    }


# -- clouds (10.1) -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cloud", "declare"),
    [("gcc-high", "gcc-high"), ("dod", "dod"), ("gcc-high-undeclared", None), ("21vianet", None)],
)
def test_a_correct_hybrid_in_each_cloud_has_no_warning_or_error(
    tmp_path: Path, cloud: str, declare: str | None
) -> None:
    from make_samples import GCC_HIGH_NAMES, VIANET_NAMES, in_cloud

    names = VIANET_NAMES if cloud == "21vianet" else GCC_HIGH_NAMES
    in_cloud(SAMPLES / "exchange-se-healthy", tmp_path / cloud, names, declare)
    assert _grave(tmp_path / cloud) == set()
    report = CliRunner().invoke(app, ["lint", str(tmp_path / cloud), *AS_OF, "--format", "json"])
    instance = json.loads(report.stdout)["eop_dataset"]["instance"]
    assert instance == {"gcc-high": "USGovGCCHigh", "dod": "USGovDoD"}.get(cloud)


def test_the_worldwide_sample_is_clean() -> None:
    assert _grave(SAMPLES / "exchange-se-healthy") == set()


# -- one fault each, on the object to change -----------------------------------------------------

SEND = ("SendConnector", "Outbound to Office 365 - 6b0d2f7e-3c41-4a8e-9f52-1d7e0c3b9a64")


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"cloud_services_mail": False}, {("HYB-SEND-003", *SEND)}),
        ({"smart_hosts": ["smtp-gw.contoso.com"]}, {("HYB-SEND-010", *SEND)}),
        (
            {"hybrid_remote_domain_ok": False},
            {("HYB-REMOTE-001", "RemoteDomain", "Hybrid Domain - contoso.mail.onmicrosoft.com")},
        ),
        (
            {"relay_ranges": ["10.20.30.0-10.20.30.255", "40.107.0.0-40.107.255.255"]},
            {("HYB-RECV-006", "ReceiveConnector", "EX01\\Relay - scan appliances")},
        ),
        (
            # Renewed at a new intermediate, connectors still naming the old issuer (KB2989382).
            {"installed_certificates": ["hybrid-2026-renewed", "ex01-selfsigned", "auth"]},
            {
                ("HYB-SEND-005", *SEND),
                ("HYB-RECV-004", "ReceiveConnector", "EX01\\Default Frontend EX01"),
                ("HYB-HC-001", "HybridConfiguration", "Hybrid Configuration"),
            },
        ),
    ],
    ids=["headers-stripped", "gateway-in-path", "remote-domain", "relay-steals-eop", "renewal-new-issuer"],
)
def test_one_fault_gives_exactly_its_findings(tmp_path: Path, changes: dict[str, Any], expected: set[Any]) -> None:
    assert _grave(_organisation(tmp_path, "variant", **changes)) == expected


# -- topologies that are correct (10.2) ----------------------------------------------------------


def test_the_edge_sample_is_clean_and_judged_on_the_edge() -> None:
    findings = _findings(SAMPLES / "exchange-se-edge")
    assert {f["rule_id"] for f in findings if f["severity"] in GRAVE} == set()
    # The Mailbox server's certificate serves IIS only, which an Edge topology allows: nothing about it.
    assert not [f for f in findings if f["rule_id"].startswith("HYB-CERT")]


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"edge_capability": False}, {("HYB-EDGE-001", "HybridConfiguration", "Hybrid Configuration")}),
        ({"send_from_edge": False}, {("HYB-SEND-009", *SEND)}),
    ],
    ids=["edge-without-capability", "send-connector-not-on-edge"],
)
def test_one_edge_fault_gives_exactly_its_findings(tmp_path: Path, changes: dict[str, Any], expected: set[Any]) -> None:
    assert _grave(_organisation(tmp_path, "edge", edge_server="EDGE01", **changes)) == expected


def test_an_edge_certificate_without_smtp_is_found_on_the_edge(tmp_path: Path) -> None:
    grave = _grave(_organisation(tmp_path, "edge", edge_server="EDGE01", edge_smtp=False))
    assert {rule for rule, _, _ in grave} == {"HYB-CERT-003"}
    assert all(identity.startswith("EDGE01.contoso.com\\") for _, _, identity in grave)


def test_a_renewal_in_progress_is_not_an_outage(tmp_path: Path) -> None:
    # The expired copy of the same issuer and subject stays installed beside the valid one.
    org = _organisation(
        tmp_path, "renewal", installed_certificates=["hybrid-2026", "hybrid-2025-expired", "ex01-selfsigned", "auth"]
    )
    findings = _findings(org)
    assert {f["rule_id"] for f in findings if f["severity"] in GRAVE} == set()
    assert {f["rule_id"] for f in findings} == {"HYB-CERT-006"}  # the clean-up, as info


def test_a_relay_connector_bound_to_another_address_is_not_chosen_for_eop(tmp_path: Path) -> None:
    org = _organisation(
        tmp_path,
        "relay",
        relay_ranges=["10.20.30.0-10.20.30.255", "40.107.0.0-40.107.255.255"],
        relay_bindings=["10.0.0.50:25"],
    )
    assert _grave(org) == set()


def _exported_objects(path: Path) -> list[dict[str, Any]]:
    """The objects of a ConvertTo-Json export (one object is written without a list)."""
    exported = json.loads(path.read_text(encoding="utf-8-sig"))
    return exported if isinstance(exported, list) else [exported]


def _export(path: Path, objects: list[dict[str, Any]]) -> None:
    path.write_text(json.dumps(objects), encoding="utf-8")


def test_exchange_online_connectors_besides_the_wizards_are_left_alone(tmp_path: Path) -> None:
    import shutil

    folder = tmp_path / "connectors"
    shutil.copytree(SAMPLES / "exchange-se-healthy", folder)
    outbound = _exported_objects(folder / "exo" / "Get-OutboundConnector.json")
    archive = dict(
        outbound[0],
        Name="To archive appliance",
        Identity="To archive appliance",
        ConnectorSource="Default",
        IsTransportRuleScoped=True,
        RecipientDomains=[],
        SmartHosts=["archive.contoso.com"],
        TlsSettings=None,
        CloudServicesMailEnabled=False,
    )
    app_domain = dict(
        outbound[0],
        Name="To app subdomain",
        Identity="To app subdomain",
        ConnectorSource="Default",
        RecipientDomains=["app.contoso.com"],
        SmartHosts=["app-gw.contoso.com"],
        TlsSettings="EncryptionOnly",
        CloudServicesMailEnabled=False,
    )
    _export(folder / "exo" / "Get-OutboundConnector.json", [*outbound, archive, app_domain])
    inbound = _exported_objects(folder / "exo" / "Get-InboundConnector.json")
    relay = dict(
        inbound[0],
        Name="Device relay",
        Identity="Device relay",
        ConnectorSource="Default",
        SenderIPAddresses=["203.0.113.25"],
        TlsSenderCertificateName=None,
        RequireTls=False,
        CloudServicesMailEnabled=False,
        RestrictDomainsToIPAddresses=True,
    )
    _export(folder / "exo" / "Get-InboundConnector.json", [*inbound, relay])
    assert _grave(folder) == set()


def test_one_organisation_joined_to_two_tenants_is_clean(tmp_path: Path) -> None:
    # Two coexistence domains accepted on-premises, a send connector and a certificate per tenant.
    org = _organisation(
        tmp_path,
        "two-tenants",
        second_tenant="fabrikam",
        installed_certificates=["hybrid-2026", "hybrid-2010", "ex01-selfsigned", "auth"],
    )
    findings = _findings(org)
    assert {f["rule_id"] for f in findings if f["severity"] in GRAVE} == set()
    connectors = [f for f in findings if f["object"]["kind"] == "SendConnector"]
    assert connectors == []  # neither tenant's connector is taken for the other's leftover


def test_the_second_tenants_connector_is_judged_on_its_own_certificate(tmp_path: Path) -> None:
    org = _organisation(tmp_path, "two-tenants", second_tenant="fabrikam")  # its certificate is not installed
    grave = _grave(org)
    assert {(rule, kind) for rule, kind, _ in grave} == {("HYB-SEND-005", "SendConnector")}
    ((_, _, identity),) = grave
    assert identity != SEND[1] and identity.startswith("Outbound to Office 365 - ")
