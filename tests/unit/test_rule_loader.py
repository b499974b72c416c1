"""Broken rule files are reported at file:line:col, with the fix where one can be guessed."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from linter.cli.app import app
from linter.rules.loader import load_rule_file, load_rules
from linter.rules.testing import run_test
from linter.support.errors import InputError
from linter.support.resources import builtin_rules_dir

GOOD = (builtin_rules_dir() / "hybrid" / "HYB-SEND-003.yaml").read_text(encoding="utf-8")
runner = CliRunner()


def write_rule(tmp_path: Path, text: str, name: str = "rule.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def error_of(path: Path) -> InputError:
    with pytest.raises(InputError) as caught:
        load_rule_file(path)
    return caught.value


def line_of(text: str, needle: str) -> int:
    return next(number for number, line in enumerate(text.splitlines(), 1) if needle in line)


def test_the_good_rule_loads(tmp_path: Path) -> None:
    assert load_rule_file(write_rule(tmp_path, GOOD)).id == "HYB-SEND-003"


def test_yaml_syntax_error(tmp_path: Path) -> None:
    text = GOOD.replace("severity: error", "severity: [error")
    error = error_of(write_rule(tmp_path, text))
    assert "invalid YAML" in str(error) and error.line > 1


def test_unknown_field_with_suggestion(tmp_path: Path) -> None:
    text = GOOD.replace("severity: error", "severity: error\nseverty: warning")
    error = error_of(write_rule(tmp_path, text))
    assert str(error).endswith("unknown field 'severty'; did you mean 'severity'?")
    assert (error.line, error.column) == (line_of(text, "severty"), 1)


def test_wrong_enum_value_points_at_the_value(tmp_path: Path) -> None:
    text = GOOD.replace("category: hcw-drift", "category: drift")
    error = error_of(write_rule(tmp_path, text))
    assert "category" in str(error) and "'drift' is not one of" in str(error)
    assert (error.line, error.column) == (line_of(text, "category: drift"), 11)


def test_missing_field(tmp_path: Path) -> None:
    text = GOOD.replace("status: stable\n", "")
    assert "missing field 'status'" in str(error_of(write_rule(tmp_path, text)))


def test_expression_syntax_error_points_inside_the_expression(tmp_path: Path) -> None:
    text = GOOD.replace("check: CloudServicesMailEnabled == true", "check: CloudServicesMailEnabled == == true")
    error = error_of(write_rule(tmp_path, text))
    assert "check: syntax error" in str(error)
    assert (error.line, error.column) == (line_of(text, "check:"), 36)


def test_unknown_property_with_suggestion_inside_a_block_scalar(tmp_path: Path) -> None:
    text = GOOD.replace("any(space in AddressSpaces where", "any(space in AdressSpaces where")
    error = error_of(write_rule(tmp_path, text))
    assert "SendConnector has no property 'AdressSpaces' in its schema; did you mean 'AddressSpaces'?" in str(error)
    line = line_of(text, "AdressSpaces")
    assert error.line == line
    assert error.column == text.splitlines()[line - 1].index("AdressSpaces") + 1


def test_placeholder_error(tmp_path: Path) -> None:
    text = GOOD.replace("-Identity '{identity}'", "-Identity '{identty}'")
    error = error_of(write_rule(tmp_path, text))
    assert "placeholder {identty}" in str(error) and "did you mean 'identity'" in str(error)
    assert error.line == line_of(text, "{identty}")


def test_rules_must_test_both_ways(tmp_path: Path) -> None:
    head, _, _ = GOOD.partition("tests:")
    cases = "  - name: a\n    snapshot: {}\n    expect: []\n  - name: b\n    snapshot: {}\n    expect: []\n"
    text = head + "tests:\n" + cases
    assert "at least one case that fires" in str(error_of(write_rule(tmp_path, text)))


def test_duplicate_ids_are_refused(tmp_path: Path) -> None:
    write_rule(tmp_path, GOOD, "a.yaml")
    write_rule(tmp_path, GOOD, "b.yaml")
    with pytest.raises(InputError, match="duplicate rule id HYB-SEND-003"):
        load_rules([tmp_path])


def test_a_user_rule_replaces_the_built_in_one_only_when_it_says_so(tmp_path: Path) -> None:
    write_rule(tmp_path, GOOD.replace("severity: error", "severity: info"))
    with pytest.raises(InputError) as caught:
        load_rules([builtin_rules_dir(), tmp_path])
    assert "rule id HYB-SEND-003 is already taken by" in str(caught.value) and "overrides: true" in str(caught.value)
    write_rule(tmp_path, GOOD.replace("severity: error", "severity: info\noverrides: true"))
    rules = {r.id: r for r in load_rules([builtin_rules_dir(), tmp_path])}
    assert rules["HYB-SEND-003"].severity == "info"


def test_no_python_reaches_the_engine(tmp_path: Path) -> None:
    text = GOOD.replace("check: CloudServicesMailEnabled == true", "check: __import__('os') == 0")
    assert "unknown function '__import__'" in str(error_of(write_rule(tmp_path, text)))


def test_cli_validate_reports_a_line_per_problem_and_a_count(tmp_path: Path) -> None:
    shutil.copy(builtin_rules_dir() / "hybrid" / "HYB-SEND-001.yaml", tmp_path)
    write_rule(tmp_path, GOOD.replace("kind: SendConnector", "kind: SendConector"), "broken.yaml")
    result = runner.invoke(app, ["rules", "validate", str(tmp_path)])
    assert result.exit_code == 2
    *problems, summary = result.stderr.strip().splitlines()
    assert problems and all(line.startswith(f"{tmp_path / 'broken.yaml'}:") for line in problems)
    assert "SendConector" in problems[0] and summary == f"{len(problems)} problem(s); 1 rule(s) valid"


# A rule of its own (not a built-in one, whose wording changes): two let names, the second using the first.
LET_RULE = """\
id: HYB-TEST-001
title: A port-25 connector that reaches into EOP's ranges grants EOP the capability
severity: warning
category: hcw-drift
area: mail-from-exchange-online
applies_to: {kind: ReceiveConnector, side: on-premises}
let:
  on_port_25: |
    default(Enabled, true) != false
    and any(b in default(Bindings, []) where b.port == 25)
  reaches_eop: |
    on_port_25 and len(ranges_overlapping(RemoteIPRanges, eop_ranges())) > 0
when: reaches_eop
check: len(default(TlsDomainCapabilities, [])) > 0
message: Connector {identity} reaches into EOP's ranges without the capability.
remediation: "# review {identity}"
rationale: A test rule.
references:
  - https://learn.microsoft.com/powershell/module/exchange/set-receiveconnector
status: stable
tests:
  - name: fires
    snapshot:
      ReceiveConnector:
        - {Identity: "EX01\\\\Relay", Bindings: ["0.0.0.0:25"], RemoteIPRanges: ["40.107.0.0/16"]}
    expect:
      - identity: EX01\\Relay
        outcome: inconclusive
  - name: silent
    snapshot:
      ReceiveConnector: []
    expect: []
"""


def test_let_names_are_shared_by_every_field(tmp_path: Path) -> None:
    rule = load_rule_file(write_rule(tmp_path, LET_RULE))
    assert list(rule.definitions) == ["on_port_25", "reaches_eop"]


def test_let_name_may_not_hide_a_property(tmp_path: Path) -> None:
    text = LET_RULE.replace("  reaches_eop: |", "  Bindings: |", 1)
    error = error_of(write_rule(tmp_path, text))
    assert "let: 'Bindings' is a property of ReceiveConnector" in str(error)
    assert error.line == line_of(text, "  Bindings: |")


def test_let_name_may_only_use_the_names_above_it(tmp_path: Path) -> None:
    text = LET_RULE.replace(
        "default(Enabled, true) != false\n    and any(b in default(Bindings",
        "reaches_eop\n    and any(b in default(Bindings",
        1,
    )
    error = error_of(write_rule(tmp_path, text))
    assert "let: on_port_25:" in str(error) and "reaches_eop" in str(error)
    assert error.line == line_of(text, "    reaches_eop")


def test_validate_reports_every_problem_of_every_file_at_once(tmp_path: Path) -> None:
    from linter.rules.loader import validate_rule_files

    broken = GOOD.replace("check: CloudServicesMailEnabled == true", "check: CloudServicesMailEnabled == and")
    broken = broken.replace("remediation: Set-SendConnector", "remediation: Set-SendConnector {nosuchfn(1)}")
    (tmp_path / "a.yaml").write_text(broken, encoding="utf-8")
    (tmp_path / "b.yaml").write_text("id: MY-B-001\ntitel: x\nseverity: fatal\n", encoding="utf-8")
    (tmp_path / "c.yaml").write_text(GOOD.replace("HYB-SEND-003", "MY-C-003"), encoding="utf-8")
    rules, problems = validate_rule_files([tmp_path])
    assert [r.id for r in rules] == ["MY-C-003"]
    said = [str(p) for p in problems]
    assert any(s.startswith(f"{tmp_path / 'a.yaml'}:") and "check: syntax error" in s for s in said)
    assert any("placeholder {nosuchfn(1)}: unknown function 'nosuchfn'" in s for s in said)
    assert any(s.startswith(f"{tmp_path / 'b.yaml'}:2:1: unknown field 'titel'; did you mean 'title'?") for s in said)
    assert any(s.startswith(f"{tmp_path / 'b.yaml'}:3:11: severity:") for s in said)
    assert sum(1 for s in said if "missing field" in s) >= 5


def test_rules_validate_lists_every_problem_and_exits_2(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from linter.cli.app import app

    (tmp_path / "b.yaml").write_text("id: MY-B-001\ntitel: x\nseverity: fatal\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["rules", "validate", str(tmp_path)])
    lines = result.stderr.splitlines()
    assert result.exit_code == 2 and len(lines) > 3 and lines[-1].endswith("problem(s); 0 rule(s) valid")
    assert CliRunner().invoke(app, ["rules", "validate", str(tmp_path / "nothing")]).exit_code == 2


@pytest.mark.parametrize(
    ("old", "new", "where"),
    [
        ("-CloudServicesMailEnabled $true", "-CloudServicesMailEnabled $true {identity", "remediation: a lone '{'"),
        (
            "Set-SendConnector -Identity '{identity}'",
            "Set-SendConnector -Identity 'identity}'",
            "remediation: a lone '}'",
        ),
    ],
)
def test_a_broken_placeholder_is_an_error_at_its_position(tmp_path: Path, old: str, new: str, where: str) -> None:
    text = (builtin_rules_dir() / "hybrid" / "HYB-SEND-003.yaml").read_text(encoding="utf-8")
    assert old in text
    path = write_rule(tmp_path, text.replace(old, new, 1))
    error = error_of(path)
    assert where in error.message and ("write {{" in error.message or "write }}" in error.message)
    assert error.line == line_of(path.read_text(encoding="utf-8"), new)


@pytest.mark.parametrize(
    ("old", "new", "said"),
    [
        (
            "actual: '{CloudServicesMailEnabled}'",
            "actual: CloudServicesMailEnabled",
            "write '{CloudServicesMailEnabled}'",
        ),
        ("expected: '$true'", "expected: '\"only \" + text(RequireTLS)'", "a template like message:"),
        ("actual: '{CloudServicesMailEnabled}'", "actual: '{CloudServicesMailEnabld}'", "did you mean"),
        ("actual: '{CloudServicesMailEnabled}'", "actual: 'now {CloudServicesMailEnabled'", "actual: a lone '{'"),
    ],
)
def test_expected_and_actual_are_templates_checked_where_they_are_written(
    tmp_path: Path, old: str, new: str, said: str
) -> None:
    # expected: and actual: were expressions once: a rule written so would show its source text.
    assert old in GOOD
    path = write_rule(tmp_path, GOOD.replace(old, new, 1))
    error = error_of(path)
    assert said in error.message
    assert error.line == line_of(path.read_text(encoding="utf-8"), new.split(":")[0] + ":")


def test_expected_and_actual_show_their_text_with_each_placeholder_filled(tmp_path: Path) -> None:
    text = GOOD.replace("actual: '{CloudServicesMailEnabled}'", "actual: 'switched {CloudServicesMailEnabled}'")
    rule = load_rule_file(write_rule(tmp_path, text))
    results = [run_test(rule, test) for test in rule.tests]
    shown = [(f.outcome, f.expected, f.actual) for result in results for f in result.findings]
    assert ("fail", "$true", "switched $false") in shown
    # An unknown value reads as unknown, with its reason, and the text around it stays.
    assert (
        "inconclusive",
        "$true",
        "switched (unknown: SendConnector 'Outbound to Office 365': CloudServicesMailEnabled is not in the export)",
    ) in shown
