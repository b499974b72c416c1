"""Run settings in .hybridlint.yaml: schema-checked, under the command line, and shown with where
each came from by `hybridlint config show`."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from testkit import SAMPLES
from typer.testing import CliRunner

from linter.cli.app import app

runner = CliRunner()


def snapshot_with(tmp_path: Path, settings: str) -> Path:
    folder = tmp_path / "contoso"
    shutil.copytree(SAMPLES / "exchange-se-broken", folder)
    (folder / ".hybridlint.yaml").write_text(settings, encoding="utf-8")
    return folder


def test_the_file_sets_what_the_command_line_does_not(tmp_path: Path) -> None:
    folder = snapshot_with(tmp_path, 'fail_on: never\nselect: [HYB-SEND-*]\nformat: [json]\nas_of: "2026-11-28"\n')
    result = runner.invoke(app, ["lint", str(folder)])
    assert result.exit_code == 0, result.output  # fail_on never
    rules = {f["rule_id"] for f in json.loads(result.stdout)["findings"]}
    assert rules and all(rule.startswith("HYB-SEND-") for rule in rules)
    overridden = runner.invoke(app, ["lint", str(folder), "--select", "HYB-RECV-006", "--fail-on", "error"])
    assert overridden.exit_code == 1
    assert {f["rule_id"] for f in json.loads(overridden.stdout)["findings"]} == {"HYB-RECV-006"}


def test_rule_folders_are_relative_to_the_file(tmp_path: Path) -> None:
    folder = snapshot_with(tmp_path, "rules: [my-rules]\nformat: [json]\n")
    (folder / "my-rules").mkdir()
    rule = (Path(__file__).resolve().parents[2] / "rules" / "hybrid" / "HYB-SEND-003.yaml").read_text(encoding="utf-8")
    (folder / "my-rules" / "r.yaml").write_text(rule.replace("id: HYB-SEND-003", "id: ACME-SEND-003"), encoding="utf-8")
    result = runner.invoke(app, ["lint", str(folder), "--as-of", "2026-11-28", "--fail-on", "never"])
    assert result.exit_code == 0, result.output
    assert "ACME-SEND-003" in {f["rule_id"] for f in json.loads(result.stdout)["findings"]}


def test_a_wrong_setting_is_one_line_with_its_position(tmp_path: Path) -> None:
    folder = snapshot_with(tmp_path, "fail_on: critical\n")
    result = runner.invoke(app, ["lint", str(folder)])
    assert result.exit_code == 2
    line = result.stderr.strip()
    assert "\n" not in line and line.startswith(f"{folder / '.hybridlint.yaml'}:1:")
    assert "critical" in line


def test_config_show_says_where_each_setting_comes_from(tmp_path: Path) -> None:
    folder = snapshot_with(tmp_path, "fail_on: error\ndisable: [HYB-SEND-010]\n")
    result = runner.invoke(app, ["config", "show", str(folder)])
    assert result.exit_code == 0, result.output
    config = folder / ".hybridlint.yaml"
    assert f"configuration: {config}" in result.stdout
    assert f'fail_on  "error"  ({config}:1)' in result.stdout
    assert f'disable  ["HYB-SEND-010"]  ({config}:2)' in result.stdout
    assert 'format   ["text"]  (default)' in result.stdout


def test_errors_in_the_file_speak_of_forms_not_regular_expressions(tmp_path: Path) -> None:
    for text, expected in (
        ("as_of: 2026/11/28\n", "as_of: '2026/11/28' is not a date (YYYY-MM-DD)"),
        ("fail_on: critical\n", "fail_on: 'critical' is not one of error, warning, info, never"),
        ("suppresions: []\n", "unknown field 'suppresions'; did you mean 'suppressions'?"),
    ):
        folder = snapshot_with(tmp_path / str(abs(hash(text))), text)
        result = runner.invoke(app, ["lint", str(folder)])
        assert result.exit_code == 2 and expected in result.stderr, result.stderr
        assert "\\d" not in result.stderr


def test_a_suppression_may_name_a_rule_by_its_former_id(tmp_path: Path) -> None:
    folder = snapshot_with(
        tmp_path,
        "rules: [my-rules]\nformat: [json]\nsuppressions:\n  - rule: acme-old-003\n    reason: accepted on purpose\n",
    )
    (folder / "my-rules").mkdir()
    rule = (Path(__file__).resolve().parents[2] / "rules" / "hybrid" / "HYB-SEND-003.yaml").read_text(encoding="utf-8")
    rule = rule.replace("id: HYB-SEND-003", "id: ACME-SEND-003\naliases: [ACME-OLD-003]")
    (folder / "my-rules" / "r.yaml").write_text(rule, encoding="utf-8")
    result = runner.invoke(app, ["lint", str(folder), "--as-of", "2026-11-28", "--fail-on", "never"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert "ACME-SEND-003" not in {f["rule_id"] for f in report["findings"]}
    assert "ACME-SEND-003" in {s["finding"]["rule_id"] for s in report["suppressed"]}
