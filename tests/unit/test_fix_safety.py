"""A fix is pasted into a shell: a value from an untrusted export can never turn into a command.

PowerShell ends a single-quoted string at the ASCII quote and at U+2018, U+2019, U+201A and U+201B
alike, and a line break ends a comment line; each of these in an object's name is tried on a real
rule's fix.
"""

from __future__ import annotations

import pytest

from linter.rules.loader import load_rules
from linter.rules.model import Position, RuleTest
from linter.rules.testing import run_test
from linter.support.resources import builtin_rules_dir


def _fix_for(identity: str) -> str:
    rule = next(r for r in load_rules([builtin_rules_dir()]) if r.id == "HYB-SEND-003")
    case = RuleTest(
        "hostile identity",
        {
            "SendConnector": [
                {
                    "Identity": identity,
                    "AddressSpaces": ["smtp:contoso.mail.onmicrosoft.com;1"],
                    "CloudServicesMailEnabled": False,
                    "Enabled": True,
                }
            ]
        },
        [{"identity": identity}],
        None,
        Position("hostile.yaml", 1, 1),
    )
    (finding,) = run_test(rule, case).findings
    assert finding.remediation is not None
    return finding.remediation


@pytest.mark.parametrize("quote", ["'", "\u2018", "\u2019", "\u201a", "\u201b"])
def test_every_single_quote_powershell_knows_is_doubled(quote: str) -> None:
    fix = _fix_for(f"To EOP{quote}; Remove-Mailbox -Identity x; {quote}")
    assert f"-Identity 'To EOP{quote}{quote}; Remove-Mailbox -Identity x; {quote}{quote}'" in fix


@pytest.mark.parametrize("breaker", ["\n", "\r", "\u2028", "\x85", "\x1b"])
def test_a_value_with_a_line_break_gets_no_command(breaker: str) -> None:
    fix = _fix_for(f"To EOP{breaker}Remove-Mailbox -Identity x")
    assert all(line.startswith("#") for line in fix.splitlines())
    assert "line break or another control character" in fix
    assert "Remove-Mailbox" not in fix
