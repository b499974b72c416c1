"""Send connector `AddressSpaces` and inbound connector `SenderDomains`: `type:address;cost`.

`SMTP:contoso.com;1`, `contoso.com;1`, `SMTP:contoso.com` and `contoso.com` are the same address
space: the type defaults to SMTP and the cost to 1; the type prefix keeps whatever case it was
created with, so it is compared case-insensitively.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from linter.values import ValueSyntaxError
from linter.values.domain import SmtpDomain

_TYPED = re.compile(r"^(?P<type>[A-Za-z][A-Za-z0-9]*):(?P<rest>.*)$", re.DOTALL)
_COST = re.compile(r"^(?P<address>.*);(?P<cost>\d{1,3})$", re.DOTALL)


@dataclass(frozen=True, slots=True)
class AddressSpace:
    address_type: str
    address: str
    cost: int = 1

    @classmethod
    def parse(cls, text: str) -> AddressSpace:
        value = text.strip()
        typed = _TYPED.match(value)
        address_type, rest = ("SMTP", value) if typed is None else (typed["type"], typed["rest"])
        costed = _COST.match(rest)
        address, cost = (rest, 1) if costed is None else (costed["address"], int(costed["cost"]))
        if not address.strip():
            raise ValueSyntaxError(f"address space without an address: {text!r}")
        if not 1 <= cost <= 100:
            raise ValueSyntaxError(f"address space cost {cost} is outside 1-100: {text!r}")
        space = cls(address_type.upper(), address.strip(), cost)
        if space.is_smtp:
            space.domain  # noqa: B018  -- validates the domain now rather than at first use
        return space

    @property
    def is_smtp(self) -> bool:
        return self.address_type == "SMTP"

    @property
    def domain(self) -> SmtpDomain:
        if not self.is_smtp:
            raise ValueSyntaxError(f"{self.address_type} address space has no SMTP domain")
        return SmtpDomain.parse(self.address)

    def covers(self, domain: str) -> bool:
        return self.is_smtp and self.domain.covers(domain)

    def __str__(self) -> str:
        return f"{self.address_type}:{self.address};{self.cost}"

    def to_json(self) -> dict[str, object]:
        result: dict[str, object] = {"type": self.address_type, "address": self.address, "cost": self.cost}
        if self.is_smtp:
            domain = self.domain
            result["domain"] = domain.name or "*"
            result["include_subdomains"] = domain.include_subdomains
        return result
