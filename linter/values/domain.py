"""SMTP domains with wildcards, and host names matched against certificate names."""

from __future__ import annotations

import re
from dataclasses import dataclass

from linter.values import ValueSyntaxError

_LABEL = re.compile(r"^(?!-)[A-Za-z0-9_-]{1,63}(?<!-)$")


def _check_labels(name: str, text: str) -> None:
    if len(name) > 253 or not all(_LABEL.match(label) for label in name.split(".")):
        raise ValueSyntaxError(f"not a domain name: {text!r}")


@dataclass(frozen=True, slots=True)
class SmtpDomain:
    """`contoso.com`, `*.contoso.com` (the domain and its subdomains) or `*` (every domain).

    The name is kept lower-case: Exchange compares domains case-insensitively.
    """

    name: str
    include_subdomains: bool = False

    @classmethod
    def parse(cls, text: str) -> SmtpDomain:
        value = text.strip().rstrip(".").lower()
        if value == "*":
            return cls("", True)
        wildcard = value.startswith("*.")
        name = value[2:] if wildcard else value
        if not name:
            raise ValueSyntaxError(f"not a domain: {text!r}")
        _check_labels(name, text)
        return cls(name, wildcard)

    @property
    def is_star(self) -> bool:
        return self.name == "" and self.include_subdomains

    def covers(self, domain: str) -> bool:
        """Whether mail for `domain` falls under this (wildcard) domain."""
        candidate = domain.strip().rstrip(".").lower()
        if self.is_star:
            return True
        if candidate == self.name:
            return True
        return self.include_subdomains and candidate.endswith("." + self.name)

    def __str__(self) -> str:
        if self.is_star:
            return "*"
        return f"*.{self.name}" if self.include_subdomains else self.name

    def to_json(self) -> str:
        return str(self)


def is_subdomain_of(domain: str, parent: str) -> bool:
    """`a.b.contoso.com` is under `contoso.com`; a domain is under itself."""
    child = domain.strip().rstrip(".").lower()
    base = parent.strip().rstrip(".").lower()
    return child == base or child.endswith("." + base)


def tls_name_matches(pattern: str, host: str) -> bool:
    """Whether certificate name `pattern` covers `host` as TLS clients check it (RFC 6125 6.4.3).

    A wildcard stands only as the whole left-most label and matches exactly one label:
    `*.contoso.com` covers `mail.contoso.com`, not `contoso.com` nor `a.mail.contoso.com`.
    """
    pattern_labels = pattern.strip().rstrip(".").lower().split(".")
    host_labels = host.strip().rstrip(".").lower().split(".")
    if len(pattern_labels) != len(host_labels) or not all(host_labels):
        return False
    first, *rest = pattern_labels
    if "*" in "".join(rest):
        return False
    if first == "*":
        return len(rest) >= 2 and rest == host_labels[1:]
    return pattern_labels == host_labels
