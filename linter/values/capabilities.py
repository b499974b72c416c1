"""Receive connector `TlsDomainCapabilities`: `domain:Capability[,Capability]`.

The domain is an SMTP domain, `NO-TLS`, or (in the certificate-identified form) a
`<I>issuer<S>subject` name; capabilities are `SmtpReceiveCapabilities` flag names or, in some
error messages and older exports, their number. `mail.protection.outlook.com:AcceptCloudServicesMail`
is what the HCW sets on 2013 and later; `AcceptOorgProtocol` on Exchange 2010.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from linter.values import ValueSyntaxError
from linter.values.x500 import TlsCertificateName

# SmtpReceiveCapabilities values as documented for Set-ReceiveConnector; numbers for those whose
# value is published (AcceptCloudServicesMail = 512 per hybrid-facts.md 1.2).
CAPABILITY_NUMBERS = {512: "AcceptCloudServicesMail"}


@dataclass(frozen=True, slots=True)
class DomainCapabilities:
    domain: str
    capabilities: tuple[str, ...]
    certificate: TlsCertificateName | None = None

    @classmethod
    def parse(cls, text: str) -> DomainCapabilities:
        value = text.strip()
        certificate = None
        if value[:3].upper() == "<I>":
            identity, sep, caps = value.rpartition(":")
            if not sep:
                raise ValueSyntaxError(f"TlsDomainCapabilities without capabilities: {text!r}")
            certificate = TlsCertificateName.parse(identity)
            domain = ""
        else:
            domain, sep, caps = value.partition(":")
            if not sep or not domain.strip():
                raise ValueSyntaxError(f"TlsDomainCapabilities must be domain:capabilities, found {text!r}")
            number, sep2, rest = caps.partition(":")
            if sep2 and number.strip().isdigit():
                certificate = TlsCertificateName.parse(rest)
                caps = number
        names = tuple(_capability_names(caps, text))
        return cls(domain.strip().lower(), names, certificate)

    def has(self, capability: str) -> bool:
        return any(name.lower() == capability.lower() for name in self.capabilities)

    def __str__(self) -> str:
        head = str(self.certificate) if self.certificate and not self.domain else self.domain
        return f"{head}:{', '.join(self.capabilities)}"

    def to_json(self) -> dict[str, object]:
        result: dict[str, object] = {"domain": self.domain, "capabilities": list(self.capabilities)}
        if self.certificate is not None:
            result["certificate"] = self.certificate.to_json()
        return result


def _capability_names(text: str, original: str) -> list[str]:
    names = [part.strip() for part in re.split(r"[,;]", text) if part.strip()]
    if not names:
        raise ValueSyntaxError(f"TlsDomainCapabilities without capabilities: {original!r}")
    result: list[str] = []
    for name in names:
        if name.isdigit():
            number = int(name)
            result.extend(label for bit, label in sorted(CAPABILITY_NUMBERS.items()) if number & bit)
            if number & ~sum(CAPABILITY_NUMBERS):
                result.append(str(number & ~sum(CAPABILITY_NUMBERS)))
        elif re.fullmatch(r"[A-Za-z][A-Za-z0-9]*", name):
            result.append(name)
        else:
            raise ValueSyntaxError(f"not a capability name {name!r} in {original!r}")
    return result
