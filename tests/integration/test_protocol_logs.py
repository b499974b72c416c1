"""SMTP protocol logs beside the exports are evidence: sessions streamed from the CSV logs, grouped
by what they show, judged by the HYB-LOG rules together with the configuration."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from testkit import AS_OF, EVIDENCE, FIXTURES_DIR, SAMPLES
from typer.testing import CliRunner

from linter.cli.app import app
from linter.snapshot.loader import load_snapshot
from linter.snapshot.protocol_logs import reader
from linter.snapshot.protocol_logs.objects import session_objects
from linter.support.errors import InputError
from linter.support.resources import validator

runner = CliRunner()
REAL_RECEIVE = EVIDENCE / "smtplogs" / "artefacts-help" / "RECV2023011116-1.log"
AGENT_LOG = EVIDENCE / "smtplogs" / "artefacts-help" / "AgentLog20220913-1.log"
BUILT = FIXTURES_DIR / "protocol-logs"


def sessions(path: Path) -> list[dict[str, object]]:
    problems: list[tuple[int, str]] = []
    with path.open("rb") as stream:
        objects = session_objects(stream, str(path), problems)
    assert problems == []
    return [o.properties for o in objects]


def test_the_real_receive_log_reads_as_one_session_with_what_it_shows() -> None:
    (session,) = sessions(REAL_RECEIVE)
    assert session["ConnectorId"] == "SERVER-HOSTNAME\\Default Frontend SERVER-HOSTNAME"
    assert (session["RemoteIp"], session["RemoteNetwork"], session["Ehlo"]) == (
        "95.10.20.33",
        "95.10.20.0/24",
        "[95.10.20.33]",
    )
    assert session["StartTlsOffered"] is True and session["StartTlsUsed"] is True and session["StartTlsMasked"] is False
    assert session["TlsProtocol"] == "SP_PROT_TLS1_2_SERVER"
    assert (session["TlsDomainCapabilities"], session["TlsDomainStatus"]) == ("None", "NoRemoteCertificate")
    assert session["TlsChainStatus"] == "EmptyCertificate"  # "Client certificate chain validation status"
    assert session["CertificateThumbprint"] == "12DEABC6565646512346ABDC1345689413589876"
    assert "8BITMIME" in session["Offered"] and "37748736" not in session["Offered"]  # type: ignore[operator]
    assert session["ErrorTexts"] == ["Inbound AUTH LOGIN failed because of LogonDenied"]


def test_the_built_send_log_shows_masking_refusal_and_tls_failure() -> None:
    found = {
        (s["StartTlsMasked"], s["TlsError"], tuple(s["EnhancedCodes"]))
        for s in sessions(BUILT / "built-SEND2026111809-1.log")
    }  # type: ignore[arg-type]
    assert (True, None, ("2.1.0",)) in found  # 250-XXXXXXXA where STARTTLS belongs
    assert (False, "NoCredentials", ("2.0.0",)) in found
    assert (False, None, ("5.7.606",)) in found


def test_logs_beside_the_exports_lint_with_the_configuration(tmp_path: Path) -> None:
    folder = tmp_path / "contoso"
    shutil.copytree(SAMPLES / "exchange-se-broken", folder)
    (folder / "logs").mkdir()
    for log in (*BUILT.glob("*.log"), REAL_RECEIVE, AGENT_LOG):
        shutil.copy(log, folder / "logs" / log.name)
    snapshot = load_snapshot([str(folder)])
    agent = [o for o in snapshot.objects if o.kind == "AgentLogEntry"]
    assert [(o.properties["Agent"], o.properties["Entries"], o.source.line) for o in agent] == [
        ("Inbound Trust Agent", 2, 6)  # the real agent log's two rows record the same thing
    ]
    assert agent[0].properties["Diagnostics"] == "Cross premises headers filtered"
    assert snapshot.skipped == []
    result = runner.invoke(app, ["lint", str(folder), "--format", "json", "--fail-on", "never", *AS_OF])
    report = json.loads(result.stdout)
    assert not list(validator("report.schema.json").iter_errors(report))
    fired = sorted({f["rule_id"] for f in report["findings"] if f["rule_id"].startswith("HYB-LOG-")})
    assert fired == ["HYB-LOG-001", "HYB-LOG-002", "HYB-LOG-003", "HYB-LOG-004"]
    relay = next(f for f in report["findings"] if f["rule_id"] == "HYB-LOG-004")
    assert {
        "rule_id": "HYB-RECV-006",
        "kind": "ReceiveConnector",
        "identity": "EX01\\Relay - scan appliances",
        "relation": "explained-by",
    } in relay["related"]
    snapshot_json = json.loads(runner.invoke(app, ["snapshot", str(folder), "--format", "json"]).stdout)
    assert not list(validator("snapshot.schema.json").iter_errors(snapshot_json))


def test_sessions_that_show_the_same_are_one_object_with_a_count(tmp_path: Path) -> None:
    text = (BUILT / "built-RECV2026111810-1.log").read_bytes().decode("utf-8")
    head, _, rows = text.partition("context\r\n")
    eop = [r for r in rows.splitlines() if "5F01" in r]
    copies = [
        r.replace("08DD0A1B2C3D5F01", f"08DD0A1B2C3D{n:04X}").replace("40.107.243.60", f"40.107.243.{n}")
        for n in range(1, 60)
        for r in eop
    ]
    log = tmp_path / "RECV2026111811-1.log"
    log.write_text(head + "context\r\n" + "\r\n".join(copies) + "\r\n", encoding="utf-8")
    (session,) = sessions(log)
    assert session["Sessions"] == 59 and session["RemoteNetwork"] == "40.107.243.0/24"


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (
            b"#Software: Microsoft Exchange Server\r\n#Log-type: SMTP Receive Protocol Log\r\n"
            + b"x" * (70 * 1024)
            + b"\r\n",
            "a line of more than 65,536 bytes",
        ),
        (b"2026-01-01T00:00:00Z,a,b,0,,,+,,\r\n", "not an Exchange protocol log"),
    ],
)
def test_hostile_logs_are_one_clear_error(content: bytes, expected: str) -> None:
    with pytest.raises(InputError, match=expected):
        list(reader.read_sessions(iter(content.splitlines(keepends=True)), "x.log", []))


def test_a_row_that_is_not_csv_is_a_warning_and_the_rest_is_read() -> None:
    text = REAL_RECEIVE.read_bytes() + b'\n2023-01-11T16:00:11.000Z,X\\Y,1234,0,,,<,"unterminated\r\n'
    problems: list[tuple[int, str]] = []
    objects = session_objects(iter(text.splitlines(keepends=True)), "x.log", problems)
    assert len(objects) == 1 and objects[0].properties["SessionId"] == "123453EC62278461"
    assert [(line, problem.split(":")[0]) for line, problem in problems] == [(23, "not a CSV row")]


def test_open_sessions_are_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(reader, "MAX_OPEN_SESSIONS", 10)
    head = (
        b"#Software: Microsoft Exchange Server\r\n#Log-type: SMTP Receive Protocol Log\r\n"
        b"#Fields: date-time,connector-id,session-id,sequence-number,local-endpoint,remote-endpoint,"
        b"event,data,context\r\n"
    )
    rows = b"".join(b"2026-01-01T00:00:00Z,EX01\\R,%04X,0,10.0.0.1:25,10.0.0.2:1,+,,\r\n" % n for n in range(1000))
    lines = (head + rows).splitlines(keepends=True)
    read = 0

    def counted() -> Iterator[bytes]:
        nonlocal read
        for line in lines:
            read += 1
            yield line

    sessions_read = reader.read_sessions(counted(), "x.log", [])
    next(sessions_read)
    assert read == 3 + 11  # the 11th open session closed the first: no more than 10 are held
    assert 1 + len(list(sessions_read)) == 1000  # never closed, yet each is read once


def test_the_same_sessions_in_later_hours_add_to_one_object(tmp_path: Path) -> None:
    folder = tmp_path / "logs"
    folder.mkdir()
    for hour in ("10", "11", "12"):
        data = (
            (BUILT / "built-RECV2026111810-1.log")
            .read_bytes()
            .replace(b"2026-11-18T09:", f"2026-11-18T{hour}:".encode())
        )
        (folder / f"RECV20261118{hour}-1.log").write_bytes(data)
    snapshot = load_snapshot([str(folder)])
    sessions_read = [o for o in snapshot.objects if o.kind == "SmtpSession"]
    assert len(sessions_read) == 2 and not [w for w in snapshot.warnings if w.code == "duplicate"]
    eop = next(o for o in sessions_read if o.properties["RemoteNetwork"] == "40.107.243.0/24")
    assert eop.properties["Sessions"] == 3 and eop.source.file.endswith("RECV2026111810-1.log")
    assert (eop.properties["FirstSeen"][:13], eop.properties["LastSeen"][:13]) == ("2026-11-18T10", "2026-11-18T12")


def test_a_row_cut_short_before_its_data_column_is_a_warning() -> None:
    # Found by the fuzzer: a row with fewer columns than #Fields names ended in an internal error.
    text = REAL_RECEIVE.read_bytes() + b"2023-01-11T16:00:11.000Z,X\\Y,1234,0,10.0.0.1:25,10.0.0.2:1\n"
    problems: list[tuple[int, str]] = []
    objects = session_objects(iter(text.splitlines(keepends=True)), "x.log", problems)
    assert len(objects) == 1 and problems == [(22, "6 columns where #Fields names 9")]


@pytest.mark.parametrize("masked", ["XXXXXXXA", "XXXA", "********"])
def test_every_masking_seen_in_the_field_counts(masked: str) -> None:
    # `250-XXXXXXXA` (Cisco, for STARTTLS) and `250 XXXA` (a shorter keyword, seen in an Exchange
    # SmtpSend log) are in the evidence notes; asterisks replace the banner and keywords too.
    text = (BUILT / "built-SEND2026111809-1.log").read_bytes().replace(b"250-XXXXXXXA", f"250-{masked}".encode())
    found = [s for s in sessions_of(text) if s["StartTlsMasked"]]
    assert len(found) == 1 and masked in found[0]["Offered"]  # type: ignore[operator]


def sessions_of(data: bytes) -> list[dict[str, object]]:
    problems: list[tuple[int, str]] = []
    return [o.properties for o in session_objects(iter(data.splitlines(keepends=True)), "x.log", problems)]
