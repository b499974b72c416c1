"""Format-List text as admins send it: the real outputs of the text corpus (tests/corpus/text,
a copy of ../shared/corpus/text) read into the kinds and values their NOTES describe, the
hand-made receive connector into the values a CLIXML export gives, cut values unknown, and
Format-Table output refused with the way to export it."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from testkit import FIXTURES_DIR, TEXT, lint_one_file, shared_or_skip
from typer.testing import CliRunner

from linter.cli.app import app
from linter.snapshot.loader import load_snapshot
from linter.snapshot.model import InvalidValue, Snapshot, TruncatedValue

runner = CliRunner()
HAND_MADE = FIXTURES_DIR / "format-list"


def snapshot_of(tmp_path: Path, *files: Path) -> Snapshot:
    folder = tmp_path / "snapshot"
    folder.mkdir(exist_ok=True)
    for file in files:
        shutil.copy(file, folder / file.name)
    return load_snapshot([str(folder)])


def only(snapshot: Snapshot, kind: str) -> list[dict[str, Any]]:
    return [o.properties for o in snapshot.objects if o.kind == kind]


# file -> (kind, objects, side), from the text corpus MANIFEST.
EXPECTED = {
    "ksagala-m365getcfg/Get-InboundConnector-fl-1.txt": ("InboundConnector", 3, "exchange-online"),
    "ksagala-m365getcfg/Get-OutboundConnector-fl-1.txt": ("OutboundConnector", 3, "exchange-online"),
    "ksagala-m365getcfg/Get-TransportConfig-fl-1.txt": ("TransportConfig", 1, None),
    "ms-officedocs-support/Get-ExchangeCertificate-fl-1.txt": ("ExchangeCertificate", 1, None),
    "ms-officedocs-support/Get-ExchangeCertificate-fl-2.txt": ("ExchangeCertificate", 1, None),
    "ms-officedocs-support/Get-InboundConnector-fl-1.txt": ("InboundConnector", 1, None),
    "ms-officedocs-support/Get-OrganizationConfig-fl-1.txt": ("OrganizationConfig", 1, None),
    "ms-officedocs-support/Get-OrganizationConfig-fl-2.txt": ("OrganizationConfig", 1, None),
    "ms-officedocs-support/Get-OutboundConnector-fl-1.txt": ("OutboundConnector", 1, None),
    "ms-officedocs-support/Get-SendConnector-fl-1.txt": ("SendConnector", 1, None),
    "tostka-verb-ex2010/Get-ExchangeCertificate-fl-1.txt": ("ExchangeCertificate", 1, None),
}
TABLES = [
    "it-praktyk-exchangeservermanagement/Get-AcceptedDomain-ft-1.txt",
    "tostka-verb-ex2010/Get-ExchangeCertificate-ft-1.txt",
]


def test_every_text_corpus_file_is_checked() -> None:
    files = {str(p.relative_to(TEXT)) for p in TEXT.glob("*/*.txt") if not p.name.startswith("LICENSE")}
    assert files == set(EXPECTED) | set(TABLES)


@pytest.mark.parametrize("relative", sorted(EXPECTED))
def test_every_real_format_list_output_reads_into_its_kind(tmp_path: Path, relative: str) -> None:
    kind, count, side = EXPECTED[relative]
    snapshot = snapshot_of(tmp_path, TEXT / relative)
    assert [f.format for f in snapshot.files] == ["format-list"]
    objects = [o for o in snapshot.objects if o.kind == kind]
    assert len(objects) == count == len(snapshot.objects)
    if side is not None:
        assert {o.side for o in objects} == {side}


@pytest.mark.parametrize("relative", TABLES)
def test_format_table_output_is_skipped_with_the_way_to_export_it(tmp_path: Path, relative: str) -> None:
    snapshot = snapshot_of(tmp_path, TEXT / relative)
    assert snapshot.objects == [] and snapshot.files == []
    (skipped,) = snapshot.skipped
    assert skipped.reason.startswith("Format-Table output") and "| Format-List *" in skipped.reason


def test_the_exo_inbound_connectors_keep_every_value(tmp_path: Path) -> None:
    """UTF-16 LE, CRLF, hard-wrapped at 119 columns inside words (NOTES.md 1, 4)."""
    first, second, third = only(
        snapshot_of(tmp_path, TEXT / "ksagala-m365getcfg/Get-InboundConnector-fl-1.txt"), "InboundConnector"
    )
    assert first["Identity"] == "CodeTwo Inbound Connector 201912181153052"
    assert first["ConnectorType"] == "OnPremises" and first["RequireTls"] is True
    assert first["TlsSenderCertificateName"] == "qu88tcjvwr75bawk7f7peregn.smtp.codetwo.online"
    assert [str(space).lower() for space in first["SenderDomains"]] == ["smtp:*;1"]
    assert first["SenderIPAddresses"] == [] and first["Comment"] is None
    assert first["DistinguishedName"] == (
        "CN=CodeTwo Inbound Connector 201912181153052,CN=Transport Settings,CN=Configuration,"
        "CN=kwatera.onmicrosoft.com,CN=ConfigurationUnits,DC=EURPR03A006,DC=PROD,DC=OUTLOOK,DC=COM"
    )
    assert str(first["WhenChangedUTC"]) == "2020-07-31 18:36:27"  # pl-PL dd.MM.yyyy
    assert [str(r) for r in third["SenderIPAddresses"]] == ["195.205.246.16/28"]
    assert second["TlsSenderCertificateName"] in ("*.amwkwatera.pl", None)


def test_null_and_empty_lists_and_bracketed_smart_hosts(tmp_path: Path) -> None:
    connectors = only(
        snapshot_of(tmp_path, TEXT / "ksagala-m365getcfg/Get-OutboundConnector-fl-1.txt"), "OutboundConnector"
    )
    first = connectors[0]
    assert first["ValidationRecipients"] is None and first["RecipientDomains"] == []
    assert first["TlsSettings"] == "DomainValidation"
    hosts = [str(h) for c in connectors for h in (c["SmartHosts"] or [])]
    assert "[195.205.246.25]" in hosts or "195.205.246.25" in hosts
    assert [c["Identity"] for c in connectors][2] == "Do Kwatera_Test_2018/09/20 12:40:21"


def test_documentation_pastes_read_with_their_quirks(tmp_path: Path) -> None:
    padded = only(
        snapshot_of(tmp_path, TEXT / "ms-officedocs-support/Get-OrganizationConfig-fl-1.txt"), "OrganizationConfig"
    )
    assert padded == [{"RemotePublicFolderMailboxes": [], "PublicFoldersEnabled": "Local"}]  # U+202F padding
    quoted = only(
        snapshot_of(tmp_path, TEXT / "ms-officedocs-support/Get-InboundConnector-fl-1.txt"), "InboundConnector"
    )
    assert quoted == [{"ConnectorType": "Partner", "Enabled": True, "TreatMessagesAsInternal": False}]  # `> Key: value`


def test_trimmed_output_and_placeholders_are_said_not_read(tmp_path: Path) -> None:
    snapshot = snapshot_of(tmp_path, TEXT / "ms-officedocs-support/Get-OrganizationConfig-fl-2.txt")
    assert [w.code for w in snapshot.warnings] == ["trimmed"]
    (send,) = only(snapshot_of(tmp_path, TEXT / "ms-officedocs-support/Get-SendConnector-fl-1.txt"), "SendConnector")
    assert isinstance(send["Fqdn"], InvalidValue)  # `FQDN : Mail.<domain>.com`, under its real name
    assert send["TlsAuthLevel"] == "DomainValidation" and send["RequireTLS"] is True


def test_indented_help_text_and_flag_enums(tmp_path: Path) -> None:
    (cert,) = only(
        snapshot_of(tmp_path, TEXT / "tostka-verb-ex2010/Get-ExchangeCertificate-fl-1.txt"), "ExchangeCertificate"
    )
    assert cert["Services"] == ["IMAP", "POP", "IIS", "SMTP"]
    assert cert["Status"] == "Valid" and cert["PublicKeySize"] == 2048
    assert isinstance(cert["NotAfter"], InvalidValue)  # 11/2/2026: month and day order unknown


def test_the_hand_made_receive_connector_reads_as_clixml_would(tmp_path: Path) -> None:
    snapshot = snapshot_of(tmp_path, HAND_MADE / "hand-made-Get-ReceiveConnector-fl.txt")
    (obj,) = snapshot.objects
    assert (obj.kind, obj.side, obj.identity, obj.server) == (
        "ReceiveConnector",
        "on-premises",
        "EX01\\Default Frontend EX01",
        "EX01",
    )
    properties = obj.properties
    assert [str(b) for b in properties["Bindings"]] == ["[::]:25", "0.0.0.0:25"]
    assert properties["MaxMessageSize"].bytes == 37748736 and properties["MaxInboundConnection"] == 5000
    assert properties["PermissionGroups"] == ["AnonymousUsers", "ExchangeServers", "ExchangeLegacyServers"]
    assert (
        str(properties["TlsCertificateName"].subject)
        == "CN=mail.contoso.com, O=Contoso Ltd, L=Redmond, S=Washington, C=US"
    )
    assert "CN=Exchange Administrative Group (FYDIBOHF23SPDLT)" in properties["DistinguishedName"]  # cut on a space
    assert isinstance(properties["RemoteIPRanges"], TruncatedValue)
    (warning,) = snapshot.warnings
    assert warning.code == "truncated" and "$FormatEnumerationLimit = -1" in warning.message


def test_a_cut_list_makes_the_rules_that_need_it_inconclusive(tmp_path: Path) -> None:
    findings = lint_one_file(tmp_path, HAND_MADE / "hand-made-Get-ReceiveConnector-fl.txt")
    about_ranges = [
        f for f in findings if f["object"]["kind"] == "ReceiveConnector" and "RemoteIPRanges" in json.dumps(f)
    ]
    assert about_ranges and {f["outcome"] for f in about_ranges} == {"inconclusive"}


def test_a_web_paste_with_blank_lines_everywhere_reads_as_the_file(tmp_path: Path) -> None:
    clean = (TEXT / "ksagala-m365getcfg/Get-OutboundConnector-fl-1.txt").read_bytes().decode("utf-16")
    pasted = "\n\n".join(line.strip() + "  " for line in clean.splitlines() if line.strip())
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "Get-OutboundConnector-pasted.txt").write_text(pasted, encoding="utf-8")
    from_paste = only(load_snapshot([str(tmp_path / "a")]), "OutboundConnector")
    from_file = only(
        snapshot_of(tmp_path, TEXT / "ksagala-m365getcfg/Get-OutboundConnector-fl-1.txt"), "OutboundConnector"
    )
    assert [c["Identity"] for c in from_paste] == [c["Identity"] for c in from_file]
    assert [c["SmartHosts"] for c in from_paste] == [c["SmartHosts"] for c in from_file]


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        # Not recognised as Format-List (a 5 MB line, a line of braces): skipped, so nothing to read.
        ("Name : " + "x" * 5_000_000 + "\r\nEnabled : True\r\n", None),
        ("Name : {" + "{" * 100_000 + "}\r\nEnabled : True\r\n", None),
        ("Identity : a\r\nNote : " + ", ".join(str(n) for n in range(200_000)) + "\r\n", 1),
    ],
    ids=["5-mb-line", "nested-braces", "long-flag-like-value"],
)
def test_hostile_text_is_read_or_refused_in_one_line(tmp_path: Path, content: str, expected: int | None) -> None:
    folder = tmp_path / "org"
    folder.mkdir()
    (folder / "Get-RemoteDomain-fl.txt").write_text(content, encoding="utf-8")
    result = runner.invoke(app, ["snapshot", str(folder), "--format", "json"])
    if expected is None:
        assert result.exit_code == 2 and len(result.stderr.strip().splitlines()) == 1, result.output
        assert "skipped 1 other file(s): Get-RemoteDomain-fl.txt" in result.stderr
    else:
        assert result.exit_code == 0, result.output
        assert len(json.loads(result.stdout)["objects"]) == expected


def test_the_vendored_text_corpus_matches_the_shared_one() -> None:
    shared = shared_or_skip("corpus/text")
    for path in sorted(TEXT.rglob("*")):
        if path.is_file():
            assert (shared / path.relative_to(TEXT)).read_bytes() == path.read_bytes(), path


def test_a_value_cut_at_the_console_width_is_unknown(tmp_path: Path) -> None:
    """Output through a narrow `Out-String -Width` ends a value with `...` at the width."""
    width = 80
    long_name = "<I>CN=DigiCert Global G2 TLS RSA SHA256 2020 CA1, O=DigiCert Inc, C=US<S>CN=mail.contoso.com"
    lines = [
        "Identity           : Outbound to Office 365",
        ("TlsCertificateName : " + long_name)[: width - 3] + "...",
        "CloudServicesMailEnabled : True",
        "Fqdn               : mail.contoso.com",
    ]
    folder = tmp_path / "org"
    folder.mkdir()
    (folder / "Get-SendConnector-fl.txt").write_text("\r\n".join(lines) + "\r\n", encoding="utf-8")
    snapshot = load_snapshot([str(folder)])
    (connector,) = snapshot.objects
    assert isinstance(connector.properties["TlsCertificateName"], TruncatedValue)
    assert connector.properties["Fqdn"] == "mail.contoso.com"
    (warning,) = [w for w in snapshot.warnings if w.code == "truncated"]
    assert "cut at the console width (TlsCertificateName)" in warning.message and "Out-String -Width" in warning.message
