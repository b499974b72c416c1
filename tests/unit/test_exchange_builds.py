"""The Exchange build list: what it says of a build, shown, imported."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from linter.cli.app import app
from linter.datasets import exchange_builds as builds
from linter.values.version import ExchangeVersion

runner = CliRunner()


@pytest.fixture(autouse=True)
def data_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    builds.build_list.cache_clear()
    yield tmp_path / "data"
    builds.build_list.cache_clear()


def _describe(text: str) -> builds.BuildInfo:
    info = builds.describe(ExchangeVersion.parse(text))
    assert info is not None
    return info


def test_server_se_and_2019_share_15_2_and_are_told_apart_by_build() -> None:
    se = _describe("15.2.2562.37")
    assert (se.product, se.level, se.end_of_support, se.up_to_date) == ("Exchange Server SE", "RTM", None, True)
    cu15 = _describe("Version 15.2 (Build 1748.10)")
    assert (cu15.product, cu15.level, cu15.end_of_support) == ("Exchange 2019", "CU15", date(2025, 10, 14))
    assert cu15.level_is_current and not cu15.up_to_date and cu15.latest_update == "Feb26SU"


def test_a_cu_two_behind_is_not_current_and_the_one_before_is() -> None:
    assert not _describe("15.2.1118.7").level_is_current  # 2019 CU12
    assert _describe("15.2.1544.4").level_is_current  # 2019 CU14: the one before CU15
    assert _describe("15.2.1544.39").up_to_date  # CU14 Feb26SU


def test_exchange_2010_levels_are_update_rollups() -> None:
    sp3 = _describe("14.3.123.4")
    assert (sp3.product, sp3.level, sp3.latest_level, sp3.end_of_support) == (
        "Exchange 2010",
        "SP3",
        "SP3 RU32",
        date(2020, 10, 13),
    )


def test_a_build_of_no_known_product_is_not_described() -> None:
    assert builds.describe(ExchangeVersion.parse("16.0.100.1")) is None
    assert builds.describe(ExchangeVersion.parse("8.3.83.6")) is None  # Exchange 2007 is not in the list


def test_show_names_each_product() -> None:
    result = runner.invoke(app, ["exchange-builds", "show"])
    assert result.exit_code == 0
    assert "as of 2026-04-02, shipped with hybridlint" in result.stdout
    assert "Exchange Server SE: end of support not announced; latest RTM; newest update Feb26SU (15.2.2562.37)" in (
        result.stdout
    )


def test_an_import_takes_precedence(tmp_path: Path, data_folder: Path) -> None:
    newer = json.loads(Path(builds.__file__).with_name("exchange-builds.json").read_text(encoding="utf-8"))
    newer["as_of"] = "2026-11-20"
    se = next(p for p in newer["products"] if p["name"] == "Exchange Server SE")
    se["updates"].append({"name": "CU1", "build": "15.2.2600.5", "released": "2026-10-20", "security_updates": []})
    file = tmp_path / "builds.json"
    file.write_text(json.dumps(newer), encoding="utf-8")
    result = runner.invoke(app, ["exchange-builds", "import", str(file)])
    assert result.exit_code == 0 and "as of 2026-11-20" in result.stdout
    assert (data_folder / "hybridlint" / "exchange-builds.json").is_file()
    rtm = _describe("15.2.2562.37")
    assert (rtm.latest_level, rtm.previous_level, rtm.level_is_current) == ("CU1", "RTM", True)
    assert builds.build_list().origin.startswith("imported")


def test_an_import_that_is_not_a_build_list_is_one_line(tmp_path: Path) -> None:
    file = tmp_path / "builds.json"
    file.write_text(json.dumps({"source": "x", "as_of": "2026-11-20", "products": [{"name": "E"}]}), encoding="utf-8")
    result = runner.invoke(app, ["exchange-builds", "import", str(file)])
    assert result.exit_code == 2 and len(result.stderr.splitlines()) == 1
    assert "builds.json" in result.stderr and "major" in result.stderr
