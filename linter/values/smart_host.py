"""Smart hosts: a host name, or an IP address written in brackets (`[10.0.0.5]`)."""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass

from linter.values import ValueSyntaxError
from linter.values.domain import _check_labels


@dataclass(frozen=True, slots=True)
class SmartHost:
    host: str
    is_ip_address: bool

    @classmethod
    def parse(cls, text: str) -> SmartHost:
        value = text.strip()
        bare = value[1:-1] if value.startswith("[") and value.endswith("]") else value
        try:
            return cls(str(ipaddress.ip_address(bare)), True)
        except ValueError:
            pass
        if value != bare:
            raise ValueSyntaxError(f"bracketed smart host is not an IP address: {text!r}")
        name = bare.rstrip(".").lower()
        if not name:
            raise ValueSyntaxError("empty smart host")
        _check_labels(name, text)
        return cls(name, False)

    def __str__(self) -> str:
        return f"[{self.host}]" if self.is_ip_address else self.host

    def to_json(self) -> str:
        return str(self)
