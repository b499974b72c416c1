"""Build the sample snapshots in samples/ from real exports of tests/corpus/real.

    python samples/tools/make_samples.py          # rewrite the samples
    python samples/tools/make_samples.py --check  # exit 1 if a sample differs from what it builds

The output is byte-for-byte reproducible (the certificates are kept in samples/tools/certificates),
and tests/test_samples.py checks that the committed samples are what this script builds.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import certificates  # noqa: E402
import clixml_edit as ce  # noqa: E402
import exo  # noqa: E402
import onprem  # noqa: E402
import psjson  # noqa: E402

SAMPLES = HERE.parent
GUID = "7d3e1c80-5b2a-4f69-8c14-e0a9b6d2f351"

ONPREM_FILES: list[tuple[str, Callable[[onprem.Org], list[ce.etree._Element]], bool]] = [
    ("Get-SendConnector.xml", onprem.send_connectors, True),
    ("Get-ReceiveConnector.xml", onprem.receive_connectors, True),
    ("Get-AcceptedDomain.xml", onprem.accepted_domains, True),
    ("Get-RemoteDomain.xml", onprem.remote_domains, True),
    ("Get-HybridConfiguration.xml", onprem.hybrid_configuration, True),
    ("Get-ExchangeServer.xml", onprem.exchange_servers, True),
    ("Get-ExchangeCertificate.xml", onprem.certificate_records, False),
]


def build_snapshot(folder: Path, org: onprem.Org, certificate_name: str, manifest: str) -> None:
    for name, make, deserialized in ONPREM_FILES:
        ce.write(ce.new_document(make(org)), folder / "onprem" / name, deserialized)
    if org.edge_server:
        # Run on the Edge server itself (it is not in the domain): its own connectors and certificates.
        ce.write(ce.new_document(onprem.edge_receive_connectors(org)), folder / "edge" / "Get-ReceiveConnector.xml")
        ce.write(
            ce.new_document(onprem.edge_certificate_records(org)),
            folder / "edge" / "Get-ExchangeCertificate.xml",
            False,
        )
    exo_files = {
        "Get-AcceptedDomain.json": exo.accepted_domains(org.tenant, org.domain),
        "Get-RemoteDomain.json": exo.remote_domains(org.tenant),
        "Get-InboundConnector.json": exo.inbound_connector(org.tenant, GUID, certificate_name),
        "Get-OutboundConnector.json": exo.outbound_connector(
            org.tenant, GUID, org.smart_host, org.smart_host, [org.domain]
        ),
        "Get-OrganizationConfig.json": exo.organization_config(org.tenant),
        "Get-OnPremisesOrganization.json": exo.on_premises_organization(org.tenant, GUID, org.org_name, [org.domain]),
    }
    for name, records in exo_files.items():
        path = folder / "exo" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        # Windows PowerShell 5.1: ConvertTo-Json | Out-File -Encoding utf8 (UTF-8 with a BOM).
        data = records if len(records) > 1 else records[0]
        path.write_bytes(b"\xef\xbb\xbf" + (psjson.dumps(data, 5) + "\r\n").encode("utf-8"))
    (folder / "snapshot.yaml").write_bytes(manifest.encode("utf-8"))


MANIFEST = """\
# {title}
# On-premises: Exchange Management Shell, Windows PowerShell 5.1 (Export-Clixml, UTF-16).
#   Get-SendConnector | Export-Clixml onprem\\Get-SendConnector.xml   (and so on per cmdlet)
#   Get-ExchangeCertificate -Server {server} | Select-Object Identity, Thumbprint, Subject, Issuer,
#     NotBefore, NotAfter, Services, Status, HasPrivateKey, IsSelfSigned, RawData |
#     Export-Clixml onprem\\Get-ExchangeCertificate.xml
# Exchange Online: ExchangeOnlineManagement, Windows PowerShell 5.1.
#   Get-InboundConnector | ConvertTo-Json -Depth 10 | Out-File -Encoding utf8 exo\\Get-InboundConnector.json
organization: {org_name}
export_date: "2026-11-20"
exchange_versions:
  {server}: "{version}"
files:
  "onprem/*": {{side: on-premises}}
  "exo/*": {{side: exchange-online}}
{edge_files}"""


def organisations() -> list[tuple[str, onprem.Org, str, str]]:
    # Exchange Server SE RTM with its February 2026 update (15.2.2562.37, the build list's newest):
    # Exchange 2019 left support on 2025-10-14, so a correct hybrid today runs SE.
    se_build = (15, 2, 2562, 37)
    healthy = onprem.Org(build=se_build)
    broken = onprem.Org(
        build=se_build,
        connector_certificate="hybrid-2026",  # still names the certificate the renewal replaced
        installed_certificates=["hybrid-2026-renewed", "ex01-selfsigned", "auth"],
        cloud_services_mail=False,
        hybrid_remote_domain_ok=False,
        smart_hosts=["smtp-gw.contoso.com"],
        # a scanning service's relay connector, its cloud range typed as all of 40.107.0.0/16
        relay_ranges=["10.20.30.0-10.20.30.255", "40.107.0.0-40.107.255.255"],
    )
    legacy = onprem.Org(
        server="EX2010",
        domain="fabrikam.com",
        tenant="fabrikam",
        org_name="Fabrikam",
        exchange_2010=True,
        send_connector_name="Outbound to Office 365",
        smart_host="mail.fabrikam.com",
        connector_certificate="hybrid-2010",
        installed_certificates=["hybrid-2010", "ex2010-selfsigned"],
        stale_ranges=[
            "65.55.88.0-65.55.88.255",
            "23.103.132.0-23.103.135.255",
            "40.92.0.0-40.93.255.255",
            "207.46.163.0-207.46.163.255",
            "198.51.100.0-198.51.100.255",
        ],
    )
    edge = onprem.Org(build=se_build, edge_server="EDGE01")
    return [
        ("exchange-se-healthy", healthy, "mail.contoso.com", "15.2.2562.37"),
        ("exchange-se-edge", edge, "mail.contoso.com", "15.2.2562.37"),
        ("exchange-se-broken", broken, "mail.contoso.com", "15.2.2562.37"),
        ("exchange2010-hybrid", legacy, "mail.fabrikam.com", "14.3.123.4"),
    ]


# The names that differ per cloud (hybrid-facts.md 10.1). The GCC High sample is the healthy
# organisation joined to GCC High instead: the same files with these names, so it keeps their shape.
GCC_HIGH_NAMES = [
    ("mail.protection.outlook.com", "mail.protection.office365.us"),
    ("mail.onmicrosoft.com", "mail.onmicrosoft.us"),
    (".onmicrosoft.com", ".onmicrosoft.us"),
    ("# exchange se healthy", "# exchange se gcc high (the healthy organisation, joined to GCC High)"),
]
VIANET_NAMES = [
    ("mail.protection.outlook.com", "mail.protection.partner.outlook.cn"),
    ("mail.onmicrosoft.com", "mail.partner.onmschina.cn"),
    (".onmicrosoft.com", ".partner.onmschina.cn"),
]


def in_cloud(source: Path, target: Path, names: list[tuple[str, str]], declare: str | None) -> None:
    """A copy of the snapshot `source` joined to another cloud: every cloud name replaced, encodings
    kept. `declare` is the `cloud:` line for snapshot.yaml, or None to leave the cloud to the names."""
    for path in sorted(source.rglob("*")):
        if not path.is_file():
            continue
        data = path.read_bytes()
        utf16 = data[:2] == b"\xff\xfe"
        bom = data[:2] if utf16 else (data[:3] if data[:3] == b"\xef\xbb\xbf" else b"")
        encoding = "utf-16-le" if utf16 else "utf-8"
        text = data[len(bom) :].decode(encoding)
        for worldwide, other in names:
            text = text.replace(worldwide, other)
        if declare and path.name == "snapshot.yaml":
            text = text.replace("\nexchange_versions:", f"\ncloud: {declare}\nexchange_versions:", 1)
        out = target / path.relative_to(source)
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(bom + text.encode(encoding))


def in_gcc_high(source: Path, target: Path, declare: bool = True) -> None:
    """`source` joined to GCC High. With `declare`, snapshot.yaml says `cloud: gcc-high`: the names
    are DoD's too, and only that line tells which of the two clouds' EOP address ranges apply."""
    in_cloud(source, target, GCC_HIGH_NAMES, "gcc-high" if declare else None)


def write_organisation(folder: Path, org: onprem.Org, certificate_name: str, version: str) -> None:
    """One organisation's snapshot in `folder`, its snapshot.yaml titled after the folder."""
    edge_files = (
        f"  # Run on {org.edge_server} in its Exchange Management Shell: Get-ReceiveConnector, "
        "Get-ExchangeCertificate.\n"
        '  "edge/*": {side: on-premises}\n'
        if org.edge_server
        else ""
    )
    manifest = MANIFEST.format(
        title=folder.name.replace("-", " "),
        server=org.server,
        org_name=org.org_name,
        version=version,
        edge_files=edge_files,
    )
    build_snapshot(folder, org, certificate_name, manifest)


def build_all(target: Path) -> None:
    certificates.make_all()
    certificates.make_extra()
    for folder, org, certificate_name, version in organisations():
        write_organisation(target / folder, org, certificate_name, version)
    in_gcc_high(target / "exchange-se-healthy", target / "exchange-se-gcc-high")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args()
    if not args.check:
        build_all(SAMPLES)
        return 0
    with tempfile.TemporaryDirectory() as scratch:
        build_all(Path(scratch))
        different = [
            str(path.relative_to(scratch))
            for path in sorted(Path(scratch).rglob("*"))
            if path.is_file() and (SAMPLES / path.relative_to(scratch)).read_bytes() != path.read_bytes()
        ]
    for name in different:
        print(f"differs: samples/{name}")
    return 1 if different else 0


if __name__ == "__main__":
    sys.exit(main())
