"""Outlook `.msg` evidence: real saved messages from Apache POI (tests/corpus/outlook) get the
verdict their headers show, messages attached inside them are evidence too, and a `.msg` that is
not a received message, or is broken, is one line and exit 2."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pytest
from testkit import OUTLOOK, headers_by_place
from typer.testing import CliRunner

from linter.cli.app import app
from linter.snapshot.loader import load_snapshot
from linter.snapshot.messages import outlook
from linter.snapshot.messages.reader import read_header_sets
from linter.support.errors import InputError

runner = CliRunner()

# (file, header set) -> (verdict, direction, auth_as, hosts of the hops), from MANIFEST.md.
EXPECTED: dict[tuple[str, str], tuple[str, str, str | None, list[str]]] = {
    ("bug66335.msg", "message"): (
        "not cross-premises",
        "internet-inbound",
        "Anonymous",
        [
            "omptrans.email.udemy.com",
            "HE1EUR01FT015.mail.protection.outlook.com",
            "VI1PR04CA0084.outlook.office365.com",
            "AM6PR0402MB3432.eurprd04.prod.outlook.com",
            "VI1PR0402MB3438.eurprd04.prod.outlook.com",
        ],
    ),
    ("cyrillic_message.msg", "message"): (
        "not cross-premises",
        "internet-inbound",
        None,
        [
            "esc.russianpost.ru",
            "russianpost.ru",
            "russianpost.ru",
            "mx2.niips.ru",
            "mx2.niips.ru",
            "mx2.niips.ru",
            "exch-01.niips.ru",
        ],
    ),
    ("58214_with_attachment.msg", "message"): (
        "not cross-premises",
        "other",
        None,
        ["smtp.nfrance.com", "mx1-a.nfrance.com", "mx-transit7.nfrance.com", "albane.nfrance.com"],
    ),
    ("58214_with_attachment.msg", "attached original"): (
        "not cross-premises",
        "other",
        None,
        ["smtp.nfrance.com", "mx1-a.nfrance.com", "aude.nfrance.com", "albane4.nfrance.com"],
    ),
    ("53784_succeeds.msg", "message"): (
        "not cross-premises",
        "internal-onprem",
        None,
        ["PASA1MB01.pace.unc", "pamsbh01.pace.unc"],
    ),
    ("outlook_30_msg.msg", "message"): ("not cross-premises", "other", None, []),
    ("lots-of-recipients.msg", "message"): ("not cross-premises", "other", None, []),
    ("lots-of-recipients.msg", "attached original"): (
        "not cross-premises",
        "other",
        None,
        ["lw2fd.hotmail.msn.com", "hotmail.com", "mta624.mail.yahoo.com"],
    ),
}
REFUSED = {
    "quick.msg": "no transport headers in this .msg: it was saved from Sent Items or Drafts, or composed",
    "msgClassContact.msg": "an Outlook item of class 'IPM.Contact', not a message",
}


@pytest.mark.parametrize(("name", "where"), list(EXPECTED), ids=[f"{n}:{w}" for n, w in EXPECTED])
def test_every_real_outlook_message_gets_the_verdict_its_headers_show(name: str, where: str) -> None:
    message = headers_by_place(OUTLOOK / name)[where]
    hops = message["hops"]
    assert isinstance(hops, list)
    got = (message["verdict"], message["direction"], message["auth_as"], [hop["host"] for hop in hops])
    assert got == EXPECTED[(name, where)]


def test_every_vendored_outlook_message_is_checked() -> None:
    names = {p.name for p in OUTLOOK.glob("*.msg")}
    assert names == {name for name, _ in EXPECTED} | set(REFUSED)


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_an_outlook_item_that_is_not_a_received_message_is_one_line_and_exit_2(name: str) -> None:
    result = runner.invoke(app, ["headers", str(OUTLOOK / name)])
    assert result.exit_code == 2, result.output
    line = result.stderr.strip()
    assert "\n" not in line and line.startswith(str(OUTLOOK / name)) and REFUSED[name] in line


def test_the_exchange_2007_mapi_submission_is_an_on_premises_hop() -> None:
    message = headers_by_place(OUTLOOK / "53784_succeeds.msg")["message"]
    assert [hop["role"] for hop in message["hops"]] == ["exchange-onprem", "exchange-onprem"]  # type: ignore[union-attr]


def test_outlooks_preamble_line_is_not_read_as_a_field() -> None:
    (header_set,) = read_header_sets((OUTLOOK / "outlook_30_msg.msg").read_bytes(), "outlook_30_msg.msg")
    assert header_set.fields[0] == ("x-mimeole", "Produced By Microsoft Exchange V6.5")
    assert header_set.first("Message-ID") == "<38AFAB8E6524FB4AB0D38D15FDED56AB169A9F@EMAIL02.pnl.gov>"


def test_a_pasted_msg_on_standard_input_is_read() -> None:
    result = runner.invoke(app, ["headers", "-"], input=(OUTLOOK / "bug66335.msg").read_bytes())
    assert result.exit_code == 0, result.output
    assert "Message (<stdin>:1)" in result.stdout and "Anonymous" in result.stdout


@pytest.mark.parametrize(
    ("keep", "tail", "expected"),
    [
        (30_000, b"", "not a readable Outlook message (.msg): incomplete OLE sector"),
        (8, b"garbage", "not a readable Outlook message (.msg): not an OLE2 structured storage file"),
        (512, b"", "not a readable Outlook message (.msg)"),
    ],
    ids=["truncated", "magic-then-garbage", "header-only"],
)
def test_a_broken_msg_is_one_line_and_exit_2(tmp_path: Path, keep: int, tail: bytes, expected: str) -> None:
    path = tmp_path / "broken.msg"
    path.write_bytes((OUTLOOK / "bug66335.msg").read_bytes()[:keep] + tail)
    result = runner.invoke(app, ["headers", str(path)])
    assert result.exit_code == 2, result.output
    line = result.stderr.strip()
    assert "\n" not in line and "Traceback" not in line and line.startswith(str(path)) and expected in line


def test_a_msg_beside_the_exports_and_in_a_zip_becomes_message_objects(tmp_path: Path) -> None:
    folder = tmp_path / "snapshot"
    folder.mkdir()
    shutil.copy(OUTLOOK / "58214_with_attachment.msg", folder / "forwarded.msg")
    with zipfile.ZipFile(tmp_path / "evidence.zip", "w") as archive:
        archive.write(OUTLOOK / "bug66335.msg", "mail/from-udemy.msg")
    snapshot = load_snapshot([str(folder), str(tmp_path / "evidence.zip")])
    found = sorted((Path(o.source.file).name, o.properties["Where"]) for o in snapshot.objects if o.kind == "Message")
    assert found == [
        ("forwarded.msg", "attached original"),
        ("forwarded.msg", "message"),
        ("from-udemy.msg", "message"),
    ]
    assert {Path(f.path).name: f.format for f in snapshot.files} == {
        "forwarded.msg": "message",
        "from-udemy.msg": "message",
    }


def test_the_attachment_limits_refuse_one_past_the_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    data = (OUTLOOK / "58214_with_attachment.msg").read_bytes()  # one attached message, one attachment
    monkeypatch.setattr(outlook, "MAX_EMBEDDING_DEPTH", 1)
    monkeypatch.setattr(outlook, "MAX_ATTACHMENTS", 1)
    assert len(read_header_sets(data, "at-the-limits.msg")) == 2
    monkeypatch.setattr(outlook, "MAX_EMBEDDING_DEPTH", 0)
    with pytest.raises(InputError, match="refused: messages attached 1 deep"):
        read_header_sets(data, "too-deep.msg")
    monkeypatch.setattr(outlook, "MAX_EMBEDDING_DEPTH", 1)
    monkeypatch.setattr(outlook, "MAX_ATTACHMENTS", 0)
    with pytest.raises(InputError, match="refused: more than 0 attachments in one message"):
        read_header_sets(data, "too-many.msg")
