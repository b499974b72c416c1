"""IP ranges as Exchange accepts them in `RemoteIPRanges`, `ExternalIPAddresses` and EXO `SenderIPAddresses`.

Four spellings: a single address (`10.0.0.1`), a range (`10.0.0.1-10.0.0.9`), CIDR
(`40.92.0.0/15`) and an address with a subnet mask (`192.168.1.10(255.255.255.0)`), IPv4 or IPv6.
CLIXML writes an `IPRange` object whose `Expression`/ToString carries the same text.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from typing import Literal

from linter.values import ValueSyntaxError

Address = ipaddress.IPv4Address | ipaddress.IPv6Address
RangeForm = Literal["single", "cidr", "range", "mask"]


@dataclass(frozen=True, slots=True)
class IPRange:
    low: Address
    high: Address
    form: RangeForm
    prefix: int | None = None

    @classmethod
    def parse(cls, text: str) -> IPRange:
        value = text.strip()
        if not value:
            raise ValueSyntaxError("empty IP range")
        try:
            if "(" in value and value.endswith(")"):
                address, mask = value[:-1].split("(", 1)
                network = ipaddress.ip_network(f"{address.strip()}/{mask.strip()}", strict=False)
                return cls(network.network_address, network.broadcast_address, "mask", network.prefixlen)
            if "/" in value:
                network = ipaddress.ip_network(value, strict=False)
                return cls(network.network_address, network.broadcast_address, "cidr", network.prefixlen)
            if "-" in value:
                first, last = (part.strip() for part in value.split("-", 1))
                low, high = ipaddress.ip_address(first), ipaddress.ip_address(last)
                if low.version != high.version:
                    raise ValueSyntaxError(f"IP range mixes IPv4 and IPv6: {text!r}")
                if low > high:  # type: ignore[operator]
                    raise ValueSyntaxError(f"IP range ends before it starts: {text!r}")
                return cls(low, high, "range")
            single = ipaddress.ip_address(value)
            return cls(single, single, "single")
        except ValueError as exc:
            if isinstance(exc, ValueSyntaxError):
                raise
            raise ValueSyntaxError(f"not an IP range: {text!r}") from None

    @property
    def version(self) -> int:
        return self.low.version

    @property
    def size(self) -> int:
        return int(self.high) - int(self.low) + 1

    def contains(self, other: IPRange | Address) -> bool:
        """Whether every address of `other` lies inside this range."""
        low, high = (other, other) if not isinstance(other, IPRange) else (other.low, other.high)
        if low.version != self.version:
            return False
        return int(self.low) <= int(low) and int(high) <= int(self.high)

    def overlaps(self, other: IPRange) -> bool:
        if other.version != self.version:
            return False
        return int(self.low) <= int(other.high) and int(other.low) <= int(self.high)

    def networks(self) -> list[ipaddress.IPv4Network | ipaddress.IPv6Network]:
        """The range as the fewest CIDR blocks."""
        return list(ipaddress.summarize_address_range(self.low, self.high))

    def __str__(self) -> str:
        if self.form == "single":
            return str(self.low)
        if self.form in ("cidr", "mask") and self.prefix is not None:
            return f"{self.low}/{self.prefix}"
        return f"{self.low}-{self.high}"

    def to_json(self) -> str:
        return str(self)
