"""The lint formats besides text and JSON, and writing several at once."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from testkit import AS_OF, SAMPLES, make_finding, make_report
from typer.testing import CliRunner

from linter.cli.app import app
from linter.report.csv_report import COLUMNS

runner = CliRunner()
BROKEN = str(SAMPLES / "exchange-se-broken")


def lint(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["lint", *args, *AS_OF])
    return result.exit_code, result.stdout, result.stderr


def test_csv_action_plan_is_ordered_by_priority_and_carries_the_fix() -> None:
    code, out, _ = lint(BROKEN, "--format", "csv")
    assert out.startswith("\ufeff")  # a byte-order mark: Excel reads the file as UTF-8
    rows = list(csv.DictReader(io.StringIO(out.removeprefix("\ufeff"))))
    assert code == 1 and tuple(rows[0]) == COLUMNS
    assert [int(r["priority"]) for r in rows] == sorted(int(r["priority"]) for r in rows)
    send = next(r for r in rows if r["rule"] == "HYB-SEND-003")
    assert send["fix"].startswith("Set-SendConnector") and send["reference"].startswith("https://")
    assert send["file"].endswith("Get-SendConnector.xml") and send["line"] == "2"


def test_csv_cells_cannot_become_spreadsheet_formulas(tmp_path: Path) -> None:

    from linter.report.csv_report import render_report

    hostile = make_finding(identity='=HYPERLINK("http://x")', message="+cmd", actual="-1")
    out = render_report(make_report([hostile]))
    row = list(csv.reader(io.StringIO(out.removeprefix("\ufeff"))))[1]
    assert row[COLUMNS.index("identity")].startswith("'=") and row[COLUMNS.index("problem")] == "'+cmd"
    assert row[COLUMNS.index("actual")] == "'-1"


def test_markdown_has_a_summary_and_one_section_per_finding() -> None:
    _, out, _ = lint(BROKEN, "--format", "markdown")
    assert out.startswith("# hybridlint report (2026-11-28)")
    assert "| error | 9 | 0 |" in out and out.count("\n### HYB-") == 11
    assert "```powershell\nSet-SendConnector -Identity 'Outbound to Office 365" in out


def test_several_formats_go_to_a_folder(tmp_path: Path) -> None:
    code, out, err = lint(BROKEN, "--format", "json,sarif,csv,markdown,text", "--output", str(tmp_path / "out"))
    assert code == 1 and out == ""
    written = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert written == ["hybridlint.csv", "hybridlint.json", "hybridlint.md", "hybridlint.sarif", "hybridlint.txt"]
    assert json.loads((tmp_path / "out" / "hybridlint.json").read_text(encoding="utf-8"))["summary"]["error"] == 9
    assert err.count("wrote ") == 5


def test_one_format_to_a_file_matches_stdout(tmp_path: Path) -> None:
    _, printed, _ = lint(BROKEN, "--format", "sarif")
    lint(BROKEN, "--format", "sarif", "-o", str(tmp_path / "r.sarif"))
    assert (tmp_path / "r.sarif").read_text(encoding="utf-8") == printed


@pytest.mark.parametrize("args", [["--format", "pdf"], ["--format", "json,sarif"], ["--format", ""]])
def test_bad_format_choices_are_usage_errors(args: list[str]) -> None:
    code, _, err = lint(BROKEN, *args)
    assert code == 2 and "--format" in err


@pytest.mark.parametrize("name", ["text", "json", "sarif", "csv", "markdown", "html", "junit"])
def test_every_format_is_byte_identical_across_runs(name: str) -> None:
    assert lint(BROKEN, "--format", name)[1] == lint(BROKEN, "--format", name)[1]


def test_markdown_escapes_prose_and_fences_values() -> None:
    _, out, _ = lint(BROKEN, "--format", "markdown")
    assert "names the certificate \\<I\\>CN=Fabrikam" in out  # not an HTML <I> tag
    from linter.report.markdown_report import _code

    assert _code("a`b") == "``a`b``" and _code("`x") == "`` `x ``"


def test_junit_has_a_case_per_rule_and_object_and_a_failure_per_finding() -> None:
    from xml.etree import ElementTree

    _, out, _ = lint(BROKEN, "--format", "junit")
    root = ElementTree.fromstring(out)
    cases = root.findall("./testsuite/testcase")
    assert int(root.get("tests", "0")) == len(cases) > 7
    failures = root.findall("./testsuite/testcase/failure")
    assert len(failures) == int(root.get("failures", "0")) == 11
    send = root.find("./testsuite[@name='HYB-SEND-003']/testcase/failure")
    assert send is not None and "fix:      Set-SendConnector" in (send.text or "")
    passed = root.find("./testsuite[@name='HYB-EXO-001']/testcase")
    assert passed is not None and len(passed) == 0  # applied and held


def test_junit_skips_inconclusive_checks_and_survives_hostile_text() -> None:
    from xml.etree import ElementTree

    from linter.report.junit_report import render_report

    _, out, _ = lint(str(SAMPLES / "css-exchange-e19-lab"), "--format", "junit")
    assert ElementTree.fromstring(out).findall(".//skipped")
    odd = make_finding(identity="a\x01b", message="bad \x0b value")
    root = ElementTree.fromstring(render_report(make_report([odd])))
    failure = root.find(".//failure")
    assert failure is not None and failure.get("message") == "bad \ufffd value"  # control characters replaced
    assert root.find(".//testcase[@name=\"SendConnector 'a\ufffdb' (on-premises)\"]") is not None


def test_json_report_names_the_ruleset_and_what_was_read(tmp_path: Path) -> None:
    from linter.support.resources import builtin_rules_dir, validator

    _, out, _ = lint(BROKEN, "--format", "json")
    report = json.loads(out)
    assert not list(validator("report.schema.json").iter_errors(report))
    assert report["ruleset"]["count"] == report["summary"]["rules"] and len(report["ruleset"]["digest"]) == 64
    assert report["ruleset"]["version"] == f"{report['tool']['version']}+{report['ruleset']['digest'][:12]}"
    assert {f["path"].rsplit("/", 1)[-1] for f in report["snapshot"]["files"]} >= {"Get-SendConnector.xml"}
    extra = tmp_path / "extra"
    extra.mkdir()
    rule = (builtin_rules_dir() / "hybrid" / "HYB-SEND-003.yaml").read_text(encoding="utf-8")
    (extra / "X.yaml").write_text(rule.replace("id: HYB-SEND-003", "id: MY-SEND-003"), encoding="utf-8")
    _, again, _ = lint(BROKEN, "--format", "json", "--rules", str(extra))
    assert json.loads(again)["ruleset"]["digest"] != report["ruleset"]["digest"]


def test_text_groups_by_severity_then_object() -> None:
    _, out, _ = lint(BROKEN)
    errors, warnings = out.split("\nWARNING (2)\n")
    assert errors.startswith("ERROR (9)\n")
    header = "  SendConnector 'Outbound to Office 365 - 6b0d2f7e-3c41-4a8e-9f52-1d7e0c3b9a64' (on-premises)  "
    assert errors.count(header) == 1 and warnings.count(header) == 1  # named once per severity
    under = errors.split(header, 1)[1].split("\n\n", 1)[0]  # up to the next object
    assert "\n    HYB-SEND-003  " in under and "\n    HYB-SEND-005  " in under
    assert "  ReceiveConnector 'EX01\\Default Frontend EX01' (on-premises on EX01)  " in errors


@pytest.mark.parametrize(
    "args",
    [
        ["lint", BROKEN, "--format", "json,sarif", "-o", "{file}"],
        ["lint", "--batch", BROKEN, "--format", "json", "-o", "{file}"],
        ["lint", BROKEN, "--format", "html", "-o", "{file}/report.html"],
        ["diff", BROKEN, BROKEN, "-o", "{file}/diff.txt"],
        ["baseline", "create", BROKEN, "-o", "{file}/baseline.json"],
        ["rules", "docs", "-o", "{file}/reference.md"],
    ],
)
def test_an_output_that_cannot_be_written_is_one_line_and_exit_2(tmp_path: Path, args: list[str]) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("", encoding="utf-8")
    result = runner.invoke(
        app,
        [a.replace("{file}", str(blocker)) for a in args] + (AS_OF if args[0] in ("lint", "diff", "baseline") else []),
    )
    lines = [line for line in result.stderr.splitlines() if "cannot write" in line]
    assert result.exit_code == 2 and len(lines) == 1, result.stderr
    assert f"{blocker} is a file, not a folder" in lines[0] and "Traceback" not in result.stderr


def test_github_annotations_carry_file_line_and_escaped_values() -> None:
    from linter.report.github_report import render_report

    hostile = make_finding(identity="a,b:c", message="line one\n::error::injected 100%")
    out = render_report(make_report([hostile]))
    first = out.splitlines()[0]
    assert first.startswith("::error file=") and ",line=" in first
    assert "title=" in first and "a%2Cb%3Ac" in first
    assert first.endswith("::line one%0A::error::injected 100%25")
    assert len(out.splitlines()) == 2  # the annotation and the summary: no injected line


def test_github_format_on_the_broken_sample() -> None:
    code, out, _ = lint(BROKEN, "--format", "github")
    assert code == 1
    lines = out.splitlines()
    assert any(line.startswith("::error file=") and "HYB-SEND-003" in line for line in lines)
    assert lines[-1].endswith("as of 2026-11-28") or "finding(s)" in lines[-1]
