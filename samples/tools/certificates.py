"""Certificates for the samples: a fictitious public CA chain and the Exchange servers' certificates.

Keys are random, so the DER files are made once and kept in `samples/tools/certificates/`; the
samples are then rebuilt byte for byte from them. Delete a file to make it anew.
"""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import Encoding
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

FOLDER = Path(__file__).parent / "certificates"

ROOT = "Fabrikam Trust Root CA"
CA_2024 = "Fabrikam TLS RSA CA 2024"
CA_2025 = "Fabrikam TLS RSA CA 2025"


def _name(common_name: str, organisation: str | None = None) -> x509.Name:
    """CA names carry O and C; server names only CN, as domain-validated certificates do."""
    parts = []
    if organisation:
        parts += [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "US"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation),
        ]
    parts.append(x509.NameAttribute(NameOID.COMMON_NAME, common_name))
    return x509.Name(parts)


def _issue(
    subject: x509.Name,
    issuer: x509.Name,
    issuer_key: rsa.RSAPrivateKey | None,
    dns: list[str],
    not_before: datetime,
    not_after: datetime,
    ca: bool,
) -> tuple[x509.Certificate, rsa.RSAPrivateKey]:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(not_before)
        .not_valid_after(not_after)
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
    )
    if dns:
        builder = builder.add_extension(x509.SubjectAlternativeName([x509.DNSName(d) for d in dns]), critical=False)
        builder = builder.add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
    signer = issuer_key or key
    return builder.sign(signer, hashes.SHA256()), key


def _utc(year: int, month: int, day: int) -> datetime:
    return datetime(year, month, day, tzinfo=timezone.utc)


def make_all() -> None:
    """Create the DER files that are missing."""
    FOLDER.mkdir(exist_ok=True)
    if all((FOLDER / f"{name}.der").exists() for name in NAMES):
        return
    fabrikam = "Fabrikam Trust Services"
    root, root_key = _issue(
        _name(ROOT, fabrikam), _name(ROOT, fabrikam), None, [], _utc(2020, 1, 1), _utc(2040, 1, 1), True
    )
    ca24, ca24_key = _issue(
        _name(CA_2024, fabrikam), root.subject, root_key, [], _utc(2024, 1, 1), _utc(2034, 1, 1), True
    )
    ca25, ca25_key = _issue(
        _name(CA_2025, fabrikam), root.subject, root_key, [], _utc(2025, 1, 1), _utc(2035, 1, 1), True
    )
    hybrid_names = ["mail.contoso.com", "autodiscover.contoso.com"]
    made = {
        "hybrid-2026": _issue(
            _name("mail.contoso.com"), ca24.subject, ca24_key, hybrid_names, _utc(2026, 3, 2), _utc(2027, 3, 31), False
        )[0],
        # The renewal: same subject, but the CA moved to its 2025 intermediate.
        "hybrid-2026-renewed": _issue(
            _name("mail.contoso.com"),
            ca25.subject,
            ca25_key,
            hybrid_names,
            _utc(2026, 10, 1),
            _utc(2027, 10, 31),
            False,
        )[0],
        "ex01-selfsigned": _issue(
            _name("EX01"), _name("EX01"), None, ["EX01", "EX01.contoso.com"], _utc(2024, 5, 6), _utc(2029, 5, 6), False
        )[0],
        "auth": _issue(
            _name("Microsoft Exchange Server Auth Certificate"),
            _name("Microsoft Exchange Server Auth Certificate"),
            None,
            [],
            _utc(2024, 5, 6),
            _utc(2029, 4, 10),
            False,
        )[0],
        "hybrid-2010": _issue(
            _name("mail.fabrikam.com"),
            ca24.subject,
            ca24_key,
            ["mail.fabrikam.com", "autodiscover.fabrikam.com"],
            _utc(2026, 2, 1),
            _utc(2027, 2, 28),
            False,
        )[0],
        "ex2010-selfsigned": _issue(
            _name("EX2010"),
            _name("EX2010"),
            None,
            ["EX2010", "EX2010.fabrikam.com"],
            _utc(2021, 6, 1),
            _utc(2031, 6, 1),
            False,
        )[0],
    }
    for name, cert in made.items():
        (FOLDER / f"{name}.der").write_bytes(cert.public_bytes(Encoding.DER))


NAMES = ("hybrid-2026", "hybrid-2026-renewed", "ex01-selfsigned", "auth", "hybrid-2010", "ex2010-selfsigned")
# Made after the chain's keys were discarded: the issuer's name is the 2024 CA's, but the signature
# is a throwaway key's. No check in hybridlint verifies signatures; the tests need the names and dates.
EXTRA = ("hybrid-2025-expired",)


def make_extra() -> None:
    """The previous hybrid certificate, left installed after a renewal: the same issuer and subject
    as hybrid-2026, expired on 2026-03-31 (hybrid-facts.md 10.2)."""
    path = FOLDER / "hybrid-2025-expired.der"
    if path.exists():
        return
    issuer = _name(CA_2024, "Fabrikam Trust Services")
    cert, _ = _issue(
        _name("mail.contoso.com"),
        issuer,
        rsa.generate_private_key(public_exponent=65537, key_size=2048),
        ["mail.contoso.com", "autodiscover.contoso.com"],
        _utc(2025, 3, 1),
        _utc(2026, 3, 31),
        False,
    )
    path.write_bytes(cert.public_bytes(Encoding.DER))


def der(name: str) -> bytes:
    return (FOLDER / f"{name}.der").read_bytes()
