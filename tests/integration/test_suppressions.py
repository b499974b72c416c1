"""Suppressions in .hybridlint.yaml: reasoned, expiring, listed apart in every format, never silent."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from testkit import AS_OF, SAMPLES, sarif_validator
from typer.testing import CliRunner

from linter.cli.app import app
from linter.support.resources import validator

runner = CliRunner()
GATEWAY = """suppressions:
  - rule: hyb-send-010
    object: "outbound to office 365*"
    reason: The smtp-gw relay is the approved DLP appliance until the 2027 migration.
    owner: mail-team@contoso.com
    expires: 2027-06-30
"""


def snapshot_with(tmp_path: Path, config: str) -> Path:
    folder = tmp_path / "broken"
    shutil.copytree(SAMPLES / "exchange-se-broken", folder)
    (folder / ".hybridlint.yaml").write_text(config, encoding="utf-8")
    return folder


def lint(folder: Path, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["lint", str(folder), *args, *AS_OF])
    return result.exit_code, result.stdout, result.stderr


def lint_json(folder: Path) -> dict[str, Any]:
    code, out, err = lint(folder, "--format", "json")
    assert code in (0, 1), out + err
    report: dict[str, Any] = json.loads(out)
    assert not list(validator("report.schema.json").iter_errors(report))
    return report


def test_a_suppressed_finding_is_listed_apart_with_its_reason(tmp_path: Path) -> None:
    report = lint_json(snapshot_with(tmp_path, GATEWAY))
    assert "HYB-SEND-010" not in {f["rule_id"] for f in report["findings"]}
    [entry] = report["suppressed"]
    assert entry["finding"]["rule_id"] == "HYB-SEND-010"
    assert entry["suppression"]["reason"].startswith("The smtp-gw relay")
    assert entry["suppression"]["expires"] == "2027-06-30"
    assert entry["suppression"]["source"]["line"] == 2


def test_an_expired_suppression_suppresses_nothing_and_is_reported(tmp_path: Path) -> None:
    report = lint_json(snapshot_with(tmp_path, GATEWAY.replace("2027-06-30", "2026-10-31")))
    rules = [f["rule_id"] for f in report["findings"]]
    assert "HYB-SEND-010" in rules and "HYB-CONFIG-001" in rules and "suppressed" not in report
    expired = next(f for f in report["findings"] if f["rule_id"] == "HYB-CONFIG-001")
    assert expired["severity"] == "warning" and expired["source"]["file"].endswith(".hybridlint.yaml")


def test_an_entry_that_matches_nothing_is_reported(tmp_path: Path) -> None:
    report = lint_json(snapshot_with(tmp_path, GATEWAY.replace("hyb-send-010", "HYB-SEND-011")))
    assert "HYB-CONFIG-002" in {f["rule_id"] for f in report["findings"]}


def test_suppressing_every_alarm_passes_the_run(tmp_path: Path) -> None:
    folder = snapshot_with(tmp_path, "suppressions:\n  - rule: '*'\n    reason: accepted for the lab\n")
    code, out, _ = lint(folder)
    assert code == 0 and "SUPPRESSED (11)" in out


def test_sarif_carries_suppressions_and_validates(tmp_path: Path) -> None:
    _, out, _ = lint(snapshot_with(tmp_path, GATEWAY), "--format", "sarif")
    document = json.loads(out)
    assert not list(sarif_validator().iter_errors(document))
    suppressed = [r for r in document["runs"][0]["results"] if r.get("suppressions")]
    assert [r["ruleId"] for r in suppressed] == ["HYB-SEND-010"]
    assert suppressed[0]["suppressions"][0]["justification"].startswith("The smtp-gw relay")


@pytest.mark.parametrize("name", ["csv", "markdown", "junit", "text", "html"])
def test_every_format_shows_the_suppressed_finding(tmp_path: Path, name: str) -> None:
    _, out, _ = lint(snapshot_with(tmp_path, GATEWAY), "--format", name)
    assert "approved DLP appliance" in out


@pytest.mark.parametrize(
    ("config", "problem"),
    [
        ("suppressions:\n  - rule: HYB-SEND-010\n", "missing field 'reason'"),
        (
            "suppressions:\n  - rule: HYB-SEND-010\n    reason: ok then\n    expires: next week\n",
            "is not a date (YYYY-MM-DD)",
        ),
        ("suppressions: [\n", "invalid YAML"),
        ("suppresions: []\n", "1:1: unknown field 'suppresions'; did you mean 'suppressions'?"),
    ],
)
def test_a_bad_configuration_is_one_line_and_exit_2(tmp_path: Path, config: str, problem: str) -> None:
    code, _, err = lint(snapshot_with(tmp_path, config))
    lines = [line for line in err.splitlines() if ".hybridlint.yaml:" in line]
    assert code == 2 and len(lines) == 1 and problem in lines[0] and "Traceback" not in err


def test_config_option_overrides_discovery(tmp_path: Path) -> None:
    explicit = tmp_path / "audit.yaml"
    explicit.write_text(GATEWAY, encoding="utf-8")
    code, out, _ = lint(SAMPLES / "exchange-se-broken", "--config", str(explicit), "--format", "json")
    assert code == 1
    assert [e["finding"]["rule_id"] for e in json.loads(out)["suppressed"]] == ["HYB-SEND-010"]
