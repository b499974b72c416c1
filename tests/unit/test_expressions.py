"""The rule language's semantics: three-valued logic, case-insensitivity, sets, quantifiers, built-ins."""

from __future__ import annotations

import time
from datetime import date
from typing import Any

import pytest

from linter.rules.engine import evaluate
from linter.rules.expressions.compiler import compile_expression
from linter.rules.expressions.context import EvaluationContext
from linter.rules.expressions.runtime import RuleRuntimeError
from linter.rules.expressions.scope import CompileError, Env
from linter.rules.expressions.unknown import Unknown
from linter.rules.model import Position, Rule, RuleTest, Template
from linter.rules.testing import build_snapshot

SNAPSHOT = {
    "SendConnector": [
        {
            "Identity": "Outbound to Office 365",
            "AddressSpaces": ["SMTP:Contoso.Mail.OnMicrosoft.com;1"],
            "SmartHosts": [],
            "SourceTransportServers": ["EX01", "EX02"],
            "TlsCertificateName": (
                "<I>CN=Fabrikam TLS RSA CA 2024, O=Fabrikam Trust Services, C=US<S>CN=mail.contoso.com"
            ),
            "Fqdn": "mail.contoso.com",
            "MaxMessageSize": "35 MB (36,700,160 bytes)",
            "RequireTLS": True,
            "TlsDomain": "MAIL.protection.outlook.com",
            "Comment": "Microsoft.Exchange.Data.MultiValuedProperty`1[System.String]",
        }
    ],
    "ExchangeCertificate": [
        {
            "Identity": "EX01.contoso.com\\0A0B0C0D0E0F101112131415161718191A1B1C1D",
            "Thumbprint": "0A0B0C0D0E0F101112131415161718191A1B1C1D",
            "Subject": "CN=mail.contoso.com",
            "Issuer": "CN=Fabrikam TLS RSA CA 2024, O=Fabrikam Trust Services, C=US",
            "CertificateDomains": ["mail.contoso.com", "*.contoso.com"],
            "NotAfter": "2027-03-31T00:00:00Z",
        }
    ],
    "ReceiveConnector": [
        {
            "Identity": "EX01\\Inbound",
            "Name": "Inbound",
            "Server": "EX01",
            "RemoteIPRanges": ["40.92.0.0/15", "104.47.0.0-104.47.127.255", "198.51.100.7"],
        }
    ],
}


def run(text: str, kind: str = "SendConnector", as_of: date = date(2026, 11, 28)) -> Any:
    test = RuleTest("t", SNAPSHOT, [], None, Position("t.yaml", 1, 1))
    snapshot = build_snapshot(test)
    context = EvaluationContext(snapshot, as_of)
    this = context.present(kind)[0]
    return compile_expression(text, kind)(Env(context, this))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("RequireTLS == true and TlsDomain == 'mail.protection.outlook.com'", True),  # case-insensitive
        ("'contoso.mail.onmicrosoft.com' in map(a in AddressSpaces: a.domain)", True),
        ("SourceTransportServers == ['ex02', 'EX01']", True),  # lists compare as sets
        ("count(s in SourceTransportServers where s matches '^EX0[12]$')", 2),
        ("all(s in SourceTransportServers where startswith(s, 'ex'))", True),
        ("none(s in SourceTransportServers where s == 'EX03')", True),
        ("len(select(s in SourceTransportServers where endswith(s, '2')))", 1),
        ("let n = len(SourceTransportServers), m = 2 in n == m", True),
        ("MaxMessageSize.bytes > 30 * 1024 * 1024", True),
        ("TlsCertificateName.subject.cn", "mail.contoso.com"),
        (
            "TlsCertificateName == "
            "'<I>cn=fabrikam tls rsa ca 2024,o=Fabrikam Trust Services,c=US<S>CN=MAIL.contoso.com'",
            True,
        ),
        ("len(certificates(TlsCertificateName)) == 1", True),
        ("name_covered(certificates(TlsCertificateName), 'autodiscover.contoso.com')", True),
        ("name_covered(certificates(TlsCertificateName), 'a.b.contoso.com')", False),
        ("days_until(first(certificates(TlsCertificateName)).NotAfter)", 123),
        ("domain_under(first(AddressSpaces).domain, 'onmicrosoft.com')", True),
        ("union(['a', 'B'], ['b', 'c'])", ["a", "B", "c"]),
        ("difference(SourceTransportServers, ['ex01'])", ["EX02"]),
        ("'protection' in TlsDomain and not ('x' in TlsDomain)", True),
        ("facts.coexistence_domain", "contoso.mail.onmicrosoft.com"),
        ("object.identity", "Outbound to Office 365"),
    ],
)
def test_values(text: str, expected: Any) -> None:
    assert run(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ranges_cover(RemoteIPRanges, ip_range('40.93.1.1'))", True),
        (
            "map(r in ranges_missing(RemoteIPRanges, eop_ranges()): text(r))",
            ["40.107.0.0/16", "52.100.0.0/14", "2a01:111:f400::/48", "2a01:111:f403::/48"],
        ),
        ("map(r in ranges_extra(RemoteIPRanges, eop_ranges()): text(r))", ["198.51.100.7"]),
        ("len(find('ExchangeCertificate', 'server', object.server))", 1),
        # a path into the values, a list of wanted values (each object once), typed values by their text
        (
            "map(c in find('SendConnector', 'AddressSpaces.domain', ['x.com', 'CONTOSO.mail.onmicrosoft.com']): "
            "c.identity)",
            ["Outbound to Office 365"],
        ),
        (
            "len(find('SendConnector', 'AddressSpaces.domain', ['contoso.mail.onmicrosoft.com', "
            "'contoso.mail.onmicrosoft.com']))",
            1,
        ),
        (
            "len(find('SendConnector', 'TlsCertificateName', '<i>cn=fabrikam tls rsa ca 2024, o=fabrikam trust "
            "services, c=us<s>cn=mail.contoso.com'))",
            1,
        ),
        ("len(find('SendConnector', 'AddressSpaces.domain', []))", 0),
    ],
)
def test_range_and_lookup_builtins(text: str, expected: Any) -> None:
    assert run(text, "ReceiveConnector") == expected


@pytest.mark.parametrize(
    "text",
    [
        "Comment == ''",
        "IgnoreSTARTTLS == false",
        "len(Comment) > 0",
        "any(c in Comment where c == 'x')",
        "IgnoreSTARTTLS or RequireTLS == false",
    ],
)
def test_missing_or_truncated_values_are_unknown(text: str) -> None:
    result = run(text)
    assert isinstance(result, Unknown)
    assert any("IgnoreSTARTTLS is not in the export" in r or "Comment was cut short" in r for r in result.reasons)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("IgnoreSTARTTLS == true and false", False),  # Kleene: false wins over unknown
        ("IgnoreSTARTTLS == true or true", True),
        ("default(IgnoreSTARTTLS, false) == false", True),
        ("known(IgnoreSTARTTLS)", False),
        ("is_truncated(Comment)", True),
    ],
)
def test_three_valued_logic(text: str, expected: Any) -> None:
    assert run(text) == expected


def test_regular_expressions_run_in_linear_time() -> None:
    # (a+)+$ backtracks exponentially in Python's re; RE2 does not backtrack at all.
    started = time.perf_counter()
    assert run("'" + "a" * 30000 + "b' matches '(a+)+$'") is False
    assert time.perf_counter() - started < 1.0


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("Bogus", "SendConnector has no property 'Bogus'"),
        ("facts.tenantt", "no fact 'tenantt'; did you mean 'tenant'?"),
        ("len(1, 2)", "len() takes 1 argument(s), got 2"),
        ("any(x in AddressSpaces)", "any() needs a condition"),
        ("objects('Mailbox')", "unknown kind 'Mailbox'"),
        ("find('SendConnector', 'Fqnd', 'x')", "did you mean 'Fqdn'?"),
        ("TlsCertificateName.subjekt", "TlsCertificateName has no attribute 'subjekt'; did you mean 'subject'?"),
        ("Fqdn matches '('", "invalid regular expression"),
        ("RequireTLS ==", "the expression ends too early; expected a name or a number or a string"),
        ("RequireTLS == == true", "unexpected '=='; expected a name or a number or a string"),
    ],
)
def test_compile_errors(text: str, message: str) -> None:
    with pytest.raises(CompileError) as caught:
        compile_expression(text, "SendConnector")
    assert message in str(caught.value)


def test_a_runtime_error_becomes_an_input_finding() -> None:
    test = RuleTest("t", SNAPSHOT, [], None, Position("t.yaml", 1, 1))
    snapshot = build_snapshot(test)
    context = EvaluationContext(snapshot, date(2026, 1, 1))
    rule = Rule(
        id="X-TEST-1",
        title="broken rule",
        severity="error",
        category="hcw-drift",
        area="mail-to-exchange-online",
        kind="SendConnector",
        side=None,
        check=compile_expression("RequireTLS < 'text' + 1", "SendConnector"),
        message=Template(["m"]),
        remediation=Template([]),
        rationale="",
        references=["https://x"],
        status="stable",
        source=Position("x.yaml", 1, 1),
    )
    finding = evaluate(rule, context.present("SendConnector")[0], context)
    assert finding is not None and finding.category == "input" and finding.outcome == "error"
    assert "X-TEST-1 could not be evaluated" in finding.message


def test_remediation_doubles_quotes_in_values_but_not_in_ps_list() -> None:
    from linter.rules.engine import render

    test = RuleTest(
        "t", {"SendConnector": [{"Identity": "O'Brien relay", "AddressSpaces": []}]}, [], None, Position("t.yaml", 1, 1)
    )
    context = EvaluationContext(build_snapshot(test), date(2026, 1, 1))
    env = Env(context, context.present("SendConnector")[0])
    template = Template(
        [
            "Set-X -Identity '",
            compile_expression("identity", "SendConnector"),
            "' -List @{Add=",
            compile_expression("ps_list([identity, 'b'])", "SendConnector"),
            "}",
        ],
        powershell=True,
    )
    assert render(template, env) == "Set-X -Identity 'O''Brien relay' -List @{Add='O''Brien relay','b'}"


def test_a_let_definition_is_computed_once_per_object() -> None:
    calls: list[int] = []
    definitions = {"expensive": lambda env: calls.append(1) or 42}
    context = EvaluationContext(
        build_snapshot(RuleTest("t", SNAPSHOT, [], None, Position("t.yaml", 1, 1))), date(2026, 1, 1)
    )
    env = Env(context, context.present("SendConnector")[0], definitions)
    from linter.rules.expressions.scope import StaticType

    twice = compile_expression("expensive + expensive", "SendConnector", None, {"expensive": StaticType("other")})
    assert twice(env) == 84 and len(calls) == 1


@pytest.mark.parametrize(
    ("domain", "expected"),
    [
        ("mail.contoso.com", True),
        ("Contoso.COM.", True),
        ("fabrikam.com", False),
        ("notcontoso.com", False),
    ],
)
def test_domain_under_any(domain: str, expected: bool) -> None:
    from linter.rules.expressions.builtins import domain_under_any

    parents = ["contoso.com", "contoso.mail.onmicrosoft.com"]
    assert domain_under_any(domain, parents) is expected
    assert domain_under_any(domain, list(parents)) is expected  # another list, same answer


def test_membership_in_long_lists_keeps_its_meaning() -> None:
    # Lists of eight or more plain strings are looked up through a set: same answers as the scan.
    names = ", ".join(f"'d{n}.example'" for n in range(10))
    assert run(f"'D3.EXAMPLE' in [{names}]") is True
    assert run(f"'d33.example' in [{names}]") is False
    assert run(f"'mail.contoso.com' in [{names}, Fqdn]") is True  # a property value among the literals


def test_join_lists_25_items_for_people_and_ps_list_all_for_fixes() -> None:
    assert run("join(['a', 'b'], ', ')") == "a, b"
    many = "[" + ", ".join(f"'n{i}'" for i in range(30)) + "]"
    joined = run(f"join({many}, ', ')")
    assert joined.startswith("n0, n1, ") and joined.endswith("n24, ... and 5 more") and "n25" not in joined
    assert run(f"ps_list({many})").count("'n") == 30


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("text([true, null, false])", "$true, $null, $false"),  # as a {placeholder} shows it, never Python's repr
        ("text([])", "(none)"),
    ],
)
def test_text_is_the_placeholder_text(text: str, expected: str) -> None:
    assert run(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "'STRASSE' == 'straße'",
        "'STRASSE' in ['straße']",
        "len(intersection(['STRASSE'], ['straße'])) == 1",
        "startswith('STRASSE-1', 'straße')",
        "domain_under_any('mail.STRASSE.example', ['straße.example'])",
    ],
)
def test_one_case_fold_everywhere(text: str) -> None:
    """`==`, `in`, the set functions and the domain look-ups all fold case the same way (casefold)."""
    assert run(text) is True


def test_find_folds_case_like_equality() -> None:
    snapshot = {"SendConnector": [{"Identity": "Straße", "Fqdn": "a.contoso.com"}]}
    test = RuleTest("t", snapshot, [], None, Position("t.yaml", 1, 1))
    context = EvaluationContext(build_snapshot(test), date(2026, 11, 28))
    this = context.present("SendConnector")[0]
    found = compile_expression("find('SendConnector', 'Identity', 'STRASSE')", "SendConnector")(Env(context, this))
    assert [o.identity for o in found] == ["Straße"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("size_mb(MaxMessageSize)", "35 MB"),
        ("size_mb(MaxMessageSize, 1)", "35.0 MB"),
        ("size_mb(36909875, 1)", "35.2 MB"),
        ("size_mb(MaxMessageSize.bytes + 1572864, 0)", "37 MB"),  # 36.5 rounds half away from zero
        ("ps_size(MaxMessageSize)", "35MB"),
        ("ps_size(36909875)", "36909875B"),
        ("ps_size(262144)", "256KB"),
        ("ps_size(2 * 1024 * 1024 * 1024)", "2GB"),
        ("ps_size(0)", "0B"),
        ("round(2.25, 1)", 2.3),
        ("round(2.5)", 3),
        ("round(MaxMessageSize.bytes / 1024 / 1024 / 3, 2)", 11.67),
    ],
)
def test_format_helpers(text: str, expected: Any) -> None:
    assert run(text) == expected


def test_unlimited_sizes_read_as_exchange_writes_them() -> None:
    unlimited = {"SendConnector": [{**SNAPSHOT["SendConnector"][0], "MaxMessageSize": "Unlimited"}]}
    test = RuleTest("t", unlimited, [], None, Position("t.yaml", 1, 1))
    context = EvaluationContext(build_snapshot(test), date(2026, 11, 28))
    env = Env(context, context.present("SendConnector")[0])
    assert compile_expression("size_mb(MaxMessageSize, 1)", "SendConnector")(env) == "Unlimited"
    assert compile_expression("ps_size(MaxMessageSize)", "SendConnector")(env) == "Unlimited"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("size_mb(Fqdn)", "size_mb() needs a byte size, got 'mail.contoso.com'"),
        ("size_mb(MaxMessageSize, 9)", "size_mb() takes 0 to 6 decimals, got '9'"),
        ("round('x')", "round() needs a number, got 'x'"),
        ("ps_size(true)", "ps_size() needs a byte size, got '$true'"),
    ],
)
def test_format_helpers_name_a_wrong_argument(text: str, message: str) -> None:
    with pytest.raises(RuleRuntimeError, match=message.replace("(", r"\(").replace(")", r"\)").replace("$", r"\$")):
        run(text)
