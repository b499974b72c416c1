"""The EOP range dataset: shipped, shown, imported from the endpoints web service, stale warnings."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from testkit import SAMPLES
from typer.testing import CliRunner

from linter.cli.app import app
from linter.datasets import eop_ranges as eop

runner = CliRunner()

# The shape of https://endpoints.office.com/endpoints/worldwide (the fields hybridlint reads).
ANSWER = [
    {
        "id": 1,
        "serviceArea": "Exchange",
        "urls": ["outlook.office.com"],
        "ips": ["13.107.6.152/31"],
        "tcpPorts": "80,443",
        "expressRoute": True,
        "category": "Optimize",
        "required": True,
    },
    {
        "id": 10,
        "serviceArea": "Exchange",
        "urls": ["*.mail.protection.outlook.com", "*.mx.microsoft"],
        "ips": [
            "40.92.0.0/15",
            "40.107.0.0/16",
            "52.100.0.0/15",
            "104.47.0.0/17",
            "2a01:111:f400::/48",
            "2a01:111:f403::/48",
        ],
        "tcpPorts": "25",
        "expressRoute": True,
        "category": "Allow",
        "required": True,
    },
]


@pytest.fixture(autouse=True)
def data_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    eop.dataset.cache_clear()
    yield tmp_path / "data"
    eop.dataset.cache_clear()


def test_show_the_shipped_dataset() -> None:
    result = runner.invoke(app, ["eop-ranges", "show", "--as-of", "2026-09-01"])
    assert result.exit_code == 0
    assert "as of 2026-08-14, shipped with hybridlint; 18 days old" in result.stdout
    assert "40.92.0.0/15" in result.stdout and "23.103.132.0/22" in result.stdout


def test_import_takes_precedence_and_retires_what_left(tmp_path: Path, data_folder: Path) -> None:
    answer = tmp_path / "worldwide.json"
    answer.write_text(json.dumps(ANSWER), encoding="utf-8")
    result = runner.invoke(app, ["eop-ranges", "import", str(answer), "--as-of", "2026-11-28"])
    assert result.exit_code == 0 and "imported 6 current range(s)" in result.stdout
    saved = json.loads((data_folder / "hybridlint" / "eop-ranges.json").read_text(encoding="utf-8"))
    assert "52.100.0.0/15" in saved["ranges"]
    retired = {r["range"]: r for r in saved["previously_published_in_set_10_now_removed"]}
    assert retired["52.100.0.0/14"]["removed_in"] == "2026-11-28"  # in the old set, not in the new one
    shown = runner.invoke(app, ["eop-ranges", "show", "--as-of", "2026-11-28"])
    assert "imported" in shown.stdout and "0 days old" in shown.stdout


@pytest.mark.parametrize(
    ("text", "message"),
    [("{}", "JSON array of endpoint sets"), ('[{"id": 1}]', "no endpoint set 10"), ("[", "not JSON")],
)
def test_import_refuses_other_files(tmp_path: Path, text: str, message: str) -> None:
    answer = tmp_path / "answer.json"
    answer.write_text(text, encoding="utf-8")
    result = runner.invoke(app, ["eop-ranges", "import", str(answer)])
    assert result.exit_code == 2 and message in result.stderr


def test_lint_warns_about_a_stale_dataset_and_reports_its_date() -> None:
    broken = str(SAMPLES / "exchange2010-hybrid")
    stale = runner.invoke(app, ["lint", broken, "--as-of", "2026-11-28", "--format", "json"])
    assert "EOP range dataset is 106 days old" in stale.stderr
    report = json.loads(stale.stdout)
    assert report["eop_dataset"] == {"as_of": "2026-08-14", "origin": "shipped with hybridlint", "stale": True}
    fresh = runner.invoke(app, ["lint", broken, "--as-of", "2026-09-01"])
    assert "days old" not in fresh.stderr


def test_import_refuses_a_file_over_the_size_cap(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    answer = tmp_path / "answer.json"
    answer.write_text(json.dumps(ANSWER), encoding="utf-8")
    monkeypatch.setattr(eop, "MAX_IMPORT_BYTES", 100)
    result = runner.invoke(app, ["eop-ranges", "import", str(answer)])
    assert result.exit_code == 2 and "endpoints file larger than" in result.stderr


def test_an_import_that_cannot_be_written_is_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    answer = tmp_path / "answer.json"
    answer.write_text(json.dumps(ANSWER), encoding="utf-8")
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv("XDG_DATA_HOME", str(blocker))
    result = runner.invoke(app, ["eop-ranges", "import", str(answer), "--as-of", "2026-11-28"])
    assert result.exit_code == 2 and "is a file, not a folder" in result.stderr
    assert len(result.stderr.splitlines()) == 1
