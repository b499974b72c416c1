"""`hybridlint lint` and the rules commands on the samples and on the real corpus."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from testkit import AS_OF, CORPUS, ROOT, SAMPLES
from typer.testing import CliRunner

from linter.cli.app import app
from linter.support.resources import builtin_rules_dir, validator

runner = CliRunner()


def lint_json(*args: str) -> tuple[int, dict]:  # type: ignore[type-arg]
    result = runner.invoke(app, ["lint", *args, "--format", "json", *AS_OF])
    assert result.exit_code in (0, 1), result.stdout + result.stderr
    return result.exit_code, json.loads(result.stdout)


def test_broken_sample_findings_and_report_schema() -> None:
    code, report = lint_json(str(SAMPLES / "exchange-se-broken"))
    assert code == 1
    assert not list(validator("report.schema.json").iter_errors(report))
    found = {(f["rule_id"], f["object"]["kind"]) for f in report["findings"]}
    assert ("HYB-SEND-003", "SendConnector") in found and ("HYB-SEND-005", "SendConnector") in found
    cloud = next(f for f in report["findings"] if f["rule_id"] == "HYB-SEND-003")
    assert cloud["source"]["file"].endswith("Get-SendConnector.xml") and cloud["source"]["line"] == 2
    assert cloud["remediation"].startswith("Set-SendConnector -Identity 'Outbound to Office 365")
    # The certificate fixes name the renewed certificate the export shows, not a placeholder.
    renewed = (
        "-TlsCertificateName '<I>CN=Fabrikam TLS RSA CA 2025, O=Fabrikam Trust Services, C=US<S>CN=mail.contoso.com'"
    )
    for rule_id in ("HYB-SEND-005", "HYB-RECV-004", "HYB-HC-001"):
        assert renewed in next(f["remediation"] for f in report["findings"] if f["rule_id"] == rule_id)
    assert report["as_of"] == "2026-11-28"
    assert report["summary"]["error"] == sum(1 for f in report["findings"] if f["severity"] == "error")


def test_healthy_sample_is_clean() -> None:
    code, report = lint_json(str(SAMPLES / "exchange-se-healthy"))
    assert code == 0 and report["findings"] == []


def test_exchange_2010_sample_reports_stale_ranges() -> None:
    _, report = lint_json(str(SAMPLES / "exchange2010-hybrid"))
    assert {f["rule_id"] for f in report["findings"]} == {
        "HYB-RECV-010",
        "HYB-RECV-011",
        "HYB-REMOTE-003",
        "HYB-REMOTE-004",
        "HYB-REMOTE-005",
        "HYB-VERSION-001",  # Exchange 2010 left support on 2020-10-13
    }


def test_output_is_byte_identical_across_runs() -> None:
    args = ["lint", str(SAMPLES / "exchange-se-broken"), "--format", "json", *AS_OF]
    assert runner.invoke(app, args).stdout == runner.invoke(app, args).stdout


def test_fingerprints_survive_a_re_export_in_another_format(tmp_path: Path) -> None:
    _, from_xml = lint_json(str(SAMPLES / "exchange-se-broken"))
    moved = tmp_path / "elsewhere"
    import shutil

    shutil.copytree(SAMPLES / "exchange-se-broken", moved)
    (moved / "onprem" / "extra-comment.txt").write_text("lines shift, ids stay")
    _, again = lint_json(str(moved))
    assert [f["fingerprint"] for f in from_xml["findings"]] == [f["fingerprint"] for f in again["findings"]]


def test_disable_and_fail_on() -> None:
    broken = str(SAMPLES / "exchange-se-broken")
    _, report = lint_json(broken)
    disabled = [arg for rule_id in sorted({f["rule_id"] for f in report["findings"]}) for arg in ("--disable", rule_id)]
    result = runner.invoke(app, ["lint", broken, *disabled, *AS_OF])
    assert result.exit_code == 0 and "0 finding(s)" in result.stdout
    assert runner.invoke(app, ["lint", broken, "--fail-on", "never", *AS_OF]).exit_code == 0
    assert runner.invoke(app, ["lint", broken, "--fail-on", "error", *AS_OF]).exit_code == 1


def test_user_rules_folder(tmp_path: Path) -> None:
    rule = (builtin_rules_dir() / "hybrid" / "HYB-SEND-003.yaml").read_text(encoding="utf-8")
    (tmp_path / "override.yaml").write_text(
        rule.replace("severity: error", "severity: info\noverrides: true"), encoding="utf-8"
    )
    code, report = lint_json(str(SAMPLES / "exchange-se-broken"), "--rules", str(tmp_path), "--fail-on", "warning")
    severities = {f["rule_id"]: f["severity"] for f in report["findings"]}
    assert severities["HYB-SEND-003"] == "info" and code == 1  # HYB-SEND-005 is still an error


@pytest.mark.parametrize(
    "path",
    sorted(p for p in CORPUS.rglob("*") if p.suffix in (".xml", ".json")),
    ids=lambda p: str(p.relative_to(CORPUS)),
)
def test_every_real_export_lints_without_a_crash(path: Path) -> None:
    _, report = lint_json(str(path))
    assert not list(validator("report.schema.json").iter_errors(report))
    assert not [f for f in report["findings"] if f["outcome"] == "error"]


def test_rules_commands() -> None:
    assert "HYB-SEND-003" in runner.invoke(app, ["rules", "list"]).stdout
    shown = runner.invoke(app, ["rules", "show", "hyb-send-003"])
    assert shown.exit_code == 0 and "## HYB-SEND-003" in shown.stdout
    assert runner.invoke(app, ["rules", "show", "NOPE-1"]).exit_code == 2
    tested = runner.invoke(app, ["rules", "test"])
    assert tested.exit_code == 0 and " passed, 0 failed" in tested.stdout
    valid = runner.invoke(app, ["rules", "validate", str(builtin_rules_dir())])
    assert valid.exit_code == 0


def test_rules_test_fails_on_a_wrong_expectation(tmp_path: Path) -> None:
    rule = (builtin_rules_dir() / "hybrid" / "HYB-SEND-003.yaml").read_text(encoding="utf-8")
    (tmp_path / "r.yaml").write_text(
        rule.replace(
            "CloudServicesMailEnabled: true\n    expect: []", "CloudServicesMailEnabled: false\n    expect: []"
        ),
        encoding="utf-8",
    )
    result = runner.invoke(app, ["rules", "test", str(tmp_path)])
    assert result.exit_code == 1 and "FAIL HYB-SEND-003: silent when it is on" in result.stdout


def test_rules_test_takes_files_and_never_passes_on_nothing(tmp_path: Path) -> None:
    one = runner.invoke(app, ["rules", "test", str(builtin_rules_dir() / "hybrid" / "HYB-SEND-003.yaml")])
    assert one.exit_code == 0 and "PASS HYB-SEND-003" in one.stdout and "HYB-SEND-005" not in one.stdout
    missing = runner.invoke(app, ["rules", "test", str(tmp_path / "nonexistent")])
    assert missing.exit_code == 2 and "no such rule file or folder" in missing.stderr
    empty = runner.invoke(app, ["rules", "test", str(tmp_path)])
    assert empty.exit_code == 2 and "no rule files (.yaml, .yml) in this folder" in empty.stderr


def test_rules_docs_is_generated_from_the_rules(tmp_path: Path) -> None:
    target = tmp_path / "rules.md"
    assert runner.invoke(app, ["rules", "docs", "-o", str(target)]).exit_code == 0
    text = target.read_text(encoding="utf-8")
    assert text.startswith("# Rule reference") and "## HYB-RECV-010" in text
    folder = tmp_path / "docs" / "rules"
    folder.mkdir(parents=True)
    assert runner.invoke(app, ["rules", "docs", "-o", str(folder)]).exit_code == 0
    assert (folder / "reference.md").read_text(encoding="utf-8") == text
    committed = ROOT / "docs" / "rules" / "reference.md"
    assert text == committed.read_text(encoding="utf-8"), "regenerate: hybridlint rules docs -o docs/rules/reference.md"


def test_bad_as_of_is_a_usage_error() -> None:
    result = runner.invoke(app, ["lint", str(SAMPLES / "exchange-se-broken"), "--as-of", "tomorrow"])
    assert result.exit_code == 2 and "--as-of" in result.stderr


def _promised_findings() -> dict[str, set[str]]:
    """Per sample folder, the rule ids samples/README.md promises (its table's last column)."""
    promised: dict[str, set[str]] = {}
    for line in (SAMPLES / "README.md").read_text(encoding="utf-8").splitlines():
        match = re.match(r"\| `([\w-]+)/` \|", line)
        if match:
            promised[match.group(1)] = set(re.findall(r"`(HYB-[A-Z]+-\d{3})`", line.split(" | ")[-1]))
    return promised


@pytest.mark.parametrize("sample", sorted(_promised_findings()))
def test_samples_yield_exactly_the_findings_the_readme_promises(sample: str) -> None:
    _, report = lint_json(str(SAMPLES / sample))
    found = {f["rule_id"] for f in report["findings"] if f["severity"] in ("warning", "error")}
    assert found == _promised_findings()[sample]


def test_no_built_in_rules_is_an_error_not_a_clean_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from linter.support import resources

    monkeypatch.setattr(resources, "builtin_rules_dir", lambda: tmp_path)
    result = runner.invoke(app, ["lint", str(SAMPLES / "exchange-se-healthy"), *AS_OF])
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.strip() == (
        f"{tmp_path}:1:1: no built-in rules here: this hybridlint installation is incomplete; reinstall it"
    )
