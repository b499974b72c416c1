"""Who stamps a Received field: Exchange Online's host names and first build, and the third-party
mail gateways recognisable by host name or by the headers they add (mail_hosts.json, with its
sources)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources


@dataclass(frozen=True)
class Gateway:
    product: str
    host_suffixes: tuple[str, ...]
    host_names: tuple[str, ...]  # whole names some products stamp as their own (`by IMSVA`)
    header_prefixes: tuple[str, ...]

    def names_host(self, host: str) -> bool:
        host = host.lower().rstrip(".")
        return host in (n.lower() for n in self.host_names) or any(
            host == s or host.endswith("." + s) for s in self.host_suffixes
        )

    def marks_header(self, name: str) -> bool:
        return any(name.lower().startswith(p.lower()) for p in self.header_prefixes)


@dataclass(frozen=True)
class MailHosts:
    exchange_online_suffixes: tuple[str, ...]
    exchange_online_first_build: tuple[int, int]
    gateways: tuple[Gateway, ...]
    source: str

    def is_exchange_online_host(self, host: str) -> bool:
        host = host.lower().rstrip(".")
        return any(host == s or host.endswith("." + s) for s in self.exchange_online_suffixes)


@cache
def mail_hosts() -> MailHosts:
    data = json.loads(resources.files("linter.datasets").joinpath("mail_hosts.json").read_text(encoding="utf-8"))
    online = data["exchange_online"]
    return MailHosts(
        exchange_online_suffixes=tuple(online["host_suffixes"]),
        exchange_online_first_build=(int(online["first_build"][0]), int(online["first_build"][1])),
        gateways=tuple(
            Gateway(
                product=g["product"],
                host_suffixes=tuple(g.get("host_suffixes", [])),
                host_names=tuple(g.get("host_names", [])),
                header_prefixes=tuple(g.get("header_prefixes", [])),
            )
            for g in data["gateways"]
        ),
        source=data["source"],
    )
