"""X.509 certificates from the DER bytes (`RawData`) that every certificate export carries.

Exchange's own fields (Services, Status, ...) are absent from most exports (docs/snapshot.md, "Certificates"); what a
rule needs about the certificate itself is derived here with the `cryptography` library, in the
spelling Exchange prints, so that it can be matched against `<I>issuer<S>subject`.
"""

from __future__ import annotations

import hashlib
import warnings
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import TYPE_CHECKING

from linter.values import ValueSyntaxError

if TYPE_CHECKING:
    from cryptography import x509

# Attribute keywords as .NET's X500DistinguishedName.Name writes them.
_DOTNET_KEYWORDS = {
    "2.5.4.3": "CN",
    "2.5.4.11": "OU",
    "2.5.4.10": "O",
    "2.5.4.7": "L",
    "2.5.4.8": "S",
    "2.5.4.6": "C",
    "2.5.4.9": "STREET",
    "2.5.4.12": "T",
    "2.5.4.42": "G",
    "2.5.4.4": "SN",
    "2.5.4.43": "I",
    "2.5.4.5": "SERIALNUMBER",
    "1.2.840.113549.1.9.1": "E",
    "0.9.2342.19200300.100.1.25": "DC",
}
_NEEDS_QUOTES = set(',+="\n<>#;')


def _quote(value: str) -> str:
    if value and (value[0] == " " or value[-1] == " " or any(ch in _NEEDS_QUOTES for ch in value)):
        return '"' + value.replace('"', '""') + '"'
    return value


def dotnet_name(name: x509.Name) -> str:
    """A name the way `Get-ExchangeCertificate` prints Subject and Issuer (most specific RDN first)."""
    parts = []
    for rdn in reversed(name.rdns):
        atoms = []
        for attribute in rdn:
            oid = attribute.oid.dotted_string
            keyword = _DOTNET_KEYWORDS.get(oid, f"OID.{oid}")
            value = attribute.value if isinstance(attribute.value, str) else attribute.value.hex()
            atoms.append(f"{keyword}={_quote(value)}")
        parts.append(" + ".join(atoms))
    return ", ".join(parts)


@dataclass(frozen=True, slots=True)
class CertificateInfo:
    thumbprint: str
    subject: str
    issuer: str
    serial_number: str
    not_before: datetime
    not_after: datetime
    dns_names: tuple[str, ...]
    is_self_signed: bool
    public_key_size: int | None
    signature_algorithm: str | None

    @classmethod
    def from_der(cls, der: bytes) -> CertificateInfo:
        from cryptography import x509
        from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm

        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # odd but parseable names (a 7-letter C=) still decode
                cert = x509.load_der_x509_certificate(der)
                subject, issuer = cert.subject, cert.issuer
        except ValueError as exc:
            raise ValueSyntaxError(f"RawData is not a DER X.509 certificate: {exc}") from None
        self_signed = False
        if subject == issuer:
            try:
                cert.verify_directly_issued_by(cert)
                self_signed = True
            except InvalidSignature:
                self_signed = False
            except (ValueError, TypeError, UnsupportedAlgorithm):
                # SHA-1 signatures (Exchange's own self-signed certificates) cannot be verified
                # here; the key identifiers then decide, as Windows does for chain building.
                self_signed = _key_ids_agree(cert)
        key_size = getattr(cert.public_key(), "key_size", None)
        try:
            algorithm = cert.signature_algorithm_oid._name
        except Exception:
            algorithm = None
        return cls(
            thumbprint=hashlib.sha1(der).hexdigest().upper(),
            subject=dotnet_name(subject),
            issuer=dotnet_name(issuer),
            serial_number=format(cert.serial_number, "X").rjust(2, "0"),
            not_before=cert.not_valid_before_utc.astimezone(timezone.utc),
            not_after=cert.not_valid_after_utc.astimezone(timezone.utc),
            dns_names=_domains(cert),
            is_self_signed=self_signed,
            public_key_size=key_size if isinstance(key_size, int) else None,
            signature_algorithm=algorithm,
        )


def _key_ids_agree(cert: x509.Certificate) -> bool:
    from cryptography import x509

    try:
        authority = cert.extensions.get_extension_for_class(x509.AuthorityKeyIdentifier).value
        subject = cert.extensions.get_extension_for_class(x509.SubjectKeyIdentifier).value
    except (x509.ExtensionNotFound, ValueError):
        return True  # same subject and issuer, nothing says otherwise
    return authority.key_identifier is None or authority.key_identifier == subject.digest


def _domains(cert: x509.Certificate) -> tuple[str, ...]:
    """`CertificateDomains`: the SAN DNS names, with a host-name subject CN first when the SAN lacks it."""
    from cryptography import x509
    from cryptography.x509.oid import NameOID

    names: list[str] = []
    try:
        san = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
        names = [str(n) for n in san.get_values_for_type(x509.DNSName)]
    except (x509.ExtensionNotFound, ValueError):
        names = []
    for attribute in cert.subject.get_attributes_for_oid(NameOID.COMMON_NAME):
        common_name = attribute.value if isinstance(attribute.value, str) else ""
        if "." in common_name and " " not in common_name and common_name.lower() not in (n.lower() for n in names):
            names.insert(0, common_name)
    return tuple(names)
