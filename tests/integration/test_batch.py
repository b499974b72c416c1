"""`lint --batch`: a report per snapshot, the same bytes as linting it alone, a summary, exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from testkit import AS_OF, SAMPLES, sarif_errors
from typer.testing import CliRunner

from linter.cli.app import app
from linter.run.batch import snapshot_names
from linter.support.resources import validator

runner = CliRunner()
BROKEN, HEALTHY, OLD = (
    str(SAMPLES / name) for name in ("exchange-se-broken", "exchange-se-healthy", "exchange2010-hybrid")
)


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["lint", *args, *AS_OF])
    return result.exit_code, result.stdout, result.stderr


def tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_each_snapshot_gets_the_report_it_gets_alone(tmp_path: Path) -> None:
    code, out, err = run("--batch", BROKEN, HEALTHY, OLD, "--format", "json,html,sarif", "-o", str(tmp_path))
    assert code == 1, err
    assert set(tree(tmp_path)) == {
        f"{name}/hybridlint.{ext}"
        for name in ("exchange-se-broken", "exchange-se-healthy", "exchange2010-hybrid")
        for ext in ("json", "html", "sarif")
    } | {"summary.json", "index.html"}
    for path, name in ((BROKEN, "exchange-se-broken"), (OLD, "exchange2010-hybrid")):
        for fmt in ("json", "html"):
            alone = run(path, "--format", fmt)[1]
            assert (tmp_path / name / f"hybridlint.{fmt}").read_text(encoding="utf-8") == alone
    for sarif in tmp_path.glob("*/hybridlint.sarif"):  # rendered in worker processes
        assert not sarif_errors(sarif.read_text(encoding="utf-8")), sarif
    summary = json.loads((tmp_path / "summary.json").read_text(encoding="utf-8"))
    assert not list(validator("batch-summary.schema.json").iter_errors(summary))
    rows = {s["name"]: s for s in summary["snapshots"]}
    assert rows["exchange-se-broken"]["counts"]["error"] == 9 and rows["exchange-se-healthy"]["status"] == "clean"
    assert rows["exchange-se-broken"]["reports"]["html"] == "exchange-se-broken/hybridlint.html"
    index = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert 'href="exchange-se-broken/hybridlint.html"' in index
    # Each snapshot's verdict per area, as its own report's executive summary gives it.
    alone = json.loads(run(BROKEN, "--format", "json")[1])["areas"]
    assert rows["exchange-se-broken"]["areas"] == {a["area"]: a["verdict"] for a in alone}
    assert rows["exchange-se-healthy"]["areas"]["certificates"] == "no-problem"
    assert "<th" in index and ">Certificates<" in index and '<span class="verdict ok">no problem</span>' in index
    lines = out.splitlines()
    assert lines[0].split()[:3] == ["snapshot", "error", "warning"] and lines[-1].startswith("3 snapshot(s): 10 error")
    assert [line.split()[0] for line in lines[2:5]] == [BROKEN, HEALTHY, OLD]  # argument order, not finishing order


def test_parallel_and_serial_runs_write_the_same_bytes(tmp_path: Path) -> None:
    args = ["--batch", BROKEN, HEALTHY, OLD, BROKEN, "--format", "json,html,csv,junit"]
    serial = run(*args, "-o", str(tmp_path / "one"), "--jobs", "1")
    parallel = run(*args, "-o", str(tmp_path / "two"), "--jobs", "2")
    assert serial[:2] == parallel[:2] and tree(tmp_path / "one") == tree(tmp_path / "two")
    assert "exchange-se-broken-2/hybridlint.json" in tree(tmp_path / "two")


def test_an_unreadable_snapshot_is_exit_2_after_the_others_are_written(tmp_path: Path) -> None:
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "GetSendConnector.xml").write_text("<Objs", encoding="utf-8")
    code, out, err = run("--batch", HEALTHY, str(bad), "--format", "json", "-o", str(tmp_path / "out"))
    assert code == 2
    assert (tmp_path / "out" / "exchange-se-healthy" / "hybridlint.json").is_file()
    assert not (tmp_path / "out" / "bad").exists()
    summary = json.loads((tmp_path / "out" / "summary.json").read_text(encoding="utf-8"))
    assert not list(validator("batch-summary.schema.json").iter_errors(summary))
    assert summary["snapshots"][1]["status"] == "unreadable" and summary["snapshots"][1]["counts"] is None
    assert summary["snapshots"][1]["areas"] is None
    row = next(line for line in out.splitlines() if line.startswith(str(bad)))
    assert "GetSendConnector.xml:1:" in row and "Traceback" not in out + err
    assert f"[2/2] {bad}" in err or f"[1/2] {bad}" in err  # progress lines when stderr is not a terminal


@pytest.mark.parametrize(
    ("fail_on", "paths", "expected"),
    [
        ("warning", [HEALTHY, HEALTHY], 0),
        ("warning", [HEALTHY, OLD], 1),
        ("error", [HEALTHY], 0),
        ("never", [BROKEN, OLD], 0),
        ("info", [HEALTHY], 0),
    ],
)
def test_exit_codes(fail_on: str, paths: list[str], expected: int) -> None:
    assert run("--batch", *paths, "--fail-on", fail_on)[0] == expected


def test_text_to_stdout_gives_each_report_then_the_summary() -> None:
    code, out, _ = run("--batch", BROKEN, HEALTHY)
    alone = run(BROKEN)[1]
    assert code == 1 and out.startswith(f"== {BROKEN}\n{alone}\n== {HEALTHY}\n")
    assert out.rstrip().splitlines()[-1].startswith("2 snapshot(s): 9 error, 2 warning")


def test_other_formats_need_a_folder() -> None:
    code, _, err = run("--batch", BROKEN, HEALTHY, "--format", "json")
    assert code == 2 and "--output" in err


def test_snapshot_names_are_safe_and_unique(tmp_path: Path) -> None:
    assert snapshot_names(["a/contoso", "b/Contoso/", "c/contoso.zip", "x/fab rikam!", "/", "."]) == [
        "contoso",
        "Contoso-2",
        "contoso-3",
        "fab_rikam",
        "snapshot",
        Path.cwd().name,
    ]
    assert snapshot_names([str(tmp_path / "x" / "..")]) == [tmp_path.name.strip("._")]
