"""What rules see of a snapshot: objects by kind, indexes for cross-object lookups, and facts.

Indexes are built on first use and kept for the run, so a rule that joins two kinds
(`find("ExchangeCertificate", "server", object.server)`) costs a dictionary lookup per object, and
a lint grows linearly with the number of objects.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any

from linter.datasets.clouds import DECLARED_CLOUDS, Cloud, cloud_by_id, clouds
from linter.rules.expressions.operators import value_attribute
from linter.rules.expressions.text import fold
from linter.rules.expressions.unknown import TRUNCATED, UNREADABLE, Unknown, unknown
from linter.snapshot.model import EXCHANGE_ONLINE, ON_PREMISES, InvalidValue, Snapshot, SnapshotObject, TruncatedValue
from linter.values.version import ExchangeVersion
from linter.values.x500 import TlsCertificateName


def server_key(name: Any) -> str:
    """Servers are named `EX01`, `ex01.contoso.com` or `EX01.Contoso.com`: compare the host label."""
    return fold(str(name).split(".", 1)[0].strip())


def describe(obj: SnapshotObject) -> str:
    return f"{obj.kind} '{obj.identity}'"


class EvaluationContext:
    def __init__(self, snapshot: Snapshot, as_of: date) -> None:
        self.snapshot = snapshot
        self.as_of = as_of
        self.by_kind: dict[str, list[SnapshotObject]] = defaultdict(list)
        for obj in snapshot.objects:
            self.by_kind[obj.kind].append(obj)
        self._lower: dict[int, dict[str, str]] = {}
        self._indexes: dict[tuple[str, str], dict[Any, list[SnapshotObject]]] = {}
        self._certificates: dict[tuple[Any, Any], list[SnapshotObject]] | None = None
        self._facts: dict[str, Any] | None = None
        self.memo: dict[object, Any] = {}  # values of object-independent subexpressions, per run
        self.eop_ranges_used = False  # whether a rule compared addresses with the EOP dataset

    # -- objects and their properties ------------------------------------------------------------

    def present(self, kind: str, side: str | None = None) -> list[SnapshotObject]:
        """The objects of `kind` (and `side`) in the snapshot, possibly none."""
        found = self.by_kind.get(kind, [])
        return [o for o in found if o.side == side] if side else list(found)

    def objects(self, kind: str, side: str | None = None) -> list[SnapshotObject] | Unknown:
        """As `present`, but Unknown when that kind was not exported at all: no Get-SendConnector
        file is not the same as a Get-SendConnector that returned nothing."""
        found = self.present(kind, side)
        if found or self.was_exported(kind, side):
            return found
        where = f"{side} " if side else ""
        return unknown(f"the snapshot has no {where}Get-{kind} export")

    def was_exported(self, kind: str, side: str | None) -> bool:
        exported = self.snapshot.exported
        return (
            (kind, None) in exported
            or (side is None and any(k == kind for k, _ in exported))
            or ((kind, side) in exported)
        )

    def value_of(self, obj: SnapshotObject, name: str) -> Any:
        """A property by name, case-insensitively; Unknown when the export does not have it."""
        names = self._lower.get(id(obj))
        if names is None:
            names = self._lower[id(obj)] = {key.lower(): key for key in obj.properties}
        key = names.get(name.lower())
        if key is None:
            meta = _META.get(name.lower())
            if meta is not None:
                return meta(obj)
            return unknown(f"{describe(obj)}: {name} is not in the export")
        return self.readable(obj, key, obj.properties[key])

    def readable(self, obj: SnapshotObject, name: str, value: Any) -> Any:
        if isinstance(value, TruncatedValue):
            return unknown(f"{describe(obj)}: {name} was cut short by ConvertTo-Json ({value.text})", TRUNCATED)
        if isinstance(value, InvalidValue):
            return unknown(f"{describe(obj)}: {name} is unreadable: {value.reason}", UNREADABLE)
        if isinstance(value, list):
            for item in value:
                if isinstance(item, TruncatedValue):
                    return unknown(f"{describe(obj)}: {name} has values cut short by ConvertTo-Json", TRUNCATED)
                if isinstance(item, InvalidValue):
                    return unknown(f"{describe(obj)}: {name} has an unreadable value: {item.reason}", UNREADABLE)
        return value

    def find(self, kind: str, name: str, value: Any) -> list[SnapshotObject] | Unknown:
        """Objects of `kind` whose property `name` equals `value` (case-insensitive; servers by host label);
        Unknown when the kind was not exported.

        `name` may reach into the property's values (`AddressSpaces.domain`); `value` may be a list,
        and then an object equal to any of its items is found, once. A self-join written with find
        stays linear: the index is built once per run.
        """
        if not self.was_exported(kind, None):
            return unknown(f"the snapshot has no Get-{kind} export")
        property_name, _, attribute = name.partition(".")
        index_key = (kind, name.lower())
        index = self._indexes.get(index_key)
        if index is None:
            index = defaultdict(list)
            for obj in self.by_kind.get(kind, []):
                found = self.value_of(obj, property_name)
                if attribute and found is not None and not isinstance(found, Unknown):
                    items = found if isinstance(found, list) else [found]
                    found = [value_attribute(item, attribute) for item in items]
                for key in dict.fromkeys(_index_keys(property_name, found)):
                    index[key].append(obj)
            self._indexes[index_key] = index
        matches: dict[int, SnapshotObject] = {}
        for key in _index_keys(property_name, value):
            for obj in index.get(key, []):
                matches.setdefault(id(obj), obj)
        return list(matches.values())

    def certificates(self, name: TlsCertificateName) -> list[SnapshotObject]:
        """Certificates whose issuer and subject are the ones `name` gives (see linter/values/x500.py)."""
        if self._certificates is None:
            self._certificates = defaultdict(list)
            for cert in self.by_kind.get("ExchangeCertificate", []):
                issuer, subject = cert.get("Issuer"), cert.get("Subject")
                if isinstance(issuer, str) and isinstance(subject, str):
                    try:
                        parsed = TlsCertificateName.parse(f"<I>{issuer}<S>{subject}")
                    except ValueError:
                        continue
                    self._certificates[(parsed.issuer, parsed.subject)].append(cert)
        return list(self._certificates.get((name.issuer, name.subject), []))

    # -- facts -------------------------------------------------------------------------------------

    @property
    def facts(self) -> dict[str, Any]:
        if self._facts is None:
            self._facts = _derive_facts(self)
        return self._facts


def _index_keys(name: str, value: Any) -> list[Any]:
    if isinstance(value, Unknown) or value is None:
        return []
    values = value if isinstance(value, list) else [value]
    if name.lower() == "server":
        return [server_key(v) for v in values]
    # Typed values (smart hosts, address spaces, certificate names) are keyed by their text, as the
    # language compares them with text; numbers and booleans by value.
    return [
        v if isinstance(v, (bool, int, float)) else fold(str(v))
        for v in values
        if v is not None and not isinstance(v, (dict, list, Unknown))
    ]


_META = {
    "kind": lambda o: o.kind,
    "side": lambda o: o.side,
    "identity": lambda o: o.identity,
    "server": lambda o: o.server,
}


def _derive_facts(context: EvaluationContext) -> dict[str, Any]:
    hybrid_objects = context.present("HybridConfiguration", ON_PREMISES)
    hybrid = hybrid_objects[0] if hybrid_objects else None
    facts: dict[str, Any] = {
        "hybrid": hybrid,
        "hybrid_configured": hybrid is not None,
        "tenant": None,
        "coexistence_domain": None,
        "hybrid_domains": [],
        "sending_servers": [],
        "receiving_servers": [],
        "edge_servers": [],
        "server_versions": {},
        "exchange_2010_present": False,
        "exchange_2003_present": False,
        "has_exchange_online": any(o.side == EXCHANGE_ONLINE for o in context.snapshot.objects),
        "has_on_premises": any(o.side == ON_PREMISES for o in context.snapshot.objects),
    }
    if hybrid is not None:
        for fact, prop in (
            ("hybrid_domains", "Domains"),
            ("sending_servers", "SendingTransportServers"),
            ("receiving_servers", "ReceivingTransportServers"),
            ("edge_servers", "EdgeTransportServers"),
        ):
            value = hybrid.get(prop)
            facts[fact] = [str(v) for v in value] if isinstance(value, list) else []
        if not facts["sending_servers"] and isinstance(hybrid.get("TransportServers"), list):
            facts["sending_servers"] = facts["receiving_servers"] = [str(v) for v in hybrid.get("TransportServers")]
    facts["hybrid_transport_servers"] = sorted(
        {s for key in ("sending_servers", "receiving_servers", "edge_servers") for s in facts[key]}, key=str.lower
    )
    # The HCW's Exchange Online connectors by name, as Get-OnPremisesOrganization lists them: with
    # ConnectorSource HybridWizard, the marks of the connectors that carry the hybrid expectations.
    facts["hcw_connector_names"] = sorted(
        {
            fold(str(name))
            for org in context.present("OnPremisesOrganization")
            for name in (org.get("InboundConnector"), org.get("OutboundConnector"))
            if isinstance(name, str) and name.strip()
        }
    )
    facts.update(_cloud_facts(context))
    # Every cloud's names, never unknown: to tell whether an object is about Exchange Online at all
    # (a send connector to any cloud's coexistence domain) before judging it by the tenant's cloud.
    facts["coexistence_suffixes"] = [cloud.coexistence_suffix for cloud in clouds()]
    facts["eop_tls_names"] = [cloud.eop_tls_name for cloud in clouds()]
    facts["eop_host_suffixes"] = [host for cloud in clouds() for host in cloud.eop_hosts]
    facts["initial_suffixes"] = [cloud.initial_suffix for cloud in clouds()]
    versions: dict[str, ExchangeVersion] = {}
    manifest = context.snapshot.manifest
    if manifest is not None:
        for server, text in manifest.exchange_versions.items():
            try:
                versions[server_key(server)] = ExchangeVersion.parse(text)
            except ValueError:
                continue
    for exchange_server in context.present("ExchangeServer"):
        version = exchange_server.get("AdminDisplayVersion")
        if isinstance(version, ExchangeVersion) and exchange_server.server:
            versions[server_key(exchange_server.server)] = version
    facts["server_versions"] = versions
    facts["exchange_2010_present"] = any(v.major == 14 for v in versions.values())
    facts["exchange_2003_present"] = any(v.major == 6 for v in versions.values())
    return facts


def _cloud_names(context: EvaluationContext) -> list[str]:
    """The names in the snapshot that tell which Microsoft 365 cloud the hybrid is joined to."""
    names: list[str] = []
    for domain in context.present("AcceptedDomain") + context.present("RemoteDomain"):
        names.append(str(domain.get("DomainName") or ""))
    for connector in context.present("SendConnector"):
        names += [str(getattr(s, "domain", "") or "") for s in _listed(connector.get("AddressSpaces"))]
        names += [str(getattr(h, "host", h) or "") for h in _listed(connector.get("SmartHosts"))]
        names.append(str(connector.get("TlsDomain") or ""))
    for connector in context.present("ReceiveConnector"):
        names += [str(getattr(c, "domain", "") or "") for c in _listed(connector.get("TlsDomainCapabilities"))]
    return [n for n in names if n]


def _listed(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _cloud_facts(context: EvaluationContext) -> dict[str, Any]:
    """The cloud (worldwide, GCC High or DoD, 21Vianet) and its names, from the names the snapshot
    holds and what snapshot.yaml declares; each is Unknown when neither tells, when the names are of
    more than one cloud, or when the declaration contradicts them."""
    names = _cloud_names(context)
    named = [cloud for cloud in clouds() if any(cloud.names_it(n) for n in names)]
    manifest = context.snapshot.manifest
    declared = DECLARED_CLOUDS.get(manifest.cloud or "") if manifest is not None else None
    if declared is not None and named and [c.id for c in named] != [declared[0]]:
        shown = ", ".join(c.name for c in named)
        said = manifest.cloud if manifest is not None else ""
        return _unknown_cloud(f"snapshot.yaml says cloud: {said}, but the exports name {shown}")
    if declared is not None and not named:
        named = [cloud_by_id(declared[0])]
    if len(named) != 1:
        return _unknown_cloud(
            "the snapshot names more than one Microsoft 365 cloud (" + ", ".join(c.name for c in named) + ")"
            if named
            else "the Microsoft 365 cloud is not in the snapshot (no coexistence domain, EOP TLS name or EOP host)"
        )
    cloud = named[0]
    tenant = _tenant(context, cloud)
    no_tenant = unknown(
        "the tenant name is not in the snapshot (no coexistence domain in the accepted domains or send connectors)"
    )
    return {
        "cloud": cloud.id,
        "cloud_name": cloud.name,
        "eop_instance": declared[1] if declared is not None else _eop_instance(cloud, names),
        "eop_tls_name": cloud.eop_tls_name,
        "coexistence_suffix": cloud.coexistence_suffix,
        "eop_hosts": list(cloud.eop_hosts),
        "tenant": tenant if tenant else no_tenant,
        "initial_domain": f"{tenant}.{cloud.initial_suffix}" if tenant else no_tenant,
        "coexistence_domain": f"{tenant}.{cloud.coexistence_suffix}"
        if tenant
        else unknown(
            "the coexistence domain is not in the snapshot (no <tenant>."
            + cloud.coexistence_suffix
            + " accepted domain or send connector)"
        ),
    }


def _eop_instance(cloud: Cloud, names: list[str]) -> str | Unknown:
    """The endpoints instance whose EOP ranges apply. GCC High and DoD share every name but DoD's
    apps.mil hosts; without one, only snapshot.yaml can tell them apart."""
    if len(cloud.eop_instances) == 1:
        return cloud.eop_instances[0]
    if any(fold(n).rstrip(".").endswith("protection.apps.mil") for n in names):
        return "USGovDoD"
    return unknown(
        f"the {cloud.name} cloud has two sets of EOP address ranges (GCC High and DoD) that the exports "
        "cannot tell apart: say 'cloud: gcc-high' or 'cloud: dod' in snapshot.yaml"
    )


# The facts that depend on the tenant's cloud: all unknown together when the cloud is.
CLOUD_FACTS = (
    "cloud",
    "cloud_name",
    "eop_instance",
    "eop_tls_name",
    "coexistence_suffix",
    "eop_hosts",
    "tenant",
    "coexistence_domain",
    "initial_domain",
)


def _unknown_cloud(reason: str) -> dict[str, Any]:
    return dict.fromkeys(CLOUD_FACTS, unknown(reason))


def _tenant(context: EvaluationContext, cloud: Cloud) -> str | None:
    """The tenant: the Exchange Online coexistence domain's, else the first <tenant>.<coexistence
    suffix> among the accepted domains and send connector address spaces."""
    for domain in context.present("AcceptedDomain", EXCHANGE_ONLINE):
        tenant = cloud.tenant_of(str(domain.get("DomainName") or ""))
        if domain.get("IsCoexistenceDomain") is True and tenant:
            return tenant
    candidates = [str(d.get("DomainName") or "") for d in context.present("AcceptedDomain")]
    for connector in context.present("SendConnector"):
        candidates += [str(getattr(s, "address", "") or "") for s in _listed(connector.get("AddressSpaces"))]
    return next((t for c in sorted(candidates) if (t := cloud.tenant_of(c))), None)
