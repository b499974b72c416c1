"""Property-based tests (hypothesis): every value parser and reader, fed arbitrary input, either
gives a value or says what is wrong (ValueSyntaxError, InputError, ExpressionSyntaxError); nothing
else escapes. Where a value prints back, what it prints parses to the same value."""

from __future__ import annotations

import contextlib
import json
import re
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from linter.snapshot.model import Snapshot
from linter.support.errors import InputError
from linter.values import ValueSyntaxError, x500
from linter.values.address_space import AddressSpace
from linter.values.binding import Binding
from linter.values.capabilities import DomainCapabilities
from linter.values.domain import SmtpDomain
from linter.values.ip import IPRange
from linter.values.size import ByteSize
from linter.values.smart_host import SmartHost
from linter.values.timespan import parse_timespan
from linter.values.version import ExchangeVersion
from linter.values.x500 import DistinguishedName, TlsCertificateName

PROFILE = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Text that looks like Exchange values often enough to reach the parsers' deeper branches.
_ALPHABET = st.sampled_from([*list("0123456789abcdefABCDEF.:;/-[]*<>=, \\\"'_@smtpISCN()"), "\x00", "é", "\n"])
exchange_like = st.one_of(st.text(max_size=80), st.text(alphabet=_ALPHABET, max_size=80))

PARSERS: list[tuple[str, Callable[[str], Any]]] = [
    ("IPRange", IPRange.parse),
    ("AddressSpace", AddressSpace.parse),
    ("SmartHost", SmartHost.parse),
    ("Binding", Binding.parse),
    ("DomainCapabilities", DomainCapabilities.parse),
    ("SmtpDomain", SmtpDomain.parse),
    ("DistinguishedName", DistinguishedName.parse),
    ("TlsCertificateName", TlsCertificateName.parse),
    ("ByteSize", ByteSize.parse),
    ("TimeSpan", parse_timespan),
    ("ExchangeVersion", ExchangeVersion.parse),
]


@pytest.mark.parametrize(("name", "parse"), PARSERS, ids=[name for name, _ in PARSERS])
@PROFILE
@given(text=exchange_like)
def test_a_value_parser_gives_a_value_or_a_value_error(name: str, parse: Callable[[str], Any], text: str) -> None:
    with contextlib.suppress(ValueSyntaxError):
        parse(text)


ROUND_TRIP = [
    ("IPRange", IPRange.parse),
    ("AddressSpace", AddressSpace.parse),
    ("SmartHost", SmartHost.parse),
    ("Binding", Binding.parse),
    ("ExchangeVersion", ExchangeVersion.parse),
]


# Distinguished names as certificates write them, and the characters that make a name not plain.
_DN_PART = st.sampled_from(["CN", "cn", "O", "OU", "S", "ST", "OID.2.5.4.3", "2.5.4.3", "E", "C", "9x", "A-1"])
_DN_TEXT = st.one_of(
    st.text(alphabet=st.sampled_from([*"abc .=<>#-", "é"]), max_size=12),  # plain values
    st.text(alphabet=st.sampled_from([*'abc .=<>#,;+\\"-', "\t", "\n", "\xa0", "\u3000", "é"]), max_size=12),
)
distinguished_names = st.one_of(
    exchange_like,
    st.lists(st.tuples(_DN_PART, st.sampled_from(["=", " = ", "= ", ""]), _DN_TEXT), max_size=5).map(
        lambda parts: ", ".join(f"{key}{eq}{value}" for key, eq, value in parts)
    ),
)


@PROFILE
@given(text=distinguished_names)
def test_the_plain_name_reading_agrees_with_the_grammar(text: str) -> None:
    plain = x500._plain_rdns(text)
    if plain is None:
        return  # read by the grammar itself
    assert plain == x500._grammar_rdns(text)


def test_the_plain_name_reading_leaves_every_whitespace_but_space_to_the_grammar() -> None:
    whitespace = [chr(c) for c in range(0x110000) if re.fullmatch(r"\s", chr(c)) and chr(c) != " "]
    assert all(x500._NOT_PLAIN.search(c) for c in whitespace)


def test_a_typical_certificate_name_needs_no_grammar() -> None:
    assert x500._plain_rdns("CN=mail.contoso.com, OU=IT, O=Contoso Ltd, L=Seattle, S=WA, C=US") is not None


@pytest.mark.parametrize(("name", "parse"), ROUND_TRIP, ids=[name for name, _ in ROUND_TRIP])
@PROFILE
@given(text=exchange_like)
def test_a_parsed_value_prints_as_text_that_parses_to_it(name: str, parse: Callable[[str], Any], text: str) -> None:
    try:
        value = parse(text)
    except ValueSyntaxError:
        return
    assert parse(str(value)) == value


@PROFILE
@given(
    first=st.integers(min_value=0, max_value=255),
    second=st.integers(min_value=0, max_value=255),
    prefix=st.integers(min_value=0, max_value=32),
)
def test_an_ipv4_range_covers_its_own_addresses(first: int, second: int, prefix: int) -> None:
    network = IPRange.parse(f"10.{first}.{second}.0/{max(prefix, 8)}")
    assert IPRange.parse(str(network)) == network


# -- readers ------------------------------------------------------------------------------------------

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | exchange_like,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(exchange_like, children, max_size=4),
    max_leaves=20,
)
KIND_FILES = ["Get-SendConnector.json", "Get-ReceiveConnector.json", "Get-AcceptedDomain.json", "Get-Foo.json"]


@PROFILE
@given(
    name=st.sampled_from(KIND_FILES),
    members=st.dictionaries(
        st.sampled_from(
            [
                "Identity",
                "DomainName",
                "DomainType",
                "AddressSpaces",
                "SmartHosts",
                "Bindings",
                "RemoteIPRanges",
                "TlsCertificateName",
                "AuthMechanism",
                "WhenCreated",
                "MaxMessageSize",
                "TlsDomainCapabilities",
                "Extra",
            ]
        ),
        json_values,
        max_size=6,
    ),
)
def test_the_json_reader_reads_any_record_or_says_why_not(name: str, members: dict[str, Any]) -> None:
    from linter.snapshot.json_export.reader import read
    from linter.snapshot.manifest import FileFacts

    data = json.dumps([members]).encode("utf-8")
    with contextlib.suppress(InputError):
        read(name, name, data, Snapshot(), FileFacts())


@PROFILE
@given(data=st.binary(max_size=400))
def test_the_json_reader_refuses_any_bytes_in_one_error(data: bytes) -> None:
    from linter.snapshot.json_export.reader import read
    from linter.snapshot.manifest import FileFacts

    with contextlib.suppress(InputError):
        read("x.json", "x.json", data, Snapshot(), FileFacts())


CLIXML_HEAD = b'<Objs Version="1.1.0.1" xmlns="http://schemas.microsoft.com/powershell/2004/04">'
clixml_parts = st.sampled_from(
    [
        b'<Obj RefId="0">',
        b'<Obj RefId="1">',
        b"</Obj>",
        b'<TN RefId="0"><T>Deserialized.Microsoft.Exchange.Data.Directory.SystemConfiguration.AcceptedDomain</T></TN>',
        b'<TNRef RefId="0" />',
        b"<Props>",
        b"</Props>",
        b"<MS>",
        b"</MS>",
        b'<S N="Identity">x</S>',
        b'<S N="DomainName">contoso.com</S>',
        b"<LST>",
        b"</LST>",
        b"<DCT>",
        b"</DCT>",
        b"<En><Key>a</Key><Value>b</Value></En>",
        b'<Ref N="Ref" RefId="0" />',
        b'<I32 N="n">7</I32>',
        b"<I32>x</I32>",
        b"<Nil />",
        b'<DT N="When">2026-13-45T99:00:00</DT>',
        b"<ToString>t</ToString>",
        b"<B>maybe</B>",
    ]
)


@PROFILE
@given(parts=st.lists(clixml_parts, max_size=30))
def test_the_clixml_reader_reads_any_arrangement_or_says_why_not(
    tmp_path_factory: pytest.TempPathFactory, parts: list[bytes]
) -> None:
    from linter.snapshot.loader import load_snapshot

    file = tmp_path_factory.mktemp("clixml") / "Get-AcceptedDomain.xml"
    file.write_bytes(CLIXML_HEAD + b"".join(parts) + b"</Objs>")
    with contextlib.suppress(InputError):
        load_snapshot([str(file)])


@PROFILE
@given(text=st.text(max_size=300))
def test_user_yaml_parses_or_says_why_not(text: str) -> None:
    from linter.support.userfiles import parse_yaml

    for positions in (True, False):
        with contextlib.suppress(InputError):
            parse_yaml("x.yaml", text, positions=positions)


expression_tokens = st.sampled_from(
    [
        "and",
        "or",
        "not",
        "(",
        ")",
        "[",
        "]",
        "1",
        '"a"',
        "x",
        "Name",
        ".",
        ",",
        "==",
        "+",
        "in",
        "any",
        "where",
        ":",
        "len",
    ]
)


@PROFILE
@given(tokens=st.lists(expression_tokens, max_size=40))
def test_an_expression_parses_or_says_where_it_is_wrong(tokens: list[str]) -> None:
    from linter.rules.expressions.grammar import ExpressionSyntaxError, parse

    try:
        parse(" ".join(tokens))
    except ExpressionSyntaxError as exc:
        assert exc.line >= 1 and exc.column >= 1
