"""Certificates decoded from RawData on all 13 real certificate files, checked against Exchange's own text."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from testkit import CORPUS, corpus_id

from linter.snapshot.clixml import reader as clixml
from linter.snapshot.loader import load_snapshot
from linter.snapshot.model import SnapshotObject
from linter.snapshot.psobject import PSObject
from linter.values.certificate import CertificateInfo
from linter.values.x500 import TlsCertificateName

CERTIFICATE_FILES = sorted(
    p for p in CORPUS.glob("**/*.xml") if "Certifi" in p.name and "ReceiveConnector" not in p.name
)


def _tostring_field(text: str, name: str) -> str:
    match = re.search(rf"\[{re.escape(name)}\]\r\n  (.*?)\r\n", text)
    assert match, name
    return match.group(1)


def _with_sources(path: Path) -> list[tuple[SnapshotObject, PSObject]]:
    """Each certificate object of `path` with the PSObject it was read from (the file's top-level objects, in order)."""
    objects = load_snapshot([str(path)]).objects
    sources = [top.value for top in clixml.read(path.read_bytes(), str(path)) if isinstance(top.value, PSObject)]
    assert len(objects) == len(sources)
    return list(zip(objects, sources, strict=True))


def test_all_certificate_files() -> None:
    # 12 Get-ExchangeCertificate files, 1 New-ExchangeCertificate, 1 bare X509Certificate2.
    assert len(CERTIFICATE_FILES) == 14


@pytest.mark.parametrize("path", CERTIFICATE_FILES, ids=corpus_id)
def test_decoded_fields_equal_what_x509certificate2_printed(path: Path) -> None:
    for top in clixml.read(path.read_bytes(), str(path)):
        obj = top.value
        info = CertificateInfo.from_der(obj.get("RawData"))
        # X509Certificate2.ToString() is in every record: the independent oracle for our decoding.
        assert info.subject == _tostring_field(obj.to_string, "Subject")
        assert info.issuer == _tostring_field(obj.to_string, "Issuer")
        assert info.thumbprint == _tostring_field(obj.to_string, "Thumbprint")
        assert info.serial_number == _tostring_field(obj.to_string, "Serial Number")
        not_after = _tostring_field(obj.to_string, "Not After")  # local time of the exporting machine
        assert info.not_after.strftime("%m/%d/%Y") in not_after or abs(int(not_after[3:5]) - info.not_after.day) <= 1


@pytest.mark.parametrize("path", CERTIFICATE_FILES, ids=corpus_id)
def test_certificate_objects_carry_exchange_fields_where_exported(path: Path) -> None:
    snapshot = load_snapshot([str(path)])
    assert not [w for w in snapshot.warnings if w.code == "certificate-detail"], snapshot.warnings
    for obj, source in _with_sources(path):
        props = obj.properties
        assert re.fullmatch(r"[0-9A-F]{40}", props["Thumbprint"])
        has_blob = "SerializationData" in source.extended
        assert ("Services" in props) == has_blob
        assert ("Status" in props) == has_blob
        if has_blob:
            assert obj.identity.endswith("\\" + props["Thumbprint"]) and obj.server


def test_exchange_fields_of_a_known_certificate() -> None:
    snapshot = load_snapshot([str(CORPUS / "css-exchange/hc-E19/GetExchangeCertificate.xml")])
    by_thumbprint = {o.get("Thumbprint"): o for o in snapshot.objects}
    default = by_thumbprint["6C7DE09FB39A40144F57EFEBC3DF0148E3A9AB28"]
    assert default.get("Services") == ["IMAP", "POP", "IIS", "SMTP"]  # 27
    assert default.get("Status") == "Valid" and default.get("RootCAType") == "Registry"
    assert default.get("IsSelfSigned") is True and default.get("PublicKeySize") == 2048
    assert default.get("CertificateDomains") == ["Solo-E19A", "Solo-E19A.Solo.com"]
    assert default.server == "Solo-E19A.Solo.com"
    auth = by_thumbprint["C3EDCF181EF4F9B53D01768ECA99564014BCA6E7"]
    assert auth.get("Services") == ["SMTP"] and auth.get("RootCAType") == "None"
    assert auth.get("Subject") == "CN=Microsoft Exchange Server Auth Certificate"


def test_signed_serialization_data_is_read() -> None:
    # Exchange since the November 2023 SU wraps the blob as #sig#<length><stream><signature>.
    path = CORPUS / "css-exchange/monitor-authcert/NewExchangeCertificateDefaultTransport.xml"
    assert b'N="SerializationData">I3NpZy' in path.read_bytes()  # base64 of "#sig#"
    cert = load_snapshot([str(path)]).objects[0]
    assert cert.get("Services") is not None and cert.get("Status") == "Valid"


def test_deserialized_export_lacks_exchange_fields_but_keeps_x509_ones() -> None:
    path = CORPUS / "css-exchange/hc-datacollection/GetExchangeCertificateBroken.xml"
    certs = load_snapshot([str(path)]).objects
    assert all("Services" not in c.properties and "Status" not in c.properties for c in certs)
    assert all(c.get("Thumbprint") and c.get("NotAfter") for c in certs)
    assert all(c.server == "e2k16-1.contoso.lab" for c in certs)  # from the remoting session


def test_dc_only_subject_and_matching_tls_certificate_name() -> None:
    path = CORPUS / "css-exchange/hc-datacollection/GetExchangeCertificateOnAzure.xml"
    certs = load_snapshot([str(path)]).objects
    azure = next(c for c in certs if c.get("Subject").startswith("DC="))
    name = TlsCertificateName.parse(f"<I>{azure.get('Issuer')}<S>{azure.get('Subject')}")
    assert name.matches(azure.get("Issuer"), azure.get("Subject"))
    assert azure.get("CertificateDomains") == []


@pytest.mark.parametrize("path", CERTIFICATE_FILES, ids=corpus_id)
def test_self_signed_agrees_with_exchange(path: Path) -> None:
    import nrbf

    from linter.snapshot.certificates import _unwrap_signed

    for obj, source in _with_sources(path):
        blob = source.extended.get("SerializationData")
        if blob is not None:
            assert obj.get("IsSelfSigned") is nrbf.loads(_unwrap_signed(blob.decode()))["SelfSigned"]
