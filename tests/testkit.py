"""What the tests share: where the samples and the real corpus are, the date they lint as of,
factories for findings and reports, and the SARIF schema check.

Imported by name (`from testkit import SAMPLES`); `conftest.py` keeps only fixtures and the
environment the whole suite runs in.
"""

from __future__ import annotations

import json
import os
import shutil
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from linter.findings.model import Finding
from linter.run.coverage import Coverage
from linter.run.results import DatasetInfo, Report

ROOT = Path(__file__).resolve().parents[1]
# The real exports, vendored (tests/corpus/README.md), so that a fresh clone tests on real data.
CORPUS = ROOT / "tests" / "corpus" / "real"
# Real message headers and transport logs, vendored the same way.
EVIDENCE = ROOT / "tests" / "corpus" / "evidence"
TEXT = ROOT / "tests" / "corpus" / "text"  # real Format-List / Format-Table output (copy of ../shared)
OUTLOOK = ROOT / "tests" / "corpus" / "outlook"  # real .msg files from Apache POI (Apache-2.0)
# The project's shared folder beside the repository: CI always has it, a fresh clone does not.
SHARED = ROOT.parent / "shared"
SAMPLES = ROOT / "samples"
FIXTURES_DIR = Path(__file__).resolve().parent / "fixtures"  # files the tests made, each named as made

# Every test lints as of one day, so that certificate expiry and dataset age never depend on today.
AS_OF_DATE = date(2026, 11, 28)
AS_OF = ["--as-of", AS_OF_DATE.isoformat()]


def corpus_files(pattern: str) -> list[Path]:
    files = sorted(CORPUS.glob(pattern))
    if not files:
        pytest.fail(f"no corpus file matches {pattern} under {CORPUS}")
    return files


CLIXML_FILES = sorted(CORPUS.glob("**/*.xml"))


def corpus_id(path: Path) -> str:
    return str(path.relative_to(CORPUS))


SARIF_SCHEMA = ROOT / "tests" / "external" / "sarif" / "sarif-schema-2.1.0.json"


def shared_or_skip(relative: str) -> Path:
    """`../shared/<relative>`: skipped with the reason when it is absent, a failure when CI=true (CI has it)."""
    path = SHARED / relative
    if not path.exists():
        reason = f"{path} is absent: material only in ../shared is not tested on this machine"
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail(reason + " (CI=true: CI always has ../shared)")
        pytest.skip(reason)
    return path


@cache
def sarif_validator() -> Any:
    """The OASIS SARIF 2.1.0 schema (draft 4), read once per test run."""
    from jsonschema import Draft4Validator

    return Draft4Validator(json.loads(SARIF_SCHEMA.read_text(encoding="utf-8")))


def sarif_errors(text: str) -> list[str]:
    """What keeps `text` from being SARIF 2.1.0 by the OASIS schema (empty when it is)."""
    errors = sorted(sarif_validator().iter_errors(json.loads(text)), key=lambda e: list(e.absolute_path))
    return [f"{list(e.absolute_path)}: {e.message}" for e in errors[:5]]


def make_finding(**values: Any) -> Finding:
    """A finding of a made-up rule on a send connector; keywords replace any field."""
    fields: dict[str, Any] = {
        "rule_id": "HYB-X-001",
        "title": "t",
        "severity": "error",
        "category": "hcw-drift",
        "kind": "SendConnector",
        "side": "on-premises",
        "identity": "x",
        "server": None,
        "message": "m",
        "expected": None,
        "actual": None,
        "remediation": None,
        "references": [],
        "file": "a.xml",
        "line": 1,
        "outcome": "fail",
    }
    return Finding(**(fields | values))


def make_report(findings: list[Finding], **values: Any) -> Report:
    """A report of `findings` with no rules, one object and a fresh EOP dataset; keywords replace any field."""
    fields: dict[str, Any] = {
        "findings": findings,
        "rules": [],
        "as_of": date(2026, 1, 1),
        "object_count": 1,
        "eop_dataset": DatasetInfo("Worldwide", "2026-01-01", "shipped with hybridlint", 0, False),
        "coverage": Coverage(1, [], {"on-premises": 1, "exchange-online": 1}, [], [], []),
    }
    return Report(**(fields | values))


def headers_by_place(path: Path) -> dict[str, dict[str, Any]]:
    """`hybridlint headers PATH --format json`, checked against its schema: each message by where it was found."""
    from typer.testing import CliRunner

    from linter.cli.app import app
    from linter.support.resources import validator

    result = CliRunner().invoke(app, ["headers", str(path), "--format", "json"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert not list(validator("headers.schema.json").iter_errors(document))
    return {message["where"]: message for message in document["messages"]}


def lint_one_file(tmp_path: Path, export: Path) -> list[dict[str, Any]]:
    """The JSON findings of a snapshot folder holding only `export` (as of 2026-11-28, never failing)."""
    from typer.testing import CliRunner

    from linter.cli.app import app

    folder = tmp_path / "org"
    folder.mkdir()
    shutil.copy(export, folder)
    result = CliRunner().invoke(
        app, ["lint", str(folder), "--format", "json", "--fail-on", "never", "--as-of", "2026-11-28"]
    )
    assert result.exit_code == 0, result.output
    findings: list[dict[str, Any]] = json.loads(result.stdout)["findings"]
    return findings
