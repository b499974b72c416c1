"""Bad input: one line `file:line:col: problem`, exit code 2, no traceback, nothing written."""

from __future__ import annotations

import hashlib
import io
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from testkit import FIXTURES_DIR
from typer.testing import CliRunner

from linter.cli.app import app
from linter.snapshot.clixml import reader as clixml

runner = CliRunner()
GOOD = (FIXTURES_DIR / "clixml" / "vocabulary.xml").read_bytes()


@pytest.fixture(autouse=True, params=["whole", "streaming"])
def parse_mode(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    if request.param == "streaming":
        monkeypatch.setattr(clixml, "STREAM_ABOVE_BYTES", 0)
    return str(request.param)


def run_snapshot(path: Path) -> tuple[int, str]:
    result = runner.invoke(app, ["snapshot", str(path)])
    return result.exit_code, result.stderr.strip()


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


CASES: list[tuple[str, bytes, str, str]] = [
    ("empty", b"", ":1:1: empty file", ""),
    ("blank-utf16", b"\xff\xfe" + "  \r\n".encode("utf-16-le"), ":1:1: empty file", ""),
    ("truncated", GOOD[: len(GOOD) // 2], "truncated XML", ""),
    ("not-objs", b'<Root xmlns="x"><Obj RefId="0"/></Root>', ":1:1: not a CLIXML document", "<Root>"),
    ("bad-utf8", b'<Objs Version="1.1.0.1">\n<S>caf\xe9</S></Objs>', ":2:", "unknown encoding"),
    ("bad-utf16", b"\xff\xfe<\x00O\x00\x00\xd8", "unknown encoding", "UTF-16"),
    (
        "dangling-ref",
        b'<Objs Version="1.1.0.1">\n  <Obj RefId="0"><MS>\n<Ref N="X" RefId="9" /></MS></Obj></Objs>',
        ":3:1: <Ref RefId='9'> points to no object",
        "",
    ),
    ("dangling-tnref", b'<Objs Version="1.1.0.1"><Obj RefId="0"><TNRef RefId="4" /></Obj></Objs>', "TNRef", ""),
    (
        "doctype",
        b'<?xml version="1.0"?>\n<!DOCTYPE Objs [<!ENTITY a "aaaa">]>\n<Objs><S>&a;</S></Objs>',
        ":2:1: refused: the document declares a DTD",
        "",
    ),
    ("xxe", b'<!DOCTYPE Objs [<!ENTITY x SYSTEM "file:///etc/passwd">]><Objs><S>&x;</S></Objs>', "refused", "DTD"),
    ("undeclared-entity", b'<Objs Version="1.1.0.1"><S>&x;</S></Objs>', "refused", "Entity"),
    ("bad-int", b'<Objs Version="1.1.0.1">\n<I32>twelve</I32></Objs>', ":2:1: <I32> holds an invalid value", ""),
    ("int-overflow", b'<Objs Version="1.1.0.1"><By>256</By></Objs>', "<By> holds an invalid value", ""),
    ("bad-bool", b'<Objs Version="1.1.0.1"><B>yes</B></Objs>', "<B> holds an invalid value", ""),
    ("bad-date", b'<Objs Version="1.1.0.1"><DT>yesterday</DT></Objs>', "<DT> holds an invalid value", ""),
    ("unknown-element", b'<Objs Version="1.1.0.1"><Blob>1</Blob></Objs>', "unknown CLIXML element <Blob>", ""),
    ("nameless-member", b'<Objs Version="1.1.0.1"><Obj RefId="0"><MS><S>x</S></MS></Obj></Objs>', "without a name", ""),
    ("not-an-export", b"Name : Default Frontend EX01\r\n", "not an export", ""),
]


@pytest.mark.parametrize(("name", "data", "expected", "also"), CASES, ids=[c[0] for c in CASES])
def test_bad_file_gets_one_clear_line(tmp_path: Path, name: str, data: bytes, expected: str, also: str) -> None:
    path = write(tmp_path, f"{name}.xml", data)
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    code, message = run_snapshot(path)
    assert code == 2
    assert "\n" not in message and "Traceback" not in message
    assert message.startswith(f"{path}:"), message
    assert expected in message and also in message, message
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [f"{name}.xml"]


def test_billion_laughs_through_references_is_refused(tmp_path: Path) -> None:
    # 40 levels of lists that each hold the previous list twice: 2**40 values once expanded.
    parts = [
        '<Objs Version="1.1.0.1">',
        '<Obj RefId="0"><TN RefId="0"><T>System.Object[]</T></TN><LST><S>lol</S></LST></Obj>',
    ]
    parts.extend(
        f'<Obj RefId="{i}"><TNRef RefId="0" /><LST><Ref RefId="{i - 1}" /><Ref RefId="{i - 1}" /></LST></Obj>'
        for i in range(1, 41)
    )
    parts.append(
        '<Obj RefId="99"><TN RefId="1">'
        "<T>Microsoft.Exchange.Data.Directory.SystemConfiguration.ReceiveConnector</T></TN>"
        '<Props><S N="Name">bomb</S><Ref N="Bindings" RefId="40" /></Props></Obj></Objs>'
    )
    code, message = run_snapshot(write(tmp_path, "laughs.xml", "\n".join(parts).encode()))
    assert code == 2 and "reference bomb" in message


def _zip(tmp_path: Path, entries: dict[str, bytes], name: str = "export.zip") -> Path:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for entry, data in entries.items():
            zf.writestr(entry, data)
    return write(tmp_path, name, buffer.getvalue())


@pytest.mark.parametrize("entry", ["../evil.xml", "/etc/evil.xml", "a/../../evil.xml", "C:/evil.xml", "..\\evil.xml"])
def test_zip_entry_leaving_the_archive_is_refused(tmp_path: Path, entry: str) -> None:
    archive = _zip(tmp_path, {"GetSendConnector.xml": GOOD, entry: GOOD})
    code, message = run_snapshot(archive)
    assert code == 2 and "leaves the archive" in message
    assert not (tmp_path.parent / "evil.xml").exists()


def test_zip_bomb_is_refused(tmp_path: Path) -> None:
    archive = _zip(tmp_path, {"GetReceiveConnector.xml": b"<" + b" " * (64 * 1024 * 1024) + b">"})
    assert archive.stat().st_size < 1024 * 1024
    code, message = run_snapshot(archive)
    assert code == 2 and "zip bomb" in message


def test_damaged_zip(tmp_path: Path) -> None:
    good = _zip(tmp_path, {"a.xml": GOOD}).read_bytes()
    path = write(tmp_path, "damaged.zip", good[:30] + b"\0" * 10 + good[40:])
    code, message = run_snapshot(path)
    assert code == 2 and message.startswith(str(path)) and "\n" not in message


def test_missing_path() -> None:
    code, message = run_snapshot(Path("no/such/export.xml"))
    assert code == 2 and message == "no/such/export.xml:1:1: no such file or folder"


def test_real_process_prints_no_traceback(tmp_path: Path) -> None:
    path = write(tmp_path, "bad.xml", b"<Objs><Obj>")
    result = subprocess.run(
        [sys.executable, "-m", "linter.cli.app", "snapshot", str(path)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert result.stdout == ""


JSON_CASES: list[tuple[str, bytes, str]] = [
    ("truncated", b'[\r\n    {\r\n        "Name":  "Default",\r\n        "DomainName":  "*"', ":4:"),
    ("trailing-comma", b'[{"Name": "a",}]', ":1:15:"),
    ("utf16-garbage", b"\xff\xfe[\x00{\x00\x00\xd8", ":1:"),
    ("deep", b"[" * 50_000 + b"]" * 50_000, ":1:"),
]


@pytest.mark.parametrize(("name", "data", "position"), JSON_CASES, ids=[c[0] for c in JSON_CASES])
def test_bad_json_gets_one_clear_line(tmp_path: Path, name: str, data: bytes, position: str) -> None:
    path = write(tmp_path, f"Get-RemoteDomain-{name}.json", data)
    code, message = run_snapshot(path)
    assert code == 2 and "\n" not in message and "Traceback" not in message
    assert message.startswith(f"{path}{position}"), message


def test_a_reader_that_stops_early_gets_no_error() -> None:
    # `hybridlint rules list | head -1`: the reader closes the pipe before the output is written
    # (here at once, while the process is still starting).
    process = subprocess.Popen(
        [sys.executable, "-m", "linter.cli.app", "rules", "list"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()
    stderr = process.stderr.read().decode("utf-8")
    assert process.wait(timeout=60) == 1
    assert stderr == "", stderr
