"""`hybridlint diff`: changes on normalised values, and the findings a change introduces or resolves."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from testkit import AS_OF, SAMPLES
from typer.testing import CliRunner

from linter.cli.app import app
from linter.snapshot.clixml import reader as clixml
from linter.support.resources import validator

psjson = pytest.importorskip("psjson")
runner = CliRunner()
HEALTHY, BROKEN = str(SAMPLES / "exchange-se-healthy"), str(SAMPLES / "exchange-se-broken")


def diff_json(before: str, after: str, *args: str) -> tuple[int, dict]:  # type: ignore[type-arg]
    result = runner.invoke(app, ["diff", before, after, "--format", "json", *args, *AS_OF])
    assert result.exit_code in (0, 1), result.stdout + result.stderr
    document = json.loads(result.stdout)
    assert not list(validator("diff.schema.json").iter_errors(document))
    return result.exit_code, document


def test_the_broken_change_shows_its_edits_and_the_findings_it_introduces() -> None:
    code, report = diff_json(HEALTHY, BROKEN)
    assert code == 1
    objects = report["objects"]
    assert "EX01\\Relay - scan appliances" in [o["identity"] for o in objects["added"]]
    assert "<hand-made-sample-1@EX01.contoso.com>" in [o["identity"] for o in objects["added"]]  # the evidence
    send = next(o for o in objects["changed"] if o["kind"] == "SendConnector")
    changes = {c["property"]: (c["before"], c["after"]) for c in send["changes"]}
    assert changes["CloudServicesMailEnabled"] == (True, False) and changes["SmartHosts"][1] == ["smtp-gw.contoso.com"]
    assert "WhenChanged" not in changes
    assert len(report["findings"]["introduced"]) == 11 and report["findings"]["resolved"] == []


def test_undoing_the_change_resolves_the_findings_and_passes() -> None:
    code, report = diff_json(BROKEN, HEALTHY)
    assert code == 0 and len(report["findings"]["resolved"]) == 11 and report["findings"]["introduced"] == []


def test_a_re_export_as_json_is_not_a_change(tmp_path: Path) -> None:
    copy = tmp_path / "healthy-json"
    shutil.copytree(SAMPLES / "exchange-se-healthy", copy)
    for xml in sorted((copy / "onprem").glob("*.xml")):
        records = [top.value for top in clixml.read(xml.read_bytes(), str(xml))]
        data = psjson.convert(records if len(records) > 1 else records[0], depth=10, edition=7)
        xml.with_suffix(".json").write_text(psjson.dumps(data, 7), encoding="utf-8")
        xml.unlink()
    code, report = diff_json(HEALTHY, str(copy))
    assert code == 0
    assert report["objects"] == {"added": [], "removed": [], "changed": []}
    assert report["findings"] == {"introduced": [], "resolved": [], "suppressed": []}


def test_text_output_and_fail_on_never() -> None:
    result = runner.invoke(app, ["diff", HEALTHY, BROKEN, "--fail-on", "never", *AS_OF])
    assert result.exit_code == 0
    assert "CloudServicesMailEnabled: true -> false" in result.stdout
    assert result.stdout.rstrip().endswith("11 finding(s) introduced, 0 resolved")


def test_a_bad_snapshot_is_exit_2(tmp_path: Path) -> None:
    bad = tmp_path / "bad.xml"
    bad.write_text("<Objs", encoding="utf-8")
    result = runner.invoke(app, ["diff", HEALTHY, str(bad), *AS_OF])
    assert result.exit_code == 2 and result.stderr.startswith(str(bad))


def test_introduced_findings_a_suppression_accepts_are_listed_apart_and_do_not_fail(tmp_path: Path) -> None:
    config = tmp_path / "accepted.yaml"
    config.write_text(
        "suppressions:\n  - rule: HYB-SEND-0*\n    reason: gateway change approved in CAB-1234\n"
        "  - rule: HYB-NOPE-001\n    reason: matches nothing, in both snapshots alike\n",
        encoding="utf-8",
    )
    code, report = diff_json(HEALTHY, BROKEN, "--config", str(config))
    introduced = {f["rule_id"] for f in report["findings"]["introduced"]}
    accepted = {s["finding"]["rule_id"] for s in report["findings"]["suppressed"]}
    assert code == 1 and accepted == {"HYB-SEND-003", "HYB-SEND-005", "HYB-SEND-010"}
    assert introduced == {
        "HYB-HC-001",
        "HYB-LOG-004",
        "HYB-MSG-001",
        "HYB-MSG-003",
        "HYB-MSG-004",
        "HYB-RECV-004",
        "HYB-RECV-006",
        "HYB-REMOTE-001",
    }  # no HYB-CONFIG-002
    assert report["findings"]["suppressed"][0]["suppression"]["reason"] == "gateway change approved in CAB-1234"
    text = runner.invoke(app, ["diff", HEALTHY, BROKEN, "--config", str(config), *AS_OF]).stdout
    assert "FINDINGS INTRODUCED BUT SUPPRESSED (3), not counted" in text and "CAB-1234" in text
    assert text.rstrip().endswith("8 finding(s) introduced (3 more suppressed), 0 resolved")
    config.write_text("suppressions:\n  - rule: '*'\n    reason: all accepted for the lab\n", encoding="utf-8")
    assert diff_json(HEALTHY, BROKEN, "--config", str(config))[0] == 0


def test_a_suppression_found_beside_after_applies(tmp_path: Path) -> None:
    import shutil

    after = tmp_path / "after"
    shutil.copytree(BROKEN, after)
    (after / ".hybridlint.yaml").write_text("suppressions:\n  - rule: '*'\n    reason: lab\n", encoding="utf-8")
    code, report = diff_json(HEALTHY, str(after))
    assert code == 0 and len(report["findings"]["suppressed"]) == 11 and not report["findings"]["introduced"]
