"""One rule selector for --select, --disable and `rules show`: ids and former ids in any case,
globs and comma lists; a name that selects nothing is an error with the nearest id."""

from __future__ import annotations

from functools import cache

import pytest
from testkit import SAMPLES
from typer.testing import CliRunner

from linter.cli.app import app
from linter.rules.loader import load_rules
from linter.rules.model import Rule
from linter.rules.selector import UnknownRule, matches, resolve, split_names
from linter.support.resources import builtin_rules_dir

runner = CliRunner()
BROKEN = str(SAMPLES / "exchange-se-broken")


@cache
def _rules() -> list[Rule]:
    return load_rules([builtin_rules_dir()])


def test_names_globs_case_and_comma_lists() -> None:
    assert split_names(["HYB-SEND-010,HYB-SEND-003", " hyb-recv-006 "]) == [
        "HYB-SEND-010",
        "HYB-SEND-003",
        "hyb-recv-006",
    ]
    assert matches("hyb-send-003", "HYB-SEND-003")
    assert matches("HYB-SEND-*", "HYB-SEND-003") and not matches("HYB-SEND-*", "HYB-RECV-003")
    assert matches("HYB-OLD-1", "HYB-NEW-1", ["HYB-OLD-1"])
    assert resolve(["hyb-send-00[35]"], _rules()) == {"HYB-SEND-003", "HYB-SEND-005"}
    assert len(resolve(["HYB-SEND-*"], _rules())) == len([r for r in _rules() if r.id.startswith("HYB-SEND-")])


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("HYB-SND-003", "'HYB-SND-003' is not a rule; did you mean 'HYB-SEND-003'?"),
        ("HYB-NOPE-*", "'HYB-NOPE-*' matches no rule"),
    ],
)
def test_a_name_that_selects_nothing_is_an_error(name: str, message: str) -> None:
    with pytest.raises(
        UnknownRule, match="^" + message.replace("?", r"\?").replace("*", r"\*").replace("[", r"\[") + "$"
    ):
        resolve([name], _rules())


def _rule_ids(args: list[str]) -> set[str]:
    result = runner.invoke(
        app, ["lint", BROKEN, "--format", "json", "--fail-on", "never", "--as-of", "2026-11-28", *args]
    )
    assert result.exit_code == 0, result.output
    import json

    return {f["rule_id"] for f in json.loads(result.stdout)["findings"]}


def test_disable_and_select_on_the_command_line() -> None:
    everything = _rule_ids([])
    assert "HYB-SEND-003" in everything and "HYB-SEND-010" in everything
    assert "HYB-SEND-003" not in _rule_ids(["--disable", "hyb-send-003"])
    assert not {"HYB-SEND-003", "HYB-SEND-010"} & _rule_ids(["--disable", "HYB-SEND-010,HYB-SEND-003"])
    assert not any(r.startswith("HYB-SEND-") for r in _rule_ids(["--disable", "HYB-SEND-*"]))
    selected = _rule_ids(["--select", "HYB-SEND-*"])
    assert selected and all(r.startswith("HYB-SEND-") for r in selected)


@pytest.mark.parametrize("option", ["--disable", "--select"])
def test_an_unknown_rule_on_the_command_line_is_a_usage_error(option: str) -> None:
    result = runner.invoke(app, ["lint", BROKEN, option, "HYB-NOPE-001"])
    assert result.exit_code == 2
    assert f"Invalid value for {option}: 'HYB-NOPE-001' is not a rule; did you mean" in result.output


def test_rules_show_takes_the_same_names() -> None:
    result = runner.invoke(app, ["rules", "show", "hyb-send-00[35]"])
    assert result.exit_code == 0, result.output
    assert "HYB-SEND-003" in result.stdout and "HYB-SEND-005" in result.stdout and "HYB-SEND-004" not in result.stdout
    assert runner.invoke(app, ["rules", "show", "HYB-NOPE-001"]).exit_code == 2
