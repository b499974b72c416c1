"""ConvertTo-Json and ScubaGear exports: every documented shape, and real objects in JSON form.

Where each shape comes from:
- Exchange Online shapes (enums as names, `smtp:domain;cost`, `/Date(ms)/`, locale dates, `[null]`,
  bare objects, `\\u003c` escapes, BOM): the four real ScubaGear files in tests/corpus/real.
- On-premises shapes (enums as numbers, Exchange values as objects, depth truncation): no real
  file exists, so they are made from the real CLIXML objects by samples/tools/psjson.py, which
  applies ConvertTo-Json's documented behaviour (its docstring lists it).
"""

from __future__ import annotations

import codecs
import json
from datetime import datetime, timezone
from pathlib import Path

import pytest
from testkit import CORPUS

from linter.snapshot.clixml import reader as clixml
from linter.snapshot.loader import load_snapshot
from linter.snapshot.model import InvalidValue, TruncatedValue
from linter.support.errors import InputError
from linter.values.address_space import AddressSpace

psjson = pytest.importorskip("psjson")

E19 = CORPUS / "css-exchange" / "hc-E19"
SCUBAGEAR = CORPUS / "scubagear"
TYPED = {
    # MaxMessageSize is left out: see test_a_size_written_as_an_empty_object_is_unknown.
    "ReceiveConnector": [
        "Bindings",
        "RemoteIPRanges",
        "TlsCertificateName",
        "TlsDomainCapabilities",
        "AuthMechanism",
        "PermissionGroups",
        "RequireTLS",
        "Enabled",
        "TransportRole",
        "Server",
        "Fqdn",
    ],
    "SendConnector": [
        "AddressSpaces",
        "SmartHosts",
        "TlsCertificateName",
        "RequireTLS",
        "TlsAuthLevel",
        "CloudServicesMailEnabled",
        "SourceTransportServers",
        "ErrorPolicies",
        "Fqdn",
        "Port",
    ],
    "AcceptedDomain": ["DomainName", "DomainType", "Default", "AddressBookEnabled"],
    "HybridConfiguration": [
        "Domains",
        "OnPremisesSmartHost",
        "TlsCertificateName",
        "Features",
        "SendingTransportServers",
        "ReceivingTransportServers",
        "ExternalIPAddresses",
    ],
}


def write(tmp_path: Path, name: str, text: str, codec: str = "utf-8", bom: bytes = b"") -> Path:
    path = tmp_path / name
    path.write_bytes(bom + text.encode(codec))
    return path


def as_json(source: Path, edition: int = 5, depth: int = 10) -> str:
    records = [top.value for top in clixml.read(source.read_bytes(), str(source))]
    # Piping several objects makes one array (depth 0); a single object is the document itself.
    data = psjson.convert(records if len(records) > 1 else records[0], depth=depth, edition=edition)
    return psjson.dumps(data, edition)


@pytest.mark.parametrize("edition", [5, 7])
@pytest.mark.parametrize(
    "name", ["GetReceiveConnector.xml", "GetSendConnector.xml", "GetAcceptedDomain.xml", "GetHybridConfiguration.xml"]
)
def test_real_objects_read_the_same_from_json(tmp_path: Path, name: str, edition: int) -> None:
    source = E19 / name
    json_file = write(
        tmp_path,
        name.replace(".xml", ".json").replace("Get", "Get-"),
        as_json(source, edition),
        "utf-16-le" if edition == 5 else "utf-8",
        codecs.BOM_UTF16_LE if edition == 5 else b"",
    )
    from_xml = load_snapshot([str(source)])
    from_json = load_snapshot([str(json_file)])
    unexpected = [
        w for w in from_json.warnings if w.code != "unknown-enum" and not w.message.startswith("MaxMessageSize")
    ]
    assert not unexpected, unexpected
    assert [(o.kind, o.side, o.identity, o.server) for o in from_json.objects] == [
        (o.kind, o.side, o.identity, o.server) for o in from_xml.objects
    ]
    for a, b in zip(from_xml.objects, from_json.objects, strict=True):
        for prop in TYPED[a.kind]:
            assert a.get(prop) == b.get(prop), f"{a.identity}.{prop}: {a.get(prop)!r} != {b.get(prop)!r}"
        assert a.get("WhenChanged") == b.get("WhenChanged")  # same instant, whatever the spelling
    assert all(o.source.line >= (2 if len(from_json.objects) > 1 else 1) for o in from_json.objects)


def test_default_depth_keeps_exchange_values_readable(tmp_path: Path) -> None:
    # Piped connectors: array at depth 0, records 1, properties 2, list items 3 -> ToString().
    path = write(tmp_path, "Get-ReceiveConnector.json", as_json(E19 / "GetReceiveConnector.xml", depth=2))
    frontend = next(o for o in load_snapshot([str(path)]).objects if "Default Frontend" in o.identity)
    assert [str(r) for r in frontend.get("RemoteIPRanges")] == [
        "::-ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff",
        "0.0.0.0-255.255.255.255",
    ]
    assert [str(b) for b in frontend.get("Bindings")] == ["[::]:25", "0.0.0.0:25"]


def test_too_small_depth_marks_truncated_values_and_warns_once(tmp_path: Path) -> None:
    path = write(tmp_path, "Get-ReceiveConnector.json", as_json(E19 / "GetReceiveConnector.xml", depth=1))
    snapshot = load_snapshot([str(path)])
    frontend = next(o for o in snapshot.objects if "Default Frontend" in o.identity)
    # A collection beyond -Depth becomes its type name: unknown, never "empty".
    ranges = frontend.get("RemoteIPRanges")
    assert isinstance(ranges, TruncatedValue)
    assert "MultiValuedProperty`1[Microsoft.Exchange.Data.IPRange]" in ranges.text
    assert frontend.get("RemoteIPRanges") != []
    truncated = [w for w in snapshot.warnings if w.code == "truncated"]
    assert len(truncated) == 1 and "ConvertTo-Json -Depth 10" in truncated[0].message
    assert "RemoteIPRanges" in truncated[0].message


def test_a_size_written_as_an_empty_object_is_unknown(tmp_path: Path) -> None:
    text = (
        '{"Identity": "Out", "Name": "Out", "AddressSpaces": [], "MaxMessageSize": {"IsUnlimited": false, "Value": {}}}'
    )
    snapshot = load_snapshot([str(write(tmp_path, "Get-SendConnector.json", text))])
    assert isinstance(snapshot.objects[0].get("MaxMessageSize"), InvalidValue)
    assert [w.code for w in snapshot.warnings] == ["invalid-value"]


def test_truncation_markers_are_never_read_as_values(tmp_path: Path) -> None:
    record = {
        "Identity": "EX01\\Default Frontend EX01",
        "Name": "Default Frontend EX01",
        "Server": "EX01",
        "Bindings": ["0.0.0.0:25"],
        "PermissionGroups": 13,
        "AuthMechanism": 31,
        "RemoteIPRanges": "Microsoft.Exchange.Data.MultiValuedProperty`1[Microsoft.Exchange.Data.IPRange]",
        "TlsDomainCapabilities": ["System.Object[]"],
        "Custom": "@{Name=x; Value=y}",
    }
    path = write(tmp_path, "Get-ReceiveConnector.json", json.dumps(record))
    connector = load_snapshot([str(path)]).objects[0]
    # kept as written, marked cut short: never parsed as a range, a capability or a value
    assert connector.get("RemoteIPRanges") == TruncatedValue(record["RemoteIPRanges"])
    assert connector.get("TlsDomainCapabilities") == [TruncatedValue("System.Object[]")]
    assert connector.get("Custom") == TruncatedValue("@{Name=x; Value=y}")
    assert connector.get("PermissionGroups") == ["AnonymousUsers", "ExchangeServers", "ExchangeLegacyServers"]
    assert connector.get("AuthMechanism") == ["Tls", "Integrated", "BasicAuth", "BasicAuthRequireTLS", "ExchangeServer"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('"\\/Date(1700000000000)\\/"', datetime(2023, 11, 14, 22, 13, 20, tzinfo=timezone.utc)),
        ('"/Date(1700000000000)/"', datetime(2023, 11, 14, 22, 13, 20, tzinfo=timezone.utc)),
        ('"2023-11-14T23:13:20.1234567+01:00"', datetime(2023, 11, 14, 22, 13, 20, 123456, tzinfo=timezone.utc)),
        ('"10/17/2022 9:24:27 AM"', datetime(2022, 10, 17, 9, 24, 27)),
        ('"17.10.2022 21:24:27"', datetime(2022, 10, 17, 21, 24, 27)),
    ],
)
def test_dates_in_every_spelling(tmp_path: Path, text: str, expected: datetime) -> None:
    path = write(
        tmp_path,
        "Get-AcceptedDomain.json",
        f'{{"Name": "contoso.com", "DomainName": "contoso.com", "DomainType": "Authoritative", "WhenChanged": {text}}}',
    )
    assert load_snapshot([str(path)]).objects[0].get("WhenChanged") == expected


def test_ambiguous_date_is_a_warning_not_a_guess(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "Get-AcceptedDomain.json",
        '{"Name": "contoso.com", "DomainType": "Authoritative", "WhenChanged": "05/06/2022 10:00:00"}',
    )
    snapshot = load_snapshot([str(path)])
    when = snapshot.objects[0].get("WhenChanged")
    assert isinstance(when, InvalidValue) and when.text == "05/06/2022 10:00:00"
    assert [w.code for w in snapshot.warnings] == ["ambiguous-date"]


def test_enums_as_names_numbers_and_unknown_numbers(tmp_path: Path) -> None:
    records = [
        {"Name": "a.com", "DomainName": "a.com", "DomainType": 2, "AddressBookEnabled": True},
        {"Name": "b.com", "DomainName": "b.com", "DomainType": "InternalRelay", "AddressBookEnabled": True},
        {"Name": "c.com", "DomainName": "c.com", "DomainType": 9, "AddressBookEnabled": True},
    ]
    snapshot = load_snapshot([str(write(tmp_path, "domains.json", json.dumps(records)))])
    assert [o.get("DomainType") for o in snapshot.objects][:2] == ["InternalRelay", "InternalRelay"]
    unknown_number = snapshot.objects[2].get("DomainType")
    assert isinstance(unknown_number, InvalidValue) and unknown_number.text == "9"  # unreadable, not "other"
    assert [w.code for w in snapshot.warnings] == ["unknown-enum"]
    assert {o.kind for o in snapshot.objects} == {"AcceptedDomain"}  # by fingerprint: no cmdlet in the name


def test_exchange_online_strings(tmp_path: Path) -> None:
    connector = {
        "Name": "Inbound from 7d3e1c80",
        "Identity": "Inbound from 7d3e1c80",
        "ConnectorType": "OnPremises",
        "SenderDomains": ["smtp:*;1"],
        "SenderIPAddresses": ["203.0.113.10", "198.51.100.0/24"],
        "TlsSenderCertificateName": "mail.contoso.com",
        "RequireTls": True,
        "OrganizationId": "EURPR05A003.PROD.OUTLOOK.COM/Microsoft Exchange Hosted Organizations/"
        "contoso.onmicrosoft.com",
    }
    text = json.dumps([connector]).replace("<", "\\u003c")
    snapshot = load_snapshot([str(write(tmp_path, "inbound.json", text, "utf-8", codecs.BOM_UTF8))])
    obj = snapshot.objects[0]
    assert (obj.kind, obj.side) == ("InboundConnector", "exchange-online")
    assert obj.get("SenderDomains") == [AddressSpace("SMTP", "*", 1)]
    assert [str(r) for r in obj.get("SenderIPAddresses")] == ["203.0.113.10", "198.51.100.0/24"]


def test_escaped_tls_certificate_name_and_sizes(tmp_path: Path) -> None:
    text = (
        '{"Identity": "Outbound to Office 365", "Name": "Outbound to Office 365", "AddressSpaces": '
        '["smtp:contoso.mail.onmicrosoft.com;1"], "SmartHosts": [], "DNSRoutingEnabled": true, '
        '"TlsCertificateName": '
        '"\\u003cI\\u003eCN=R3, O=Let\\u0027s Encrypt, C=US\\u003cS\\u003eCN=mail.contoso.com",'
        ' "MaxMessageSize": "35 MB (36,700,160 bytes)", "SourceTransportServers": ["EX01"]}'
    )
    obj = load_snapshot([str(write(tmp_path, "Get-SendConnector.json", text))]).objects[0]
    assert obj.get("TlsCertificateName").issuer.attribute("O") == "Let's Encrypt"
    assert obj.get("MaxMessageSize").bytes == 36_700_160


@pytest.mark.parametrize("text", ["null", "[null]", "[]", " \r\n[\r\n\r\n]\r\n"])
def test_nothing_exported(tmp_path: Path, text: str) -> None:
    snapshot = load_snapshot([str(write(tmp_path, "Get-OutboundConnector.json", text))])
    assert snapshot.objects == [] and snapshot.warnings == []
    assert snapshot.files[0].format == "json"


@pytest.mark.parametrize(
    ("text", "position", "message"),
    [
        ('[\n  {"Name": "a",\n   "DomainType": }\n]', ":3:18:", "malformed JSON"),
        ('[\n  {"Name": "a"', ":2:", "truncated JSON"),
        ('{"Name": "a"} {"Name": "b"}', ":1:15:", "extra data"),
        ('"just a string"', ":1:1:", "not a JSON export"),
        ("[" * 100_000, ":1:", "nested too deeply"),
    ],
)
def test_malformed_json_errors(tmp_path: Path, text: str, position: str, message: str) -> None:
    path = write(tmp_path, "Get-AcceptedDomain.json", text)
    with pytest.raises(InputError) as caught:
        load_snapshot([str(path)])
    assert position in str(caught.value) and message in str(caught.value), str(caught.value)


def test_manifest_sets_kind_of_json_without_a_cmdlet_name(tmp_path: Path) -> None:
    write(tmp_path, "export1.json", json.dumps({"Name": "x", "Thing": 1}))
    write(tmp_path, "snapshot.yaml", "files:\n  export1.json: {kind: RemoteDomain, side: exchange-online}\n")
    obj = load_snapshot([str(tmp_path)]).objects[0]
    assert (obj.kind, obj.side) == ("RemoteDomain", "exchange-online")


def test_unrecognised_record_is_generic_with_a_warning(tmp_path: Path) -> None:
    snapshot = load_snapshot([str(write(tmp_path, "export.json", json.dumps([{"Name": "x", "Colour": "red"}])))])
    assert snapshot.objects[0].kind == "Generic" and [w.code for w in snapshot.warnings] == ["unknown-type"]


SCUBAGEAR_EXPECTED = {
    "sample-reports": {
        "RemoteDomain": 1,
        "AcceptedDomain": 7,
        "TransportConfig": 1,
        "TransportRule": 1,
        "OrganizationConfig": 1,
        "InboundConnector": 1,
        "OrganizationRelationship": 3,
    },
    "sample-reports-v1.0.0": {"RemoteDomain": 2, "TransportConfig": 1, "TransportRule": 3, "OrganizationConfig": 1},
    "runrego-stubs": {"RemoteDomain": 1, "TransportConfig": 1, "OrganizationConfig": 1},
    "createreport-stubs": {"RemoteDomain": 1, "TransportConfig": 1, "TransportRule": 2, "OrganizationConfig": 1},
}


@pytest.mark.parametrize("folder", sorted(SCUBAGEAR_EXPECTED))
def test_scubagear_exports(folder: str) -> None:
    snapshot = load_snapshot([str(SCUBAGEAR / folder / "ProviderSettingsExport.json")])
    counts: dict[str, int] = {}
    for obj in snapshot.objects:
        counts[obj.kind] = counts.get(obj.kind, 0) + 1
    assert counts == SCUBAGEAR_EXPECTED[folder]
    assert {o.side for o in snapshot.objects} == {"exchange-online"}
    assert not [w for w in snapshot.warnings if w.code not in ("truncated",)], snapshot.warnings


def test_scubagear_values() -> None:
    snapshot = load_snapshot([str(SCUBAGEAR / "sample-reports" / "ProviderSettingsExport.json")])
    coexistence = [o for o in snapshot.objects if o.kind == "AcceptedDomain" and o.get("IsCoexistenceDomain")]
    assert [o.get("DomainName") for o in coexistence] == ["tqhjy.mail.onmicrosoft.com"]
    inbound = next(o for o in snapshot.objects if o.kind == "InboundConnector")
    assert inbound.get("SenderDomains") == [AddressSpace("SMTP", "test.domain.com", 1)]
    assert inbound.get("ConnectorType") == "Partner" and inbound.get("TlsSenderCertificateName") is None
    assert inbound.get("WhenChanged") == datetime(2026, 3, 3, 1, 15, 23, tzinfo=timezone.utc)
    stub = load_snapshot([str(SCUBAGEAR / "runrego-stubs" / "ProviderSettingsExport.json")])
    remote = next(o for o in stub.objects if o.kind == "RemoteDomain")
    assert remote.source.line == 10450
