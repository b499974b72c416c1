"""The same organisations joined to GCC High instead of the worldwide cloud: a correct one lints
with no warning or error, a broken one gets the same findings with the cloud's own names, and the
checks that need EOP address ranges (which ship for the worldwide cloud only) are inconclusive.

The GCC High snapshots are the worldwide samples with the cloud's names swapped in by the sample
builder (samples/tools/make_samples.py, in_gcc_high), byte for byte otherwise, so they keep the
exact shape of what PowerShell writes.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from testkit import AS_OF, SAMPLES
from typer.testing import CliRunner

from linter.cli.app import app

RANGE_RULES = {"HYB-RECV-006", "HYB-RECV-010", "HYB-RECV-011", "HYB-RECV-012"}


def _in_gcc_high(sample: str, tmp_path: Path) -> Path:
    from make_samples import in_gcc_high

    in_gcc_high(SAMPLES / sample, tmp_path / sample)
    return tmp_path / sample


def _findings(path: Path) -> list[dict]:  # type: ignore[type-arg]
    result = CliRunner().invoke(app, ["lint", str(path), *AS_OF, "--format", "json", "--fail-on", "never"])
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)["findings"]  # type: ignore[no-any-return]


def test_a_correct_gcc_high_hybrid_has_no_warning_or_error() -> None:
    findings = _findings(SAMPLES / "exchange2019-gcc-high")
    assert [f["rule_id"] for f in findings if f["severity"] in ("error", "warning")] == []


@pytest.mark.parametrize("sample", ["exchange2019-broken", "exchange2010-hybrid"])
def test_a_broken_gcc_high_hybrid_gets_the_worldwide_findings_in_its_own_names(sample: str, tmp_path: Path) -> None:
    worldwide = {f["rule_id"] for f in _findings(SAMPLES / sample) if f["outcome"] == "fail"}
    findings = _findings(_in_gcc_high(sample, tmp_path))
    failed = {f["rule_id"] for f in findings if f["outcome"] == "fail"}
    assert failed == worldwide - RANGE_RULES
    inconclusive = {f["rule_id"] for f in findings if f["outcome"] == "inconclusive"}
    assert worldwide & RANGE_RULES <= inconclusive  # judged by ranges that do not ship for GCC High
    for finding in findings:
        text = " ".join(str(finding[k] or "") for k in ("message", "expected", "remediation"))
        assert "outlook.com" not in text and "onmicrosoft.com" not in text, finding["rule_id"]
