"""X.500 distinguished names and `TlsCertificateName` (`<I>issuer<S>subject`).

Exchange identifies a connector's certificate by issuer and subject in the string form that
`Get-ExchangeCertificate` prints (.NET `X500DistinguishedName.Name`: most specific RDN first,
`, ` between RDNs, values in double quotes when they hold a separator). HealthChecker compares
those strings with PowerShell's case-insensitive `-eq`; we compare parsed names, which agrees with
it and also forgives spacing differences (`CN=a,O=b` against `CN=a, O=b`) and attribute aliases
(`S=` against `ST=`), both of which an admin typing the value by hand produces.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from linter.values import ValueSyntaxError

if TYPE_CHECKING:
    from lark import Lark

_GRAMMAR = r"""
start: [rdn (_SEP rdn)*]
rdn: atv (_PLUS atv)*
atv: KEY _EQ [QUOTED | BARE]
KEY: /[A-Za-z][A-Za-z0-9-]*(\.[0-9]+)*|[0-9]+(\.[0-9]+)+/
_EQ: /[ \t]*=[ \t]*/
QUOTED: /"(?:[^"]|"")*"/
BARE: /(?:[^,;+"\\\s]|\\.)(?:(?:[^,;+"\\]|\\.)*(?:[^,;+"\\\s]|\\.))?/
_SEP: /[ \t\r\n]*[,;][ \t\r\n]*/
_PLUS: /[ \t]*\+[ \t]*/
"""

# Aliases .NET, OpenSSL and admins use for the same attribute types.
_KEY_ALIASES = {
    "ST": "S",
    "EMAIL": "E",
    "EMAILADDRESS": "E",
    "OID.2.5.4.3": "CN",
    "2.5.4.3": "CN",
    "OID.1.2.840.113549.1.9.1": "E",
    "SN": "SN",
}


@lru_cache(maxsize=1)
def _parser() -> Lark:
    from lark import Lark  # imported on first use: start-up stays lean

    from linter.support.cache import cache_file

    cache = cache_file("x500-grammar.lark")
    if cache is not None:
        try:
            return Lark(_GRAMMAR, parser="lalr", lexer="contextual", cache=cache)
        except OSError:
            pass
    return Lark(_GRAMMAR, parser="lalr", lexer="contextual")


def _unquote(token: str) -> str:
    if token.startswith('"') and token.endswith('"'):
        return token[1:-1].replace('""', '"')
    return re.sub(r"\\(.)", r"\1", token)


@dataclass(frozen=True, slots=True, eq=False)
class DistinguishedName:
    """An X.500 name: RDNs in written order, each a tuple of (attribute type, value)."""

    text: str
    rdns: tuple[tuple[tuple[str, str], ...], ...]
    _key: tuple[tuple[tuple[str, str], ...], ...] = field(repr=False, compare=False, default=())

    @classmethod
    def parse(cls, text: str) -> DistinguishedName:
        return _parse_dn(text.strip())

    def attribute(self, name: str) -> str | None:
        """The first value of attribute type `name` (`CN`, `O`, ...), or None."""
        wanted = _KEY_ALIASES.get(name.upper(), name.upper())
        for rdn in self.rdns:
            for key, value in rdn:
                if key == wanted:
                    return value
        return None

    @property
    def common_name(self) -> str | None:
        return self.attribute("CN")

    def __eq__(self, other: object) -> bool:
        if isinstance(other, str):
            try:
                other = DistinguishedName.parse(other)
            except ValueSyntaxError:
                return False
        return isinstance(other, DistinguishedName) and self._key == other._key

    def __hash__(self) -> int:
        return hash(self._key)

    def __str__(self) -> str:
        return self.text

    def to_json(self) -> str:
        return self.text


@lru_cache(maxsize=4096)
def _parse_dn(text: str) -> DistinguishedName:
    plain = _plain_rdns(text)
    return _name(text, plain if plain is not None else _grammar_rdns(text))


# A name without quoting, escapes, multi-valued RDNs, `;` separators or line breaks: what nearly
# every certificate's issuer and subject look like.
_PLAIN_ATV = re.compile(r"([A-Za-z][A-Za-z0-9-]*(?:\.[0-9]+)*|[0-9]+(?:\.[0-9]+)+) *= *(.*)", re.DOTALL)
# Every character Python's `\s` matches but the space; a test holds the list to it.
_NOT_PLAIN = re.compile(r'["\\+;\t\r\n\v\f\x1c-\x1f\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]')


def _plain_rdns(text: str) -> tuple[tuple[tuple[str, str], ...], ...] | None:
    """The RDNs of a plain name (see above), read without the grammar; None for any other text.

    Importing lark costs a small lint a fifth of its time, and a plain name needs none of the
    grammar: split at commas, one `KEY=value` each. Anything else, errors included, goes to the
    grammar, which stays the definition (a property test holds the two to the same answers).
    """
    if not text:
        return ()
    if text != text.strip() or _NOT_PLAIN.search(text):
        return None
    rdns = []
    for part in text.split(","):
        match = _PLAIN_ATV.fullmatch(part.strip(" "))
        if match is None:
            return None
        key = match[1].upper()
        rdns.append(((_KEY_ALIASES.get(key, key), match[2]),))
    return tuple(rdns)


def _grammar_rdns(text: str) -> tuple[tuple[tuple[str, str], ...], ...]:
    from lark.exceptions import LarkError

    try:
        tree: Any = _parser().parse(text)
    except LarkError as exc:
        column = getattr(exc, "column", None)
        where = f" at character {column}" if isinstance(column, int) and column > 0 else ""
        raise ValueSyntaxError(f"not a distinguished name{where}: {text!r}") from None
    rdns = []
    for rdn in tree.children:
        if rdn is None:
            continue
        pairs = []
        for atv in rdn.children:
            key_token, value_token = atv.children
            key = str(key_token).upper()
            pairs.append((_KEY_ALIASES.get(key, key), _unquote(str(value_token)) if value_token else ""))
        rdns.append(tuple(pairs))
    return tuple(rdns)


def _name(text: str, frozen: tuple[tuple[tuple[str, str], ...], ...]) -> DistinguishedName:
    comparable = tuple(tuple((k, " ".join(v.split()).casefold()) for k, v in rdn) for rdn in frozen)
    return DistinguishedName(text, frozen, comparable)


_MARKERS = re.compile(r"<I>(?P<issuer>.*?)<S>(?P<subject>.*)$", re.IGNORECASE | re.DOTALL)


@dataclass(frozen=True, slots=True)
class TlsCertificateName:
    """`<I>issuer<S>subject`, the way connectors and HybridConfiguration name their certificate."""

    issuer: DistinguishedName
    subject: DistinguishedName

    @classmethod
    def parse(cls, text: str) -> TlsCertificateName:
        value = text.strip()
        match = _MARKERS.match(value)
        if match is None:
            raise ValueSyntaxError(f"TlsCertificateName must be written <I>issuer<S>subject, found {text!r}")
        issuer, subject = match["issuer"].strip(), match["subject"].strip()
        if not issuer or not subject:
            raise ValueSyntaxError(f"TlsCertificateName with an empty issuer or subject: {text!r}")
        return cls(DistinguishedName.parse(issuer), DistinguishedName.parse(subject))

    def matches(self, issuer: str | DistinguishedName, subject: str | DistinguishedName) -> bool:
        """Whether a certificate with this issuer and subject is the one named."""
        return self.issuer == issuer and self.subject == subject

    def __str__(self) -> str:
        return f"<I>{self.issuer.text}<S>{self.subject.text}"

    def to_json(self) -> dict[str, str]:
        return {"text": str(self), "issuer": self.issuer.text, "subject": self.subject.text}
