"""No run looks clean when it checked nothing: every report says what was read, what was skipped
and which rules could not run; an incomplete snapshot is an `input` warning, an empty one exit 2."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path
from xml.etree import ElementTree

import pytest
from testkit import AS_OF, SAMPLES, sarif_errors
from typer.testing import CliRunner

from linter.cli.app import app
from linter.support.resources import validator

runner = CliRunner()
BROKEN = SAMPLES / "exchange-se-broken"


def lint(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["lint", *args, *AS_OF])
    return result.exit_code, result.stdout, result.stderr


def lint_json(path: Path) -> dict:  # type: ignore[type-arg]
    code, out, err = lint(str(path), "--format", "json")
    assert code in (0, 1), err
    report = json.loads(out)
    assert not list(validator("report.schema.json").iter_errors(report))
    return report  # type: ignore[no-any-return]


def input_ids(report: dict) -> list[str]:  # type: ignore[type-arg]
    return sorted(f["rule_id"] for f in report["findings"] if f["category"] == "input")


@pytest.mark.parametrize("sample", ["exchange-se-broken", "exchange-se-healthy", "exchange2010-hybrid"])
def test_complete_samples_have_no_input_finding(sample: str) -> None:
    report = lint_json(SAMPLES / sample)
    assert input_ids(report) == []
    sides = report["coverage"]["sides"]
    assert sides["on-premises"]["present"] and sides["exchange-online"]["present"]
    assert {"HYB-SEND-001", "HYB-RECV-001", "HYB-EXO-010"} <= {r["rule_id"] for r in report["coverage"]["rules"]["ran"]}


def test_the_exchange_online_half_alone_is_an_input_warning_naming_the_missing_side() -> None:
    code, out, _ = lint(str(BROKEN / "exo"))
    assert code == 1  # a warning fails the default --fail-on
    assert "HYB-INPUT-001" in out and "no on-premises object is in the snapshot" in out
    assert "Get-SendConnector | Export-Clixml Get-SendConnector.xml" in out  # the export that completes it
    report = lint_json(BROKEN / "exo")
    assert input_ids(report) == ["HYB-INPUT-001"]
    (finding,) = [f for f in report["findings"] if f["rule_id"] == "HYB-INPUT-001"]
    assert finding["object"]["side"] == "on-premises" and finding["severity"] == "warning"
    coverage = report["coverage"]
    assert coverage["sides"]["on-premises"] == {"present": False, "objects": 0}
    missing = {(k["kind"], k["side"]) for k in coverage["kinds"] if k["status"] == "missing"}
    assert {("SendConnector", "on-premises"), ("HybridConfiguration", "on-premises")} <= missing
    assert not {k for k in missing if k[1] == "exchange-online"}
    not_applicable = {r["rule_id"] for r in coverage["rules"]["not_applicable"]}
    assert "HYB-SEND-003" in not_applicable


def test_the_on_premises_half_alone_is_an_input_warning_too() -> None:
    report = lint_json(BROKEN / "onprem")
    assert "HYB-INPUT-001" in input_ids(report)
    assert report["coverage"]["sides"]["exchange-online"]["present"] is False


def test_a_folder_of_unrelated_json_is_an_input_warning(tmp_path: Path) -> None:
    (tmp_path / "data.json").write_text('{"a": 1}', encoding="utf-8")
    code, out, _ = lint(str(tmp_path))
    assert code == 1 and "HYB-INPUT-002" in out and "No findings" not in out
    report = lint_json(tmp_path)
    assert input_ids(report) == ["HYB-INPUT-002"]
    assert report["coverage"]["reader_warnings"] == 1  # the unknown type, carried by the report


def test_a_folder_of_non_exports_is_exit_2_naming_what_was_skipped(tmp_path: Path) -> None:
    (tmp_path / "sendconnector.txt").write_text("Identity : Outbound to Office 365\n", encoding="utf-8")
    (tmp_path / "receive.csv").write_text("Identity,Bindings\n", encoding="utf-8")
    code, out, err = lint(str(tmp_path))
    assert code == 2 and out == ""
    assert err.strip() == (
        f"{tmp_path}:1:1: no export files found (.xml, .clixml, .json, Export-Csv .csv or Format-List .txt); "
        "skipped 2 other file(s): receive.csv, sendconnector.txt"
    )


def test_export_files_holding_no_object_are_exit_2(tmp_path: Path) -> None:
    (tmp_path / "Get-SendConnector.json").write_text("[]", encoding="utf-8")
    code, _, err = lint(str(tmp_path))
    assert code == 2 and "nothing to lint: no object was read from 1 export file(s)" in err


def test_files_skipped_beside_the_exports_are_listed_in_every_format(tmp_path: Path) -> None:
    snapshot = tmp_path / "snapshot"
    shutil.copytree(BROKEN, snapshot)
    (snapshot / "onprem" / "send-connectors-fl.txt").write_text("Identity : x\n", encoding="utf-8")
    out_dir = tmp_path / "reports"
    code, _, err = lint(str(snapshot), "--format", "text,json,sarif,markdown,junit,html", "-o", str(out_dir))
    assert code == 1, err
    name = "send-connectors-fl.txt"
    text = (out_dir / "hybridlint.txt").read_text(encoding="utf-8")
    assert "COVERAGE" in text and f"Skipped 1 file(s): {snapshot / 'onprem' / name}" in text
    report = json.loads((out_dir / "hybridlint.json").read_text(encoding="utf-8"))
    assert [Path(s["path"]).name for s in report["coverage"]["files_skipped"]] == [name]
    sarif = (out_dir / "hybridlint.sarif").read_text(encoding="utf-8")
    assert not sarif_errors(sarif)
    run = json.loads(sarif)["runs"][0]
    notes = run["invocations"][0]["toolExecutionNotifications"]
    assert any(
        n["level"] == "note" and name in n["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for n in notes
    )
    assert run["properties"]["coverage"] == report["coverage"]
    assert name in (out_dir / "hybridlint.md").read_text(encoding="utf-8")
    junit = ElementTree.parse(out_dir / "hybridlint.junit.xml").getroot()
    suite = junit.find("testsuite[@name='hybridlint.coverage']")
    assert suite is not None and any(name in (c.get("name") or "") for c in suite.iter("testcase"))
    html = (out_dir / "hybridlint.html").read_text(encoding="utf-8")
    assert 'id="coverage"' in html and name in html


def test_every_format_carries_the_reader_warnings(tmp_path: Path) -> None:
    shutil.copytree(BROKEN, tmp_path / "snapshot")
    (tmp_path / "snapshot" / "exo" / "extra.json").write_text('{"a": 1}', encoding="utf-8")
    folder = str(tmp_path / "snapshot")
    _, out, _ = lint(folder, "--format", "json")
    report = json.loads(out)
    warnings = report["snapshot"]["warnings"]
    assert warnings and report["coverage"]["reader_warnings"] == len(warnings)
    first = warnings[0]["message"]
    for fmt in ("markdown", "html"):
        _, rendered, _ = lint(folder, "--format", fmt)
        assert first.replace("'", "&#x27;") in rendered or first in rendered, fmt
    _, sarif, _ = lint(folder, "--format", "sarif")
    notes = json.loads(sarif)["runs"][0]["invocations"][0]["toolExecutionNotifications"]
    assert sum(1 for n in notes if n["level"] == "warning") == len(warnings)
    _, junit, _ = lint(folder, "--format", "junit")
    assert first in (ElementTree.fromstring(junit).findtext(".//system-err") or "")


def test_text_output_shows_the_first_reader_warnings_on_stderr_and_all_with_verbose(tmp_path: Path) -> None:
    for index in range(5):
        (tmp_path / f"unknown{index}.json").write_text(f'{{"a": {index}}}', encoding="utf-8")
    count = lint_json(tmp_path)["coverage"]["reader_warnings"]
    assert count > 3
    _, _, err = lint(str(tmp_path))
    assert f"{count} reader warning(s) (the first 3; --verbose lists all):" in err
    assert sum(1 for line in err.splitlines() if line.startswith(f"  {tmp_path}")) == 3
    _, _, err = lint(str(tmp_path), "--verbose")
    assert f"{count} reader warning(s):" in err
    assert sum(1 for line in err.splitlines() if line.startswith(f"  {tmp_path}")) == count


def test_a_rule_that_lacked_data_is_listed_as_could_not_run() -> None:
    report = lint_json(SAMPLES / "css-exchange-e19-lab")
    could_not = report["coverage"]["rules"]["could_not_run"]
    assert could_not and all(r["detail"] for r in could_not)
    inconclusive = {f["rule_id"] for f in report["findings"] if f["outcome"] == "inconclusive"}
    assert {r["rule_id"] for r in could_not} <= inconclusive


def test_disabled_rules_are_listed_as_disabled() -> None:
    _, out, _ = lint(str(BROKEN), "--format", "json", "--disable", "HYB-SEND-003")
    disabled = json.loads(out)["coverage"]["rules"]["disabled"]
    assert [r["rule_id"] for r in disabled] == ["HYB-SEND-003"]


@pytest.mark.parametrize("how", ["two snapshot.yaml", "two HybridConfiguration", "two tenants"])
def test_two_organisations_mixed_without_batch_are_an_input_warning(how: str, tmp_path: Path) -> None:
    first, second = tmp_path / "contoso", tmp_path / "fabrikam"
    shutil.copytree(BROKEN, first)
    if how == "two snapshot.yaml":
        shutil.copytree(SAMPLES / "exchange-se-healthy", second)
        paths = [str(first), str(second)]
    elif how == "two HybridConfiguration":
        second.mkdir()
        text = (BROKEN / "onprem" / "Get-HybridConfiguration.xml").read_bytes()
        old, new = (s.encode(_encoding(text)) for s in ("contoso.com", "fabrikam.com"))
        assert old in text
        (second / "Get-HybridConfiguration.xml").write_bytes(text.replace(old, new))
        paths = [str(first), str(second)]
    else:
        # The second tenant's Exchange Online export: its own coexistence domain.
        accepted = first / "exo" / "Get-AcceptedDomain.json"
        text = accepted.read_text(encoding="utf-8-sig")
        assert "contoso.mail.onmicrosoft.com" in text
        other = accepted.parent / "Get-AcceptedDomain-fabrikam.json"
        other.write_text(text.replace("contoso", "fabrikam"), encoding="utf-8")
        paths = [str(first)]
    result = runner.invoke(app, ["lint", *paths, *AS_OF, "--format", "json"])
    report = json.loads(result.stdout)
    assert "HYB-INPUT-003" in input_ids(report), how


def _encoding(data: bytes) -> str:
    return "utf-16-le" if data[:2] == b"\xff\xfe" else "utf-8"


def test_one_organisation_accepting_two_tenants_coexistence_domains_is_not_two_organisations(tmp_path: Path) -> None:
    # One on-premises organisation joined to two tenants accepts both coexistence domains (10.2).
    folder = tmp_path / "contoso"
    shutil.copytree(SAMPLES / "exchange-se-healthy", folder)
    accepted = folder / "onprem" / "Get-AcceptedDomain.xml"
    data = accepted.read_bytes()
    tenant = "contoso.mail.onmicrosoft.com".encode(_encoding(data))
    (accepted.parent / "Get-AcceptedDomain-second-tenant.xml").write_bytes(
        data.replace(tenant, "fabrikam.mail.onmicrosoft.com".encode(_encoding(data)))
    )
    report = lint_json(folder)
    assert "HYB-INPUT-003" not in input_ids(report)


def test_the_input_finding_is_a_row_of_the_csv_action_plan() -> None:
    _, out, _ = lint(str(BROKEN / "exo"), "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out.lstrip("\ufeff"))))
    assert any(row.get("rule") == "HYB-INPUT-001" for row in rows)
