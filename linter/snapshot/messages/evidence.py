"""One header set -> what it says about hybrid mail flow: the hops, who stamped each, the
organisation headers that count, and the verdict (cross-premises or not, internal or anonymous,
the direction, a non-Microsoft hop in the hybrid path).

Facts: the evidence corpus's NOTES.md sections 1 and 2, hybrid-facts.md section 5.

- A hop is the server that stamped a Received field. Exchange stamps `with Microsoft SMTP Server`,
  `with mapi` or `with HTTPS` and its build in `id`: builds 15.20 and later, and Exchange Online's
  host names, are Exchange Online; 14.x to 15.2 are on-premises Exchange. Anything else is not
  Microsoft.
- Organisation headers (`X-MS-Exchange-Organization-*`) are trusted only when an Exchange hop that
  could have stamped them is in the chain: anyone can write them into a message, and Exchange's
  header firewall removes them only where Exchange is in the path.
- Cross-premises: on-premises Exchange hands the message to Exchange Online or takes it from it,
  possibly through non-Microsoft hops, which are then in the hybrid path.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from linter.datasets.mail_hosts import MailHosts, mail_hosts
from linter.snapshot.messages.reader import HeaderSet
from linter.values.received import ReceivedHop, parse_received, unfold

Role = Literal["exchange-online", "exchange-onprem", "not-microsoft"]
Direction = Literal["onprem-to-cloud", "cloud-to-onprem", "internet-inbound", "internal-onprem", "other"]
AUTH_AS_VALUES = ("Internal", "Anonymous", "Partner")

ORG = "X-MS-Exchange-Organization-"
CROSS_TENANT = "X-MS-Exchange-CrossTenant-"
_BUILD = re.compile(r"^(\d+)\.(\d+)")


@dataclass(frozen=True, slots=True)
class Hop:
    received: ReceivedHop
    role: Role
    product: str | None  # the gateway product, when its host name tells
    delay_seconds: float | None  # since the hop before, in UTC; None without both times

    def to_json(self) -> dict[str, object]:
        return {
            "host": self.received.by_host,
            "from": self.received.from_host,
            "from_ip": self.received.from_ip,
            "time": self.received.time.isoformat() if self.received.time else None,
            "delay_seconds": self.delay_seconds,
            "tls": self.received.tls,
            "build": self.received.build,
            "role": self.role,
            "microsoft": self.role != "not-microsoft",
            "product": self.product,
        }


@dataclass(frozen=True, slots=True)
class MessageEvidence:
    """What one header set shows; `deciding_headers()` gives the headers the verdict rests on."""

    header_set: HeaderSet
    hops: tuple[Hop, ...]
    cross_premises: bool
    direction: Direction
    auth_as: str | None
    third_party_hop_in_hybrid_path: bool
    third_party_hops: tuple[Hop, ...]
    external_origin: bool  # the message entered the first Exchange organisation from outside
    handover: tuple[Hop, Hop] | None  # (sending side's last Exchange hop, receiving side's first)
    organisation_headers: dict[str, str] = field(default_factory=dict)
    gateway_products: tuple[str, ...] = ()  # named by headers the gateways add
    notes: tuple[str, ...] = ()  # why an organisation header was not trusted, and the like

    def header(self, name: str) -> str | None:
        return self.organisation_headers.get(name.lower())

    def deciding_headers(self) -> list[tuple[str, str]]:
        """The trusted organisation headers present, in DECIDING_HEADERS order, values unfolded."""
        return [(name, value) for name in DECIDING_HEADERS if (value := self.header(name)) is not None]


# Headers shown with the verdict, in this order, when the message carries them.
DECIDING_HEADERS = (
    ORG + "AuthAs",
    ORG + "AuthSource",
    ORG + "AuthMechanism",
    ORG + "MessageDirectionality",
    CROSS_TENANT + "FromEntityHeader",
    CROSS_TENANT + "AuthAs",
    CROSS_TENANT + "AuthSource",
    CROSS_TENANT + "OriginalAttributedTenantConnectingIp",
    "X-CrossPremisesHeadersPromoted",
    "X-CrossPremisesHeadersFiltered",
    "X-CrossPremisesHeadersFilteredBySendConnector",
    "X-OrganizationHeadersPreserved",
    "X-MS-Exchange-CrossPremises-AuthAs",
    "X-OriginatorOrg",
    ORG + "SCL",
)


def analyse(header_set: HeaderSet, hosts: MailHosts | None = None) -> MessageEvidence:
    hosts = hosts or mail_hosts()
    received = [parse_received(value) for value in reversed(header_set.get_all("Received"))]  # first hop first
    hops = _hops(received, hosts)
    roles = [hop.role for hop in hops]
    exchange_in_chain = any(role != "not-microsoft" for role in roles)
    organisation = {
        name.lower(): " ".join(unfold(value).split())
        for name in DECIDING_HEADERS
        if (value := header_set.first(name)) is not None
    }
    notes: list[str] = []
    auth_as = _auth_as(organisation.get((ORG + "AuthAs").lower()), exchange_in_chain, notes)
    handover, between = _first_handover(hops)
    transition = (handover[0].role, handover[1].role) if handover else None
    cross_premises = handover is not None
    external = _external_origin(hops, organisation, cross_premises, hosts)
    direction = _direction(roles, transition, external)
    products = tuple(
        gateway.product
        for gateway in hosts.gateways
        if any(gateway.marks_header(name) for name, _ in header_set.fields)
    )
    return MessageEvidence(
        header_set=header_set,
        hops=tuple(hops),
        cross_premises=cross_premises,
        direction=direction,
        auth_as=auth_as,
        third_party_hop_in_hybrid_path=bool(between),
        third_party_hops=tuple(between),
        handover=handover,
        external_origin=external,
        organisation_headers=organisation if exchange_in_chain else {},
        gateway_products=products,
        notes=tuple(notes),
    )


def _hops(received: list[ReceivedHop], hosts: MailHosts) -> list[Hop]:
    hops: list[Hop] = []
    previous = None
    for item in received:
        delay = None
        if previous is not None and previous.time is not None and item.time is not None:
            delay = (item.time - previous.time).total_seconds()
        role = _role(item, hosts)
        product = None
        if role == "not-microsoft" and item.by_host:
            product = next((g.product for g in hosts.gateways if g.names_host(item.by_host)), None)
        hops.append(Hop(item, role, product, delay))
        previous = item
    return hops


def _role(hop: ReceivedHop, hosts: MailHosts) -> Role:
    protocol = (hop.protocol or "").lower()
    by_host = hop.by_host or ""
    if hosts.is_exchange_online_host(by_host):
        return "exchange-online"
    stamped_by_exchange = protocol.startswith(("microsoft smtp server", "mapi", "https"))
    if stamped_by_exchange and hop.build is None and protocol.startswith("mapi"):
        # Exchange 2007 and 2010 stamp an Outlook submission `with mapi;` without a build (Apache
        # POI's 53784_succeeds.msg); no other product submits over MAPI.
        return "exchange-onprem"
    if not stamped_by_exchange or hop.build is None:
        return "not-microsoft"
    match = _BUILD.match(hop.build)
    if match is None:
        return "not-microsoft"
    build = (int(match.group(1)), int(match.group(2)))
    return "exchange-online" if build >= hosts.exchange_online_first_build else "exchange-onprem"


def _auth_as(value: str | None, exchange_in_chain: bool, notes: list[str]) -> str | None:
    if value is None:
        return None
    if not exchange_in_chain:
        notes.append(f"AuthAs {value!r} ignored: no Exchange server in the Received chain could have stamped it")
        return None
    known = next((v for v in AUTH_AS_VALUES if v.lower() == value.lower()), None)
    if known is None:
        notes.append(f"AuthAs {value!r} is not a value Exchange writes (forged?): ignored")
    return known


def _first_handover(hops: list[Hop]) -> tuple[tuple[Hop, Hop] | None, list[Hop]]:
    """The first hand-over between on-premises Exchange and Exchange Online, as (the sending
    side's last Exchange hop, the receiving side's first), and the non-Microsoft hops between."""
    last_exchange: Hop | None = None
    between: list[Hop] = []
    for hop in hops:
        if hop.role == "not-microsoft":
            if last_exchange is not None:
                between.append(hop)
            continue
        if last_exchange is not None and hop.role != last_exchange.role:
            return (last_exchange, hop), between
        last_exchange, between = hop, []
    return None, []


def _external_origin(hops: list[Hop], organisation: dict[str, str], cross_premises: bool, hosts: MailHosts) -> bool:
    """Whether the message came from outside the first Exchange organisation it reached: a
    non-Microsoft hop before the first Exchange hop, a first Exchange Online hop that took it over
    SMTP from a host outside Microsoft, or, for a message that stayed on one side, Exchange's own
    verdict (`Incoming` from the `Internet`). On a cross-premises message the organisation headers
    are the last side's view of the hand-over, not of the origin, so they do not count."""
    first = next((i for i, hop in enumerate(hops) if hop.role != "not-microsoft"), None)
    if first is None or first > 0:
        return True
    hop = hops[first].received
    if (hop.protocol or "").lower().startswith(("mapi", "https")):
        return False  # submitted by a mailbox client
    entered_frontend = hops[first].role == "exchange-online" and "frontend" in (hop.via or "").lower()
    if entered_frontend and not hosts.is_exchange_online_host(hop.from_host or ""):
        return True
    if cross_premises:
        return False
    direction = organisation.get((ORG + "MessageDirectionality").lower(), "").lower()
    entity = organisation.get((CROSS_TENANT + "FromEntityHeader").lower(), "").lower()
    return direction == "incoming" and entity in ("", "internet")


def _direction(roles: list[Role], transition: tuple[Role, Role] | None, external: bool) -> Direction:
    if transition == ("exchange-onprem", "exchange-online"):
        return "onprem-to-cloud"
    if transition == ("exchange-online", "exchange-onprem"):
        return "cloud-to-onprem"
    exchange = [i for i, role in enumerate(roles) if role != "not-microsoft"]
    if not exchange:
        return "other"
    leaves = any(role == "not-microsoft" for role in roles[exchange[-1] + 1 :])
    if external and not leaves:
        return "internet-inbound"
    if not external and not leaves and all(roles[i] == "exchange-onprem" for i in exchange):
        return "internal-onprem"
    return "other"
