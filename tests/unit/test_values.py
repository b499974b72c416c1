"""Exchange value types: parsing every documented spelling, and refusing what is not one."""

from __future__ import annotations

import ipaddress

import pytest

from linter.values import ValueSyntaxError
from linter.values.address_space import AddressSpace
from linter.values.binding import Binding
from linter.values.capabilities import DomainCapabilities
from linter.values.domain import SmtpDomain, is_subdomain_of, tls_name_matches
from linter.values.enums import flag_names, is_flag_enum
from linter.values.ip import IPRange
from linter.values.size import ByteSize
from linter.values.smart_host import SmartHost
from linter.values.version import ExchangeVersion
from linter.values.x500 import DistinguishedName, TlsCertificateName


@pytest.mark.parametrize(
    ("text", "form", "low", "high", "canonical"),
    [
        ("10.0.0.1", "single", "10.0.0.1", "10.0.0.1", "10.0.0.1"),
        ("10.0.0.1-10.0.0.9", "range", "10.0.0.1", "10.0.0.9", "10.0.0.1-10.0.0.9"),
        ("40.92.0.0/15", "cidr", "40.92.0.0", "40.93.255.255", "40.92.0.0/15"),
        ("40.92.1.0/15", "cidr", "40.92.0.0", "40.93.255.255", "40.92.0.0/15"),
        ("192.168.1.10(255.255.255.0)", "mask", "192.168.1.0", "192.168.1.255", "192.168.1.0/24"),
        (
            "2a01:111:f400::/48",
            "cidr",
            "2a01:111:f400::",
            "2a01:111:f400:ffff:ffff:ffff:ffff:ffff",
            "2a01:111:f400::/48",
        ),
        (
            "::-ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff",
            "range",
            "::",
            "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff",
            "::-ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff",
        ),
        (" 0.0.0.0-255.255.255.255 ", "range", "0.0.0.0", "255.255.255.255", "0.0.0.0-255.255.255.255"),
    ],
)
def test_ip_range_spellings(text: str, form: str, low: str, high: str, canonical: str) -> None:
    value = IPRange.parse(text)
    assert (value.form, str(value.low), str(value.high), str(value)) == (form, low, high, canonical)


@pytest.mark.parametrize("text", ["", "10.0.0", "10.0.0.9-10.0.0.1", "10.0.0.1-::1", "mail.contoso.com", "1.2.3.4/33"])
def test_ip_range_rejects(text: str) -> None:
    with pytest.raises(ValueSyntaxError):
        IPRange.parse(text)


def test_ip_range_containment() -> None:
    eop = IPRange.parse("40.92.0.0/15")
    assert eop.contains(IPRange.parse("40.93.1.0/24"))
    assert not eop.contains(IPRange.parse("40.91.255.0-40.92.0.5"))
    assert eop.overlaps(IPRange.parse("40.91.255.0-40.92.0.5"))
    assert eop.contains(ipaddress.ip_address("40.92.7.7"))
    assert not eop.contains(IPRange.parse("2a01:111:f400::/48"))
    assert IPRange.parse("10.0.0.0-10.0.1.255").networks() == [ipaddress.ip_network("10.0.0.0/23")]
    assert IPRange.parse("10.0.0.0/8").size == 2**24


@pytest.mark.parametrize(
    ("text", "kind", "address", "cost", "domain", "subdomains"),
    [
        ("smtp:*.contoso.com;1", "SMTP", "*.contoso.com", 1, "contoso.com", True),
        ("SMTP:*;1", "SMTP", "*", 1, "", True),
        (
            "contoso.mail.onmicrosoft.com;5",
            "SMTP",
            "contoso.mail.onmicrosoft.com",
            5,
            "contoso.mail.onmicrosoft.com",
            False,
        ),
        ("SMTP:Contoso.com", "SMTP", "Contoso.com", 1, "contoso.com", False),
        ("contoso.com", "SMTP", "contoso.com", 1, "contoso.com", False),
    ],
)
def test_address_spaces(text: str, kind: str, address: str, cost: int, domain: str, subdomains: bool) -> None:
    space = AddressSpace.parse(text)
    assert (space.address_type, space.address, space.cost) == (kind, address, cost)
    assert (space.domain.name, space.domain.include_subdomains) == (domain, subdomains)


def test_address_space_equivalent_spellings_and_coverage() -> None:
    texts = ("SMTP:contoso.com;1", "smtp:contoso.com;1", "contoso.com;1", "contoso.com")
    spellings = {AddressSpace.parse(t) for t in texts}
    assert len(spellings) == 1
    assert AddressSpace.parse("smtp:*.contoso.com;1").covers("mail.contoso.com")
    assert AddressSpace.parse("smtp:*.contoso.com;1").covers("contoso.com")
    assert not AddressSpace.parse("smtp:contoso.com;1").covers("mail.contoso.com")
    assert AddressSpace.parse("SMTP:*;1").covers("anything.example")
    x400 = AddressSpace.parse("X400:c=US;a= ;p=Contoso;o=Exchange;;1")
    assert x400.address_type == "X400" and not x400.covers("contoso.com")


@pytest.mark.parametrize("text", ["smtp:;1", "smtp:contoso.com;0", "smtp:contoso.com;101", "smtp:bad domain.com;1"])
def test_address_space_rejects(text: str) -> None:
    with pytest.raises(ValueSyntaxError):
        AddressSpace.parse(text)


def test_distinguished_names_compare_like_exchange() -> None:
    issuer = "CN=GeoTrust TLS RSA CA G1, OU=www.digicert.com, O=DigiCert Inc, C=US"
    parsed = DistinguishedName.parse(issuer)
    assert parsed.common_name == "GeoTrust TLS RSA CA G1"
    assert parsed.attribute("o") == "DigiCert Inc"
    assert parsed == "cn=geotrust tls rsa ca g1,OU=www.digicert.com,O=DigiCert Inc,C=US"
    assert parsed != "CN=GeoTrust TLS RSA CA G2, OU=www.digicert.com, O=DigiCert Inc, C=US"
    assert parsed != "OU=www.digicert.com, CN=GeoTrust TLS RSA CA G1, O=DigiCert Inc, C=US"  # order matters
    quoted = DistinguishedName.parse('CN=mail.contoso.com, O="Contoso, Ltd", L=Redmond, S=WA, C=US')
    assert quoted.attribute("O") == "Contoso, Ltd"
    assert quoted == r"CN=mail.contoso.com, O=Contoso\, Ltd, L=Redmond, ST=WA, C=US"
    multi = DistinguishedName.parse("CN=a + OU=b, DC=contoso, DC=com")
    assert multi.rdns[0] == (("CN", "a"), ("OU", "b"))


def test_tls_certificate_name() -> None:
    text = "<I>CN=GeoTrust TLS DV RSA Mixed SHA256 2020 CA-1, O=DigiCert Inc, C=US<S>CN=mail.canadasam.ca"
    name = TlsCertificateName.parse(text)
    assert name.subject.common_name == "mail.canadasam.ca"
    assert name.issuer.attribute("O") == "DigiCert Inc"
    assert str(name) == text
    assert name.matches("CN=GeoTrust TLS DV RSA Mixed SHA256 2020 CA-1,O=DigiCert Inc,C=US", "cn=MAIL.canadasam.ca")
    assert TlsCertificateName.parse("<i>CN=a<s>CN=b") == TlsCertificateName.parse("<I>CN=a<S>CN=b")


@pytest.mark.parametrize(
    "text", ["CN=mail.contoso.com", "<S>CN=a<I>CN=b", "<I><S>CN=b", "<I>CN=a<S>", "<I>CN=a, O=b, c<S>CN=x"]
)
def test_tls_certificate_name_rejects(text: str) -> None:
    with pytest.raises(ValueSyntaxError):
        TlsCertificateName.parse(text)


def test_smart_hosts() -> None:
    assert SmartHost.parse("Contoso-com.mail.protection.outlook.com") == SmartHost(
        "contoso-com.mail.protection.outlook.com", False
    )
    assert str(SmartHost.parse("[10.1.1.5]")) == "[10.1.1.5]"
    assert SmartHost.parse("10.1.1.5").is_ip_address
    assert str(SmartHost.parse("[2001:db8::5]")) == "[2001:db8::5]"
    for bad in ("[mail.contoso.com]", "", "bad host"):
        with pytest.raises(ValueSyntaxError):
            SmartHost.parse(bad)


def test_bindings() -> None:
    assert str(Binding.parse("0.0.0.0:25")) == "0.0.0.0:25" and Binding.parse("0.0.0.0:25").is_any_address
    assert Binding.parse("[::]:25").port == 25 and Binding.parse("[::]:25").address.version == 6
    assert str(Binding.parse("192.168.1.5:587")) == "192.168.1.5:587"
    for bad in ("0.0.0.0", "mail:25", "0.0.0.0:70000"):
        with pytest.raises(ValueSyntaxError):
            Binding.parse(bad)


@pytest.mark.parametrize(
    ("text", "size"),
    [
        ("35 MB (36,700,160 bytes)", 36_700_160),
        ("36 MB (37.748.736 bytes)", 37_748_736),
        ("256 KB (262\u00a0144 bytes)", 262_144),
        ("Unlimited", None),
        ("10 MB", 10 * 1024 * 1024),
        ("1.5 GB", int(1.5 * 1024**3)),
        ("1024", 1024),
    ],
)
def test_byte_sizes(text: str, size: int | None) -> None:
    assert ByteSize.parse(text).bytes == size


def test_byte_size_rejects() -> None:
    with pytest.raises(ValueSyntaxError):
        ByteSize.parse("big")


def test_smtp_domains_and_certificate_names() -> None:
    assert SmtpDomain.parse("*.Contoso.com").covers("mail.contoso.com")
    assert not SmtpDomain.parse("contoso.com").covers("mail.contoso.com")
    assert SmtpDomain.parse("*").is_star
    assert is_subdomain_of("contoso.mail.onmicrosoft.com", "onmicrosoft.com")
    assert not is_subdomain_of("badcontoso.com", "contoso.com")
    assert tls_name_matches("*.contoso.com", "mail.contoso.com")
    assert not tls_name_matches("*.contoso.com", "contoso.com")
    assert not tls_name_matches("*.contoso.com", "a.mail.contoso.com")
    assert not tls_name_matches("mail.*.com", "mail.contoso.com")
    assert not tls_name_matches("*.com", "contoso.com")
    assert tls_name_matches("MAIL.contoso.com.", "mail.CONTOSO.com")


def test_domain_capabilities() -> None:
    hybrid = DomainCapabilities.parse("mail.protection.outlook.com:AcceptCloudServicesMail")
    assert hybrid.domain == "mail.protection.outlook.com" and hybrid.has("acceptcloudservicesmail")
    legacy = DomainCapabilities.parse("mail.protection.outlook.com:AcceptOorgProtocol")
    assert legacy.capabilities == ("AcceptOorgProtocol",)
    numbered = DomainCapabilities.parse("contoso.com:512:<I>CN=Issuer<S>CN=mail.contoso.com")
    assert numbered.has("AcceptCloudServicesMail") and numbered.certificate is not None
    both = DomainCapabilities.parse("NO-TLS:AcceptCloudServicesMail,AcceptOorgProtocol")
    assert both.domain == "no-tls" and len(both.capabilities) == 2
    for bad in ("mail.protection.outlook.com", ":AcceptCloudServicesMail", "x.com:Accept Cloud"):
        with pytest.raises(ValueSyntaxError):
            DomainCapabilities.parse(bad)


def test_flag_enums_are_sets_of_names() -> None:
    assert is_flag_enum("Microsoft.Exchange.Data.Directory.SystemConfiguration.SmtpSendConnectorConfig+AuthMechanisms")
    assert is_flag_enum("AuthMechanisms")
    assert not is_flag_enum("Microsoft.Exchange.Data.TlsAuthLevel")
    assert flag_names("Tls, Integrated, BasicAuth") == ["Tls", "Integrated", "BasicAuth"]
    assert flag_names("None") == [] and flag_names("") == []


@pytest.mark.parametrize(
    ("text", "product", "parts"),
    [
        ("Version 15.2 (Build 986.5)", "Exchange 2019", (15, 2, 986, 5)),
        ("15.1.2507.6", "Exchange 2016", (15, 1, 2507, 6)),
        ("Version 14.3 (Build 123.4)", "Exchange 2010", (14, 3, 123, 4)),
        # Get-ExchangeServer on 2010 lists legacy 2003 servers with their service pack.
        ("Version 6.5 (Build 7638.2: Service Pack 2)", "Exchange 2003", (6, 5, 7638, 2)),
        ("Version 8.3 (Build 83.6)", "Exchange 2007", (8, 3, 83, 6)),
    ],
)
def test_exchange_versions(text: str, product: str, parts: tuple[int, int, int, int]) -> None:
    version = ExchangeVersion.parse(text)
    assert (version.major, version.minor, version.build, version.revision) == parts
    assert version.product == product


@pytest.mark.parametrize("text", ["Version 15.2", "15.2.986", "Version 15.2 (Build 986.5", "2019"])
def test_exchange_version_rejects_other_text(text: str) -> None:
    with pytest.raises(ValueSyntaxError):
        ExchangeVersion.parse(text)
