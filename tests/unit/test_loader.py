"""Snapshot input: folders, zips, single files, snapshot.yaml, duplicates, and the `snapshot` command."""

from __future__ import annotations

import json
import shutil
import zipfile
from pathlib import Path
from typing import Any

import pytest
from testkit import CORPUS, SAMPLES
from typer.testing import CliRunner

from linter.cli.app import app
from linter.snapshot.loader import load_snapshot
from linter.support.errors import InputError
from linter.support.resources import validator

E19 = CORPUS / "css-exchange" / "hc-E19"
runner = CliRunner()


@pytest.fixture
def export_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "contoso"
    (folder / "onprem" / "transport").mkdir(parents=True)
    shutil.copy(E19 / "GetSendConnector.xml", folder / "onprem" / "GetSendConnector.xml")
    shutil.copy(E19 / "GetReceiveConnector.xml", folder / "onprem" / "transport" / "GetReceiveConnector.xml")
    shutil.copy(E19 / "GetAcceptedDomain.xml", folder / "onprem" / "GetAcceptedDomain.xml")
    (folder / "notes.txt").write_text("not an export")
    (folder / ".hidden.xml").write_text("<broken")
    return folder


def test_folder_is_read_recursively_and_other_files_ignored(export_folder: Path) -> None:
    snapshot = load_snapshot([str(export_folder)])
    assert [Path(f.path).name for f in snapshot.files] == [
        "GetAcceptedDomain.xml",
        "GetSendConnector.xml",
        "GetReceiveConnector.xml",
    ]
    assert len(snapshot.objects) == 3 + 1 + 5
    assert not snapshot.warnings


def test_zip_and_files_in_one_call(export_folder: Path, tmp_path: Path) -> None:
    archive = tmp_path / "exports.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.write(E19 / "GetHybridConfiguration.xml", "onprem/GetHybridConfiguration.xml")
        zf.writestr("__MACOSX/._GetHybridConfiguration.xml", b"junk")
    snapshot = load_snapshot([str(archive), str(E19 / "GetExchangeServer.xml"), str(export_folder)])
    kinds = sorted({o.kind for o in snapshot.objects})
    assert kinds == ["AcceptedDomain", "ExchangeServer", "HybridConfiguration", "ReceiveConnector", "SendConnector"]
    hybrid = next(o for o in snapshot.objects if o.kind == "HybridConfiguration")
    assert hybrid.source.file == f"{archive}!onprem/GetHybridConfiguration.xml"


def test_duplicate_object_is_reported_not_counted(export_folder: Path) -> None:
    shutil.copy(E19 / "GetSendConnector.xml", export_folder / "again.xml")
    snapshot = load_snapshot([str(export_folder)])
    assert sum(1 for o in snapshot.objects if o.kind == "SendConnector") == 1
    duplicates = [w for w in snapshot.warnings if w.code == "duplicate"]
    assert len(duplicates) == 1 and "Mail to O365" in duplicates[0].message
    assert "different values" not in duplicates[0].message


def test_re_export_with_other_values_is_flagged(tmp_path: Path) -> None:
    shutil.copy(E19 / "GetReceiveConnector.xml", tmp_path / "a.xml")
    other = CORPUS / "css-exchange/hc-datacollection/GetReceiveConnectorEmptyTlsCertificateName.xml"
    shutil.copy(other, tmp_path / "b.xml")
    snapshot = load_snapshot([str(tmp_path)])
    changed = [w for w in snapshot.warnings if "different values" in w.message]
    assert [w.message.split("'")[1] for w in changed] == ["WIN-CTD3L0RGEN4\\Default Frontend WIN-CTD3L0RGEN4"]


def test_manifest_names_organisation_and_overrides_side_kind_server(export_folder: Path) -> None:
    (export_folder / "snapshot.yaml").write_text(
        "organization: Contoso\n"
        "export_date: 2026-11-20\n"
        "exchange_versions:\n  WIN-CTD3L0RGEN4: 15.2.986.5\n"
        "files:\n"
        "  onprem/GetAcceptedDomain.xml: {side: exchange-online}\n"
        "  onprem/transport/*.xml: {server: EX01}\n"
    )
    snapshot = load_snapshot([str(export_folder)])
    assert snapshot.manifest is not None
    assert (snapshot.manifest.organization, snapshot.manifest.export_date) == ("Contoso", "2026-11-20")
    assert snapshot.manifest.exchange_versions == {"WIN-CTD3L0RGEN4": "15.2.986.5"}
    domains = [o for o in snapshot.objects if o.kind == "AcceptedDomain"]
    assert {o.side for o in domains} == {"exchange-online"}
    assert {o.server for o in snapshot.objects if o.kind == "ReceiveConnector"} == {"EX01"}
    send = next(o for o in snapshot.objects if o.kind == "SendConnector")
    assert send.side == "on-premises"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("files:\n  a.xml: {side: cloud}\n", "files/a.xml/side"),
        ("organisation: typo\n", "unknown field 'organisation'; did you mean 'organization'?"),
        ("files: [\n", "invalid YAML"),
    ],
)
def test_bad_manifest(export_folder: Path, text: str, message: str) -> None:
    (export_folder / "snapshot.yaml").write_text(text)
    with pytest.raises(InputError) as caught:
        load_snapshot([str(export_folder)])
    assert message in str(caught.value) and "snapshot.yaml" in str(caught.value)


def test_folder_without_exports(tmp_path: Path) -> None:
    (tmp_path / "readme.txt").write_text("hello")
    with pytest.raises(InputError, match="no export files found"):
        load_snapshot([str(tmp_path)])


def test_snapshot_command_json_validates_against_schema(export_folder: Path) -> None:
    result = runner.invoke(app, ["snapshot", str(export_folder), "--format", "json"])
    assert result.exit_code == 0
    document = json.loads(result.stdout)
    assert not list(validator("snapshot.schema.json").iter_errors(document))
    first = document["objects"][0]
    assert set(first) >= {"kind", "side", "identity", "source", "properties"}
    assert first["source"]["line"] == 2
    again = runner.invoke(app, ["snapshot", str(export_folder), "--format", "json"])
    assert again.stdout == result.stdout  # deterministic


def test_snapshot_command_table(export_folder: Path) -> None:
    result = runner.invoke(app, ["snapshot", str(export_folder)])
    assert result.exit_code == 0
    out = result.stdout
    assert "Files (3)" in out and "Objects (9)" in out and "Warnings (0)" in out
    assert "WIN-CTD3L0RGEN4\\Default Frontend WIN-CTD3L0RGEN4" in out
    assert "GetReceiveConnector.xml:1012" in out


def test_unknown_type_is_kept_as_generic_with_a_warning(tmp_path: Path) -> None:
    (tmp_path / "mailbox.xml").write_text(
        '<Objs Version="1.1.0.1" xmlns="http://schemas.microsoft.com/powershell/2004/04">\n'
        '  <Obj RefId="0"><TN RefId="0"><T>Deserialized.Microsoft.Exchange.Data.Directory.Management.Mailbox</T>'
        '<T>System.Object</T></TN><ToString>alice</ToString><Props><S N="Name">alice</S></Props></Obj>\n</Objs>'
    )
    snapshot = load_snapshot([str(tmp_path)])
    assert [(o.kind, o.identity) for o in snapshot.objects] == [("Generic", "alice")]
    assert [w.code for w in snapshot.warnings] == ["unknown-type"]


def test_an_invalid_exchange_value_is_kept_and_reported(tmp_path: Path) -> None:
    text = (E19 / "GetSendConnector.xml").read_text(encoding="utf-8-sig")
    text = text.replace(
        "<ToString>&lt;I&gt;CN=localhost&lt;S&gt;CN=localhost</ToString>", "<ToString>CN=localhost</ToString>"
    )
    assert "<ToString>CN=localhost</ToString>" in text
    (tmp_path / "send.xml").write_text(text, encoding="utf-16")
    snapshot = load_snapshot([str(tmp_path)])
    value = snapshot.objects[0].get("TlsCertificateName")
    assert value.text == "CN=localhost" and "<I>issuer<S>subject" in value.reason
    assert [w.code for w in snapshot.warnings] == ["invalid-value"]


def test_files_found_but_not_read_are_listed_with_the_reason(tmp_path: Path) -> None:

    folder = tmp_path / "exports"
    folder.mkdir()
    shutil.copy(SAMPLES / "exchange-se-healthy" / "onprem" / "Get-SendConnector.xml", folder)
    (folder / "notes.txt").write_text("Name : x\n", encoding="utf-8")
    (folder / "connectors.csv").write_text("a,b\n", encoding="utf-8")
    (folder / ".hidden.txt").write_text("x", encoding="utf-8")
    with zipfile.ZipFile(folder / "more.zip", "w") as archive:
        archive.writestr("fl.txt", "Name : y\n")
    snapshot = load_snapshot([str(folder)])
    assert [(Path(s.path.split("!")[-1]).name, s.reason.split(" (")[0]) for s in snapshot.skipped] == [
        ("connectors.csv", "a CSV file that is not Export-Csv output"),
        ("fl.txt", "text that is neither Format-List output nor message headers"),
        ("notes.txt", "text that is neither Format-List output nor message headers"),
    ]
    assert len(snapshot.objects) == 1


def test_a_folder_of_non_exports_names_what_it_skipped(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("Name : x\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"no export files found .*; skipped 1 other file\(s\): notes.txt"):
        load_snapshot([str(tmp_path)])


def test_gathering_lists_files_and_reads_none(export_folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from linter.snapshot import inputs

    read: list[Path] = []
    real_read = inputs._read
    monkeypatch.setattr(inputs, "_read", lambda path: read.append(path) or real_read(path))
    found = inputs.gather([str(export_folder)])
    assert read == [] and [f.size for f in found.exports] == [
        (export_folder / f.relative).stat().st_size for f in found.exports
    ]
    load_snapshot([str(export_folder)])
    assert sorted(p.name for p in read) == ["GetAcceptedDomain.xml", "GetReceiveConnector.xml", "GetSendConnector.xml"]


def test_a_file_that_grew_past_the_limit_after_it_was_listed_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from linter.snapshot import inputs

    path = tmp_path / "GetSendConnector.xml"
    shutil.copy(E19 / "GetSendConnector.xml", path)
    found = inputs.gather([str(path)])
    monkeypatch.setattr(inputs, "MAX_FILE_BYTES", 100)
    with pytest.raises(InputError, match="larger than the 100 bytes read"):
        found.exports[0].read()


def test_the_cyclic_collector_is_paused_while_reading_and_restored_after(export_folder: Path) -> None:
    import gc

    from linter.snapshot import loader

    during: list[bool] = []
    real_read_file = loader.read_file

    def read_file(*args: Any) -> Any:
        during.append(gc.isenabled())
        return real_read_file(*args)

    assert gc.isenabled()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(loader, "read_file", read_file)
        load_snapshot([str(export_folder)])
    assert during == [False, False, False]  # paused for every file read
    assert gc.isenabled()
    with pytest.raises(InputError):
        load_snapshot([str(export_folder / "notes.txt")])
    assert gc.isenabled()
    gc.disable()
    try:
        load_snapshot([str(export_folder)])
        assert not gc.isenabled()  # a caller's own choice is kept
    finally:
        gc.enable()
