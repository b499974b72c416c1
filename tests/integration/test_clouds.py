"""The same organisations joined to GCC High instead of the worldwide cloud: a correct one lints
with no warning or error, a broken one gets the same findings with the cloud's own names. The
checks that need EOP address ranges are inconclusive until snapshot.yaml says GCC High or DoD (the
two share every name but not their ranges), and then judge by that cloud's ranges.

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

# The rules that need the EOP ranges of the tenant's cloud: inconclusive until it is declared.
RANGE_RULES = {"HYB-RECV-006", "HYB-RECV-010", "HYB-RECV-011", "HYB-RECV-012", "HYB-LOG-004", "HYB-LOG-005"}


def _in_gcc_high(sample: str, tmp_path: Path, declare: bool = False) -> Path:
    from make_samples import in_gcc_high

    in_gcc_high(SAMPLES / sample, tmp_path / sample, declare)
    return tmp_path / sample


def _findings(path: Path) -> list[dict]:  # type: ignore[type-arg]
    result = CliRunner().invoke(app, ["lint", str(path), *AS_OF, "--format", "json", "--fail-on", "never"])
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)["findings"]  # type: ignore[no-any-return]


def test_a_correct_gcc_high_hybrid_has_no_warning_or_error() -> None:
    findings = _findings(SAMPLES / "exchange-se-gcc-high")
    assert [f["rule_id"] for f in findings if f["severity"] in ("error", "warning")] == []


@pytest.mark.parametrize("sample", ["exchange-se-broken", "exchange2010-hybrid"])
def test_a_broken_gcc_high_hybrid_gets_the_worldwide_findings_in_its_own_names(sample: str, tmp_path: Path) -> None:
    worldwide = {f["rule_id"] for f in _findings(SAMPLES / sample) if f["outcome"] == "fail"}
    findings = _findings(_in_gcc_high(sample, tmp_path))
    failed = {f["rule_id"] for f in findings if f["outcome"] == "fail"}
    assert failed == worldwide - RANGE_RULES
    inconclusive = {f["rule_id"] for f in findings if f["outcome"] == "inconclusive"}
    assert worldwide & RANGE_RULES <= inconclusive  # GCC High or DoD: which ranges apply is not known
    for finding in findings:
        text = " ".join(str(finding[k] or "") for k in ("message", "expected", "remediation"))
        assert "outlook.com" not in text and "onmicrosoft.com" not in text, finding["rule_id"]


def test_the_gcc_high_sample_uses_the_gcc_high_ranges() -> None:
    result = CliRunner().invoke(app, ["lint", str(SAMPLES / "exchange-se-gcc-high"), *AS_OF, "--format", "json"])
    eop = json.loads(result.stdout)["eop_dataset"]
    assert (eop["instance"], eop["as_of"]) == ("USGovGCCHigh", "2026-03-31")


def test_declared_gcc_high_judges_addresses_by_the_gcc_high_ranges(tmp_path: Path) -> None:
    # The 2010 organisation's connector lists worldwide EOP addresses: in GCC High it misses them all.
    findings = _findings(_in_gcc_high("exchange2010-hybrid", tmp_path, declare=True))
    stale = next(f for f in findings if f["rule_id"] == "HYB-RECV-010")
    assert stale["outcome"] == "fail" and "62.10.128.0/20" in stale["remediation"]
    assert "104.47.0.0/17" not in stale["remediation"]  # no worldwide range offered in GCC High
    report = CliRunner().invoke(app, ["lint", str(tmp_path / "exchange2010-hybrid"), *AS_OF, "--format", "json"])
    assert json.loads(report.stdout)["eop_dataset"]["instance"] == "USGovGCCHigh"


def test_a_declared_cloud_that_contradicts_the_exports_makes_the_cloud_unknown(tmp_path: Path) -> None:
    sample = tmp_path / "healthy"
    from make_samples import in_gcc_high

    in_gcc_high(SAMPLES / "exchange-se-healthy", sample, declare=False)  # a copy, names swapped
    manifest = sample / "snapshot.yaml"
    manifest.write_text(manifest.read_text(encoding="utf-8") + "cloud: worldwide\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["lint", str(sample), *AS_OF, "--format", "json", "--fail-on", "never"])
    report = json.loads(result.stdout)
    assert report["eop_dataset"]["instance"] is None
    said = "snapshot.yaml says cloud: worldwide, but the exports name GCC High or DoD"
    assert said in report["eop_dataset"]["origin"]
