"""Baselines: accept today's findings, report only new ones later, and say how many were fixed."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from testkit import AS_OF, SAMPLES
from typer.testing import CliRunner

from linter.cli.app import app
from linter.support.resources import validator

runner = CliRunner()
BROKEN = SAMPLES / "exchange-se-broken"


def create(snapshot: Path, target: Path) -> None:
    result = runner.invoke(app, ["baseline", "create", str(snapshot), "-o", str(target), *AS_OF])
    assert result.exit_code == 0, result.stdout + result.stderr
    assert not list(validator("baseline.schema.json").iter_errors(json.loads(target.read_text(encoding="utf-8"))))


def lint_json(snapshot: Path, baseline: Path) -> tuple[int, dict]:  # type: ignore[type-arg]
    result = runner.invoke(app, ["lint", str(snapshot), "--baseline", str(baseline), "--format", "json", *AS_OF])
    assert result.exit_code in (0, 1), result.stdout + result.stderr
    report = json.loads(result.stdout)
    assert not list(validator("report.schema.json").iter_errors(report))
    return result.exit_code, report


def test_nothing_new_against_its_own_baseline(tmp_path: Path) -> None:
    create(BROKEN, tmp_path / "baseline.json")
    code, report = lint_json(BROKEN, tmp_path / "baseline.json")
    assert code == 0 and report["findings"] == []
    assert report["baseline"]["known"] == 11 and report["baseline"]["fixed"] == 0


def test_a_fixed_organisation_reports_what_was_fixed(tmp_path: Path) -> None:
    create(BROKEN, tmp_path / "baseline.json")
    code, report = lint_json(SAMPLES / "exchange-se-healthy", tmp_path / "baseline.json")
    assert code == 0 and report["baseline"] == {"file": str(tmp_path / "baseline.json"), "known": 0, "fixed": 11}


def test_only_new_findings_are_reported(tmp_path: Path) -> None:
    create(SAMPLES / "exchange-se-healthy", tmp_path / "baseline.json")
    code, report = lint_json(BROKEN, tmp_path / "baseline.json")
    assert code == 1 and len(report["findings"]) == 11 and report["baseline"]["known"] == 0


def test_a_baseline_survives_a_moved_snapshot(tmp_path: Path) -> None:
    create(BROKEN, tmp_path / "baseline.json")
    moved = tmp_path / "elsewhere"
    shutil.copytree(BROKEN, moved)
    code, report = lint_json(moved, tmp_path / "baseline.json")
    assert code == 0 and report["findings"] == []


def test_sarif_marks_results_new_against_a_baseline(tmp_path: Path) -> None:
    create(SAMPLES / "exchange-se-healthy", tmp_path / "baseline.json")
    result = runner.invoke(
        app, ["lint", str(BROKEN), "--baseline", str(tmp_path / "baseline.json"), "--format", "sarif", *AS_OF]
    )
    results = json.loads(result.stdout)["runs"][0]["results"]
    assert results and all(r["baselineState"] == "new" for r in results)


def test_a_bad_baseline_is_one_line_and_exit_2(tmp_path: Path) -> None:
    for text in (
        "{not json",
        '{"format": 1}',
        '{"format": 1, "tool": {"name": "hybridlint", "version": "1"}, '
        '"as_of": "2026-01-01", "findings": [{"fingerprint": "xyz", "rule_id": "A"}]}',
    ):
        bad = tmp_path / "bad.json"
        bad.write_text(text, encoding="utf-8")
        result = runner.invoke(app, ["lint", str(BROKEN), "--baseline", str(bad), *AS_OF])
        assert result.exit_code == 2
        lines = [line for line in result.stderr.splitlines() if line.startswith(str(bad))]
        assert len(lines) == 1 and "Traceback" not in result.stderr
