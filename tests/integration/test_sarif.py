"""SARIF output validates against the OASIS 2.1.0 schema and carries what code-scanning tools use."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from testkit import SAMPLES, sarif_errors
from typer.testing import CliRunner

from linter.cli.app import app
from linter.report.sarif_report import artifact_uri

runner = CliRunner()


def lint_sarif(*paths: str) -> dict[str, Any]:
    result = runner.invoke(app, ["lint", *paths, "--format", "sarif", "--as-of", "2026-11-28"])
    assert result.exit_code in (0, 1), result.stdout + result.stderr
    document: dict[str, Any] = json.loads(result.stdout)
    errors = sarif_errors(result.stdout)
    assert not errors, "\n".join(errors)
    return document


@pytest.mark.parametrize(
    "sample", ["exchange-se-healthy", "exchange-se-broken", "exchange2010-hybrid", "css-exchange-e19-lab"]
)
def test_every_sample_validates_against_the_oasis_schema(sample: str) -> None:
    run = lint_sarif(str(SAMPLES / sample))["runs"][0]
    assert run["tool"]["driver"]["name"] == "hybridlint" and len(run["tool"]["driver"]["rules"]) >= 50


def test_results_carry_rule_level_locations_and_fingerprints() -> None:
    run = lint_sarif(str(SAMPLES / "exchange-se-broken"))["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    result = next(r for r in run["results"] if r["ruleId"] == "HYB-SEND-003")
    assert rules[result["ruleIndex"]]["id"] == "HYB-SEND-003" and result["level"] == "error"
    assert rules[result["ruleIndex"]]["helpUri"].startswith("https://")
    physical = result["locations"][0]["physicalLocation"]
    assert physical["artifactLocation"]["uri"].endswith("samples/exchange-se-broken/onprem/Get-SendConnector.xml")
    assert physical["region"]["startLine"] == 2
    assert result["locations"][0]["logicalLocations"][0]["name"].startswith("Outbound to Office 365")
    as_json = json.loads(
        runner.invoke(
            app, ["lint", str(SAMPLES / "exchange-se-broken"), "--format", "json", "--as-of", "2026-11-28"]
        ).stdout
    )
    send = next(f for f in as_json["findings"] if f["rule_id"] == "HYB-SEND-003")
    assert result["partialFingerprints"]["hybridlint/v1"] == send["fingerprint"]
    assert result["properties"]["remediation"].startswith("Set-SendConnector")


def test_inconclusive_checks_are_open_results_with_level_none() -> None:
    run = lint_sarif(str(SAMPLES / "css-exchange-e19-lab"))["runs"][0]
    opened = [r for r in run["results"] if r["kind"] == "open"]
    assert opened and all(r["level"] == "none" and r["properties"]["missing"] for r in opened)


def test_sarif_is_byte_identical_across_runs() -> None:
    args = ["lint", str(SAMPLES / "exchange-se-broken"), "--format", "sarif", "--as-of", "2026-11-28"]
    assert runner.invoke(app, args).stdout == runner.invoke(app, args).stdout


@pytest.mark.parametrize(
    ("file", "uri"),
    [
        ("samples/a b/Get-SendConnector.xml", "samples/a%20b/Get-SendConnector.xml"),
        ("exports\\onprem\\x.xml", "exports/onprem/x.xml"),
        ("C:\\exports\\x.xml", "file:///C:/exports/x.xml"),
    ],
)
def test_artifact_uris(file: str, uri: str) -> None:
    assert artifact_uri(file) == uri


def test_an_absolute_path_becomes_a_file_uri(tmp_path: Path) -> None:
    export = tmp_path / "a b" / "x.xml"
    assert artifact_uri(str(export)) == export.as_uri()


def test_the_suite_checks_every_sarif_it_renders() -> None:
    from linter.report import sarif_report as sarif

    assert sarif.render_report.__name__ == "checked"  # conftest's every_sarif_validates is in place
    assert sarif_errors('{"version": "2.1.0", "runs": [{"tool": {}}]}')  # and would reject a bad document
