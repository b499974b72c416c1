"""ExchangeCertificate records: fields from the DER bytes, and Exchange's own from the blob.

`Get-ExchangeCertificate` exports carry the certificate as `RawData`. Exchange's fields
(Services, Status, RootCAType, Identity, ...) exist in Export-Clixml output only inside the
`SerializationData` .NET BinaryFormatter blob (docs/snapshot.md, "Certificates"). That blob is *parsed* (MS-NRBF
records read as data by the `nrbf` library), never deserialized into objects and never run.
Exports that carry those fields as plain properties (Select-Object, JSON) use them directly.
"""

from __future__ import annotations

import contextlib
from dataclasses import asdict
from datetime import datetime
from typing import Any

from linter.snapshot.psobject import SerializationData
from linter.support.cache import read_cached, write_cached
from linter.values import ValueSyntaxError
from linter.values.certificate import CertificateInfo
from linter.values.enums import enum_name, flag_names_of

MAX_BLOB_BYTES = 4 * 1024 * 1024

# RootCAType in the order Get-ExchangeCertificate documents it; the corpus agrees: Exchange
# self-signed certificates carry 3 (Registry), the Auth certificate 0 (None).
ROOT_CA_TYPE = ("None", "ThirdParty", "Enterprise", "Registry", "GroupPolicy", "Unknown")


def certificate_properties(
    raw_data: bytes | None, blob: SerializationData | None, plain: dict[str, Any]
) -> tuple[dict[str, Any], list[str]]:
    """(properties, problems). `plain` holds the record's already normalised properties."""
    problems: list[str] = []
    properties: dict[str, Any] = {k: v for k, v in plain.items() if k != "RawData"}
    if raw_data:
        try:
            info = decoded_certificate(raw_data)
        except ValueSyntaxError as exc:
            problems.append(str(exc))
        else:
            properties.update(
                Thumbprint=info.thumbprint,
                Subject=info.subject,
                Issuer=info.issuer,
                SerialNumber=info.serial_number,
                NotBefore=info.not_before,
                NotAfter=info.not_after,
                CertificateDomains=list(info.dns_names),
                IsSelfSigned=info.is_self_signed,
                PublicKeySize=info.public_key_size,
                SignatureAlgorithm=info.signature_algorithm,
            )
    elif "Thumbprint" not in properties:
        problems.append("the export holds neither RawData nor Thumbprint: certificate details unavailable")
    if blob is not None:
        fields, problem = _exchange_fields(blob)
        if problem:
            problems.append(problem)
        for name, value in fields.items():
            properties.setdefault(name, value)
    # Fields the export does not carry stay absent: "not exported" is not "$null".
    return properties, problems


def decoded_certificate(der: bytes) -> CertificateInfo:
    """The certificate's fields, decoded once per certificate and machine: the fields are kept in
    the user's cache by the DER's hash, so a later run of the same exports skips the X.509 parser
    (and the import of `cryptography`, a third of a small lint's start-up)."""
    cached = read_cached("certificates", der)
    if isinstance(cached, dict):
        with contextlib.suppress(ValueError, KeyError, TypeError):
            return _from_cache(cached)
    info = CertificateInfo.from_der(der)
    write_cached("certificates", der, _to_cache(info))
    return info


def _to_cache(info: CertificateInfo) -> dict[str, Any]:
    data = asdict(info)
    data.update(not_before=info.not_before.isoformat(), not_after=info.not_after.isoformat())
    return data


def _from_cache(data: dict[str, Any]) -> CertificateInfo:
    return CertificateInfo(
        **{
            **data,
            "not_before": datetime.fromisoformat(data["not_before"]),
            "not_after": datetime.fromisoformat(data["not_after"]),
            "dns_names": tuple(data["dns_names"]),
        }
    )


def _unwrap_signed(data: bytes) -> bytes:
    """The NRBF stream inside Exchange's signed envelope, or `data` as it is.

    Exchange builds since the November 2023 security update sign serialized data: `#sig#`, a
    little-endian 32-bit length, the BinaryFormatter stream of that length, then the signature.
    """
    if data.startswith(b"#sig#") and len(data) >= 9:
        length = int.from_bytes(data[5:9], "little")
        return data[9 : 9 + length]
    return data


def _exchange_fields(blob: SerializationData) -> tuple[dict[str, Any], str | None]:
    if len(blob) > MAX_BLOB_BYTES:
        return {}, f"SerializationData larger than {MAX_BLOB_BYTES} bytes was not parsed"
    import nrbf  # only certificates need it

    try:
        record = nrbf.loads(_unwrap_signed(blob.decode()))
    except Exception as exc:
        return {}, f"SerializationData is not a readable BinaryFormatter stream ({exc.__class__.__name__})"
    if not isinstance(record, dict):
        return {}, "SerializationData holds no ExchangeCertificate record"
    fields: dict[str, Any] = {}
    services = record.get("Services")
    if isinstance(services, int):
        fields["Services"] = flag_names_of("AllowedServices", services)
    status = record.get("Status")
    if isinstance(status, int):
        fields["Status"] = enum_name("CertificateStatus", status)
    root = record.get("RootCAType")
    if isinstance(root, int) and 0 <= root < len(ROOT_CA_TYPE):
        fields["RootCAType"] = ROOT_CA_TYPE[root]
    if isinstance(record.get("PrivateKeyExportable"), bool):
        fields["PrivateKeyExportable"] = record["PrivateKeyExportable"]
    identity = record.get("Identity")
    if isinstance(identity, str):
        fields["Identity"] = identity
    return fields, None
