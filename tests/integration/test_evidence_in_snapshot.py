"""Message headers saved beside the exports are evidence in the snapshot: objects of kind Message
with file and line, judged by the HYB-MSG rules, in every report like configuration findings."""

from __future__ import annotations

import json
import shutil
import zipfile
from pathlib import Path

from testkit import AS_OF, EVIDENCE, FIXTURES_DIR, SAMPLES
from typer.testing import CliRunner

from linter.cli.app import app
from linter.snapshot.loader import load_snapshot
from linter.support.resources import validator

runner = CliRunner()
HEALTHY = SAMPLES / "exchange-se-healthy"
NOT_ATTRIBUTED = FIXTURES_DIR / "messages" / "hand-made-onprem-to-cloud-not-attributed.txt"
HYBRID_REAL = EVIDENCE / "headers" / "parsedmarc" / "hybridonprem-via-ironport-and-exchange2010-to-eop.eml"


def snapshot_with_messages(tmp_path: Path) -> Path:
    folder = tmp_path / "contoso"
    shutil.copytree(HEALTHY, folder)
    (folder / "evidence").mkdir()
    shutil.copy(NOT_ATTRIBUTED, folder / "evidence" / "room-booking-refused.txt")
    shutil.copy(HYBRID_REAL, folder / "evidence" / "dmarc-report.eml")
    (folder / "evidence" / "notes.txt").write_text("Customer says room bookings fail since May.\n", encoding="utf-8")
    return folder


def test_messages_beside_the_exports_become_message_objects(tmp_path: Path) -> None:
    folder = snapshot_with_messages(tmp_path)
    snapshot = load_snapshot([str(folder)])
    messages = [o for o in snapshot.objects if o.kind == "Message"]
    assert sorted((Path(o.source.file).name, o.source.line) for o in messages) == [
        ("dmarc-report.eml", 1),
        ("room-booking-refused.txt", 1),
    ]
    assert {o.properties["Verdict"] for o in messages} == {"anonymous"}
    assert [Path(s.path).name for s in snapshot.skipped] == ["notes.txt"]  # notes are not headers
    formats = {Path(f.path).name: f.format for f in snapshot.files}
    assert formats["room-booking-refused.txt"] == formats["dmarc-report.eml"] == "message"


def test_the_snapshot_json_of_messages_validates(tmp_path: Path) -> None:
    result = runner.invoke(app, ["snapshot", str(snapshot_with_messages(tmp_path)), "--format", "json"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert not list(validator("snapshot.schema.json").iter_errors(document))
    assert sum(1 for o in document["objects"] if o["kind"] == "Message") == 2


def test_lint_judges_the_evidence_and_only_the_message_from_inside(tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["lint", str(snapshot_with_messages(tmp_path)), "--format", "json", "--fail-on", "never", *AS_OF]
    )
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert not list(validator("report.schema.json").iter_errors(report))
    evidence = [f for f in report["findings"] if f["rule_id"].startswith("HYB-MSG-")]
    # The hand-made message was submitted on-premises: anonymous is a fault. The real one is internet
    # mail relayed by on-premises: anonymous is expected, so it stays silent.
    assert [(f["rule_id"], Path(f["source"]["file"]).name) for f in evidence] == [
        ("HYB-MSG-001", "room-booking-refused.txt")
    ]
    assert evidence[0]["category"] == "message-evidence"
    assert not [f for f in report["findings"] if f["rule_id"].startswith("HYB-INPUT-")]


def test_evidence_alone_does_not_make_a_side_present(tmp_path: Path) -> None:
    folder = tmp_path / "only-exo"
    shutil.copytree(HEALTHY / "exo", folder)
    shutil.copy(NOT_ATTRIBUTED, folder / "headers.txt")  # an Exchange Online message
    result = runner.invoke(app, ["lint", str(folder), "--format", "json", "--fail-on", "never", *AS_OF])
    report = json.loads(result.stdout)
    assert report["coverage"]["sides"]["on-premises"]["present"] is False
    assert "HYB-INPUT-001" in {f["rule_id"] for f in report["findings"]}


def test_a_message_inside_a_zip_is_read(tmp_path: Path) -> None:
    archive = tmp_path / "export.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for path in sorted(HEALTHY.rglob("*")):
            if path.is_file():
                zf.write(path, path.relative_to(HEALTHY).as_posix())
        zf.write(NOT_ATTRIBUTED, "evidence/headers.txt")
        zf.writestr("evidence/notes.txt", "not headers\n")
    snapshot = load_snapshot([str(archive)])
    assert [o.kind for o in snapshot.objects].count("Message") == 1
    assert any(s.path.endswith("!evidence/notes.txt") for s in snapshot.skipped)


def test_graph_headers_saved_as_json_beside_the_exports_are_a_message(tmp_path: Path) -> None:
    folder = tmp_path / "contoso"
    shutil.copytree(HEALTHY, folder)
    graph = FIXTURES_DIR / "messages" / "hand-made-graph-internet-message-headers.json"
    shutil.copy(graph, folder / "graph-headers.json")
    snapshot = load_snapshot([str(folder)])
    (message,) = [o for o in snapshot.objects if o.kind == "Message"]
    assert message.properties["Verdict"] == "internal" and Path(message.source.file).name == "graph-headers.json"
    assert {Path(f.path).name: f.format for f in snapshot.files}["graph-headers.json"] == "message"
