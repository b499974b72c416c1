"""The same organisations joined to GCC High instead of the worldwide cloud: a correct one lints
with no warning or error, a broken one gets the same findings with the cloud's own names, and the
checks that need EOP address ranges (which ship for the worldwide cloud only) are inconclusive.

The GCC High snapshots are the worldwide samples with the cloud's names swapped in (coexistence
domain <tenant>.mail.onmicrosoft.us, EOP TLS name mail.protection.office365.us; hybrid-facts.md
10.1), byte for byte otherwise, so they keep the exact shape of what PowerShell writes.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from testkit import AS_OF, SAMPLES
from typer.testing import CliRunner

from linter.cli.app import app

WORLDWIDE_TO_GCC_HIGH = [
    ("mail.protection.outlook.com", "mail.protection.office365.us"),
    ("mail.onmicrosoft.com", "mail.onmicrosoft.us"),
    (".onmicrosoft.com", ".onmicrosoft.us"),
]
RANGE_RULES = {"HYB-RECV-006", "HYB-RECV-010", "HYB-RECV-011", "HYB-RECV-012"}


def _in_gcc_high(sample: str, tmp_path: Path) -> Path:
    target = tmp_path / sample
    shutil.copytree(SAMPLES / sample, target)
    for path in target.rglob("*"):
        if not path.is_file():
            continue
        data = path.read_bytes()
        encoding, bom = ("utf-16-le", data[:2]) if data[:2] == b"\xff\xfe" else ("utf-8", b"")
        if data[:3] == b"\xef\xbb\xbf":
            bom = data[:3]
        text = data[len(bom) :].decode(encoding)
        for worldwide, gcc_high in WORLDWIDE_TO_GCC_HIGH:
            text = text.replace(worldwide, gcc_high)
        path.write_bytes(bom + text.encode(encoding))
    return target


def _findings(path: Path) -> list[dict]:  # type: ignore[type-arg]
    result = CliRunner().invoke(app, ["lint", str(path), *AS_OF, "--format", "json", "--fail-on", "never"])
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)["findings"]  # type: ignore[no-any-return]


def test_a_correct_gcc_high_hybrid_has_no_warning_or_error(tmp_path: Path) -> None:
    findings = _findings(_in_gcc_high("exchange2019-healthy", tmp_path))
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
