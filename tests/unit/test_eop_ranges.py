"""The EOP range dataset: shipped, shown, imported from the endpoints web service, stale warnings."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from testkit import FIXTURES_DIR, SAMPLES
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
    assert saved["instance"] == "Worldwide" and saved["endpoint_set_id"] == 10
    retired = {r["range"]: r for r in saved["retired"]}
    assert retired["52.100.0.0/14"]["removed_in"] == "2026-11-28"  # in the old set, not in the new one
    shown = runner.invoke(app, ["eop-ranges", "show", "--instance", "Worldwide", "--as-of", "2026-11-28"])
    assert "imported" in shown.stdout and "0 days old" in shown.stdout


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{}", "JSON array of endpoint sets"),
        ('[{"id": 1}]', "no endpoint set with Exchange Online Protection's SMTP hosts"),
        ("[", "not JSON"),
    ],
)
def test_import_refuses_other_files(tmp_path: Path, text: str, message: str) -> None:
    answer = tmp_path / "answer.json"
    answer.write_text(text, encoding="utf-8")
    result = runner.invoke(app, ["eop-ranges", "import", str(answer)])
    assert result.exit_code == 2 and message in result.stderr


def test_lint_warns_about_a_stale_dataset_only_past_a_year_and_when_a_rule_used_it() -> None:
    sample = str(SAMPLES / "exchange2010-hybrid")
    stale = runner.invoke(app, ["lint", sample, "--as-of", "2027-09-01", "--format", "json"])
    assert "Worldwide EOP range dataset is 383 days old" in stale.stderr
    report = json.loads(stale.stdout)
    expected = {"instance": "Worldwide", "as_of": "2026-08-14", "origin": "shipped with hybridlint", "stale": True}
    assert report["eop_dataset"] == expected
    # 106 days: the SMTP set has not changed since 2019 (hybrid-facts 2.4), so this is no warning.
    recent = runner.invoke(app, ["lint", sample, "--as-of", "2026-11-28", "--format", "json"])
    assert "days old" not in recent.stderr
    assert json.loads(recent.stdout)["eop_dataset"]["stale"] is False
    # A run whose rules compared no address with the dataset is not warned, however old it is.
    unused = runner.invoke(app, ["lint", sample, "--as-of", "2027-09-01", "--select", "HYB-SEND-003"])
    assert "days old" not in unused.stderr


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


# The GCC High and DoD answers (endpoint set 6 in both; hybrid-facts 2.3), cut to the fields read.
GCC_HIGH_ANSWER = [
    {
        "id": 6,
        "serviceArea": "Exchange",
        "urls": ["*.manage.office365.us", "*.protection.office365.us", "*.usgovcloud-mx.microsoft"],
        "ips": ["23.103.191.0/24", "62.10.128.0/20", "2001:489a:2202:8000::/50"],
        "tcpPorts": "25,443",
        "category": "Allow",
        "required": True,
    }
]
DOD_ANSWER = [
    {
        "id": 6,
        "serviceArea": "Exchange",
        "urls": ["*.protection.apps.mil", "*.protection.office365.us", "*.usgovcloud-mx.microsoft"],
        "ips": ["23.103.191.0/24", "62.10.144.0/20"],
        "tcpPorts": "25,443",
        "category": "Allow",
        "required": True,
    }
]


def test_the_gcc_high_and_dod_sets_ship_with_their_dates() -> None:
    gcc_high, dod, china = eop.dataset("USGovGCCHigh"), eop.dataset("USGovDoD"), eop.dataset("China")
    assert gcc_high is not None and dod is not None
    assert (gcc_high.as_of, gcc_high.endpoint_set_id, dod.as_of) == ("2026-03-31", 6, "2026-03-31")
    assert "62.10.128.0/20" in gcc_high.ranges and "62.10.128.0/20" not in dod.ranges
    assert "62.10.144.0/20" in dod.ranges and "13.72.179.197/32" in {r.range for r in gcc_high.retired}
    assert china is None  # only 2021 data was ever found: none ships
    shown = runner.invoke(app, ["eop-ranges", "show", "--as-of", "2026-04-01"])
    assert "USGovGCCHigh: EOP SMTP ranges (endpoint set 6), as of 2026-03-31" in shown.stdout
    assert "USGovDoD: EOP SMTP ranges (endpoint set 6)" in shown.stdout and "China: none shipped" in shown.stdout


@pytest.mark.parametrize(("answer", "instance"), [(GCC_HIGH_ANSWER, "USGovGCCHigh"), (DOD_ANSWER, "USGovDoD")])
def test_import_tells_the_instance_from_the_host_names(
    tmp_path: Path, data_folder: Path, answer: list[dict[str, object]], instance: str
) -> None:
    file = tmp_path / "answer.json"
    file.write_text(json.dumps(answer), encoding="utf-8")
    result = runner.invoke(app, ["eop-ranges", "import", str(file), "--as-of", "2026-11-28"])
    assert result.exit_code == 0 and f"of the {instance} instance" in result.stdout
    assert (data_folder / "hybridlint" / f"eop-ranges-{instance}.json").is_file()
    imported = eop.dataset(instance)
    assert imported is not None and imported.as_of == "2026-11-28" and imported.origin.startswith("imported")
    worldwide = eop.dataset("Worldwide")
    assert worldwide is not None and worldwide.origin == "shipped with hybridlint"  # untouched


def test_import_refuses_an_instance_that_does_not_match(tmp_path: Path) -> None:
    file = tmp_path / "answer.json"
    file.write_text(json.dumps(DOD_ANSWER), encoding="utf-8")
    result = runner.invoke(app, ["eop-ranges", "import", str(file), "--instance", "USGovGCCHigh"])
    assert result.exit_code == 2 and "the USGovDoD instance's answer, not USGovGCCHigh's" in result.stderr


def test_a_china_answer_is_imported_when_its_instance_is_named(tmp_path: Path, data_folder: Path) -> None:
    # 21Vianet's 2021 Exchange set (hybrid-facts 2.3) lists no host name hybridlint knows.
    china = [{"id": 2, "serviceArea": "Exchange", "ips": ["42.159.33.192/27"], "tcpPorts": "25,443,53,80"}]
    file = tmp_path / "china.json"
    file.write_text(json.dumps(china), encoding="utf-8")
    unnamed = runner.invoke(app, ["eop-ranges", "import", str(file)])
    assert unnamed.exit_code == 2 and "no endpoint set" in unnamed.stderr
    named = runner.invoke(app, ["eop-ranges", "import", str(file), "--instance", "China", "--as-of", "2026-11-28"])
    assert named.exit_code == 0 and "of the China instance" in named.stdout
    imported = eop.dataset("China")
    assert imported is not None and imported.ranges == ("42.159.33.192/27",)


def test_an_import_from_an_earlier_version_is_still_read(data_folder: Path) -> None:
    legacy = {
        "as_of": "2026-10-01",
        "ranges": ["40.92.0.0/15"],
        "previously_published_in_set_10_now_removed": [{"range": "23.103.132.0/22", "removed_in": "2019022800"}],
    }
    (data_folder / "hybridlint").mkdir(parents=True)
    (data_folder / "hybridlint" / "eop-ranges.json").write_text(json.dumps(legacy), encoding="utf-8")
    found = eop.dataset("Worldwide")
    assert found is not None and found.as_of == "2026-10-01" and found.retired[0].range == "23.103.132.0/22"


# -- a tenant's own list (Get-HybridMailflowDatacenterIPs), hand-made: tests/fixtures/eop-range-lists

LISTS = FIXTURES_DIR / "eop-range-lists"


def test_a_tenants_address_list_imports_with_its_instance_and_date(data_folder: Path) -> None:
    file = LISTS / "hand-made-Get-HybridMailflowDatacenterIPs.xml"
    result = runner.invoke(app, ["eop-ranges", "import", str(file), "--instance", "Worldwide", "--as-of", "2026-11-30"])
    assert result.exit_code == 0, result.output
    assert "imported 7 current range(s) of the Worldwide instance" in result.stdout
    saved = json.loads((data_folder / "hybridlint" / "eop-ranges.json").read_text(encoding="utf-8"))
    assert saved["ranges"][0] == "40.92.0.0/15" and saved["as_of"] == "2026-11-30"
    assert "Get-HybridMailflowDatacenterIPs" in saved["source"]


def test_an_address_list_needs_its_instance_and_date() -> None:
    file = LISTS / "hand-made-Get-HybridMailflowDatacenterIPs.xml"
    result = runner.invoke(app, ["eop-ranges", "import", str(file)])
    assert result.exit_code == 2 and "say its --instance and the --as-of date" in result.stderr


def test_a_list_older_than_the_dataset_in_use_is_refused() -> None:
    file = LISTS / "hand-made-Get-HybridMailflowDatacenterIPs.xml"
    result = runner.invoke(app, ["eop-ranges", "import", str(file), "--instance", "Worldwide", "--as-of", "2019-05-01"])
    assert result.exit_code == 2
    assert "before the Worldwide dataset in use (as of 2026-08-14)" in result.stderr


def test_a_cut_list_and_private_addresses_are_never_imported(tmp_path: Path) -> None:
    cut = LISTS / "hand-made-Get-HybridMailflowDatacenterIPs-fl.txt"
    result = runner.invoke(app, ["eop-ranges", "import", str(cut), "--instance", "Worldwide", "--as-of", "2026-11-30"])
    assert result.exit_code == 2 and "cut at $FormatEnumerationLimit" in result.stderr
    mixed = tmp_path / "ips.txt"
    mixed.write_text("DatacenterIPs : {40.92.0.0/15, 10.0.0.0/8, 0.0.0.0-255.255.255.255}\n", encoding="utf-8")
    result = runner.invoke(
        app, ["eop-ranges", "import", str(mixed), "--instance", "Worldwide", "--as-of", "2026-11-30"]
    )
    assert result.exit_code == 0, result.output
    assert "imported 1 current range(s)" in result.stdout
    assert "left out 2 non-public value(s): 10.0.0.0/8, 0.0.0.0-255.255.255.255" in result.stderr


def test_the_list_in_a_snapshot_is_skipped_with_the_way_to_import_it(tmp_path: Path) -> None:
    import shutil

    from linter.snapshot.loader import load_snapshot

    folder = tmp_path / "snapshot" / "exo"
    shutil.copytree(SAMPLES / "exchange-se-healthy" / "exo", folder)
    shutil.copy(LISTS / "hand-made-Get-HybridMailflowDatacenterIPs.xml", folder / "Get-HybridMailflowDatacenterIPs.xml")
    snapshot = load_snapshot([str(folder.parent)])
    (skipped,) = snapshot.skipped
    assert skipped.path.endswith("Get-HybridMailflowDatacenterIPs.xml")
    assert "hybridlint eop-ranges import FILE --instance NAME --as-of DATE" in skipped.reason
    assert not [w for w in snapshot.warnings if w.code == "unknown-type"]
