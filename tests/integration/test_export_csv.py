"""Export-Csv files: the real (script-reshaped) receive connector, Windows PowerShell 5.1's
default output with its #TYPE line and lists written as type names (unknown, never data), the
`;` of -UseCulture, and broken CSV as one line with exit 2."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from testkit import CORPUS, FIXTURES_DIR, lint_one_file
from typer.testing import CliRunner

from linter.cli.app import app
from linter.snapshot.loader import load_snapshot
from linter.snapshot.model import InvalidValue, Snapshot, TruncatedValue

runner = CliRunner()
HAND_MADE = FIXTURES_DIR / "csv"
REAL = CORPUS / "sammykrosoft-export-import-connectors" / "Sample_Export.csv"


def snapshot_of(tmp_path: Path, *files: Path) -> Snapshot:
    folder = tmp_path / "snapshot"
    folder.mkdir(exist_ok=True)
    for file in files:
        shutil.copy(file, folder / file.name)
    return load_snapshot([str(folder)])


def test_the_real_reshaped_csv_reads_as_a_receive_connector(tmp_path: Path) -> None:
    snapshot = snapshot_of(tmp_path, REAL)
    (obj,) = snapshot.objects
    assert (obj.kind, obj.side, obj.identity, obj.server, obj.source.line) == (
        "ReceiveConnector",
        "on-premises",
        "E2016-02\\Anonymous Known Hosts 2",  # the server from the DistinguishedName
        "E2016-02",
        2,
    )
    properties = obj.properties
    assert [str(r) for r in properties["RemoteIPRanges"]] == ["157.52.5.66"]
    assert [str(b) for b in properties["Bindings"]] == ["0.0.0.0:25"]
    assert properties["PermissionGroups"] == ["AnonymousUsers", "Custom"]
    assert properties["AuthMechanism"] == ["Tls"] and properties["RequireTLS"] is False
    assert properties["Banner"] is None and properties["TlsCertificateName"] is None
    # `36`: the script dropped the unit, so the size is unknown, not 36 bytes.
    assert isinstance(properties["MaxMessageSize"], InvalidValue)
    assert [w.code for w in snapshot.warnings] == ["invalid-value"]


def test_windows_powershell_51_output_reads_with_its_type_line(tmp_path: Path) -> None:
    snapshot = snapshot_of(tmp_path, HAND_MADE / "hand-made-Get-ReceiveConnector-ps51.csv")
    first, second = snapshot.objects
    assert (first.kind, first.identity, first.server) == ("ReceiveConnector", "EX01\\Default Frontend EX01", "EX01")
    assert first.properties["MaxMessageSize"].bytes == 37748736
    assert str(first.properties["TlsCertificateName"].subject).startswith("CN=mail.contoso.com")
    assert second.properties["TlsCertificateName"] is None  # `,,` is $null
    for name in ("Bindings", "RemoteIPRanges", "TlsDomainCapabilities"):
        assert isinstance(first.properties[name], TruncatedValue), name
    (warning,) = snapshot.warnings
    assert warning.code == "truncated"
    assert "Bindings, RemoteIPRanges, TlsDomainCapabilities were exported as their type name" in warning.message
    assert "Export-Clixml" in warning.message


def test_lists_written_as_type_names_make_their_rules_inconclusive(tmp_path: Path) -> None:
    findings = lint_one_file(tmp_path, HAND_MADE / "hand-made-Get-ReceiveConnector-ps51.csv")
    on_lists = [
        f
        for f in findings
        if f["object"]["kind"] == "ReceiveConnector"
        and any(name in json.dumps(f) for name in ("RemoteIPRanges", "TlsDomainCapabilities", "Bindings"))
    ]
    assert on_lists and {f["outcome"] for f in on_lists} == {"inconclusive"}


def test_use_culture_semicolons_are_read(tmp_path: Path) -> None:
    snapshot = snapshot_of(tmp_path, HAND_MADE / "hand-made-Get-AcceptedDomain-usculture.csv")
    domains = {o.identity: o.properties for o in snapshot.objects}
    assert [o.kind for o in snapshot.objects] == ["AcceptedDomain", "AcceptedDomain"]
    assert domains["contoso.mail.onmicrosoft.com"]["DomainType"] == "InternalRelay"
    assert domains["contoso.com"]["Default"] is True


def test_a_csv_that_is_not_export_csv_is_skipped_with_the_reason(tmp_path: Path) -> None:
    folder = tmp_path / "org"
    folder.mkdir()
    (folder / "inventory.csv").write_text("server,site\nEX01,Paris\n", encoding="utf-8")
    shutil.copy(REAL, folder)
    snapshot = load_snapshot([str(folder)])
    assert [(Path(s.path).name, s.reason.split(" (")[0]) for s in snapshot.skipped] == [
        ("inventory.csv", "a CSV file that is not Export-Csv output")
    ]


def test_broken_csv_is_one_line_and_exit_2(tmp_path: Path) -> None:
    for name, text, expected in (
        ("short.csv", '"Name","DomainName"\r\n"a.com"\r\n', ":2:1: a row of 1 fields under a header of 2"),
        ("open.csv", '"Name","DomainName"\r\n"a.com","b\r\n', "not a readable CSV"),
    ):
        folder = tmp_path / name
        folder.mkdir()
        (folder / "Get-AcceptedDomain.csv").write_text(text, encoding="utf-8")
        result = runner.invoke(app, ["snapshot", str(folder)])
        assert result.exit_code == 2, result.output
        line = result.stderr.strip()
        assert "\n" not in line and "Traceback" not in line and expected in line, line
