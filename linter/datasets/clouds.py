"""The Microsoft 365 clouds a hybrid can be joined to, and the names that differ between them:
the coexistence domain's suffix, the name Exchange Online Protection presents in TLS, and the host
names of its MX and smart-host endpoints (clouds.json, with its sources)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources


@dataclass(frozen=True)
class Cloud:
    id: str
    name: str
    coexistence_suffix: str  # <tenant>.<this> is the coexistence (routing) domain
    initial_suffix: str  # <tenant>.<this> is the tenant's initial domain
    eop_tls_name: str  # what TlsDomainCapabilities and TlsDomain name for Exchange Online Protection
    eop_hosts: tuple[str, ...]  # EOP host names end with one of these (MX, smart hosts)
    # The Microsoft 365 endpoints web service instances of this cloud, each with its own EOP ranges:
    # GCC High and DoD share every name above but not their address ranges.
    eop_instances: tuple[str, ...]

    def names_it(self, name: str) -> bool:
        """Whether `name` (a domain, a host, a TLS name) belongs to this cloud's namespaces."""
        name = name.strip().rstrip(".").lower().lstrip("*.")
        suffixes = (self.coexistence_suffix, self.eop_tls_name, *self.eop_hosts)
        return any(name == s or name.endswith("." + s) for s in suffixes)

    def tenant_of(self, name: str) -> str | None:
        """The tenant a coexistence domain names (contoso for contoso.mail.onmicrosoft.com), else None."""
        name = name.strip().rstrip(".").lower().lstrip("*.")
        suffix = "." + self.coexistence_suffix
        label = name[: -len(suffix)] if name.endswith(suffix) else ""
        return label if label and "." not in label else None


@cache
def clouds() -> tuple[Cloud, ...]:
    data = json.loads(resources.files("linter.datasets").joinpath("clouds.json").read_text("utf-8"))
    return tuple(
        Cloud(
            c["id"],
            c["name"],
            c["coexistence_suffix"],
            c["initial_suffix"],
            c["eop_tls_name"],
            tuple(c["eop_hosts"]),
            tuple(c["eop_instances"]),
        )
        for c in data["clouds"]
    )


# What snapshot.yaml's `cloud:` may say, and the cloud and endpoints instance each means.
DECLARED_CLOUDS: dict[str, tuple[str, str]] = {
    "worldwide": ("worldwide", "Worldwide"),
    "gcc": ("worldwide", "Worldwide"),
    "gcc-high": ("gcc-high-dod", "USGovGCCHigh"),
    "dod": ("gcc-high-dod", "USGovDoD"),
    "21vianet": ("21vianet", "China"),
}


def cloud_by_id(cloud_id: str) -> Cloud:
    return next(c for c in clouds() if c.id == cloud_id)
