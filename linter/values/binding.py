"""Receive connector bindings: `0.0.0.0:25`, `[::]:25`, `192.168.1.5:587`."""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass

from linter.values import ValueSyntaxError
from linter.values.ip import Address


@dataclass(frozen=True, slots=True)
class Binding:
    address: Address
    port: int

    @classmethod
    def parse(cls, text: str) -> Binding:
        value = text.strip()
        host, sep, port_text = value.rpartition(":")
        if not sep or not port_text.isdigit():
            raise ValueSyntaxError(f"binding without a port: {text!r}")
        if host.startswith("[") and host.endswith("]"):
            host = host[1:-1]
        try:
            address = ipaddress.ip_address(host)
        except ValueError:
            raise ValueSyntaxError(f"binding address is not an IP address: {text!r}") from None
        port = int(port_text)
        if not 0 < port < 65536:
            raise ValueSyntaxError(f"binding port out of range: {text!r}")
        return cls(address, port)

    @property
    def is_any_address(self) -> bool:
        return self.address.is_unspecified

    def __str__(self) -> str:
        if self.address.version == 6:
            return f"[{self.address}]:{self.port}"
        return f"{self.address}:{self.port}"

    def to_json(self) -> str:
        return str(self)
