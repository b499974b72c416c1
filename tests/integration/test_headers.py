"""`hybridlint headers`: every real header set gets the verdict its NOTES describe; hand-made cases
cover what the corpus lacks; bad input is one line and exit code 2."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from testkit import EVIDENCE, FIXTURES_DIR, headers_by_place
from typer.testing import CliRunner

from linter.cli.app import app

runner = CliRunner()
HEADERS = EVIDENCE / "headers"
HAND_MADE = FIXTURES_DIR / "messages"

# (file, header set) -> (cross_premises, auth_as, direction, third-party hop in the hybrid path),
# from evidence/MANIFEST.md's "what it shows" and NOTES.md 1-2. Gateways in front of Exchange or on
# the way out are not in the hybrid path; an NDR's own header set is the report, its originals follow.
EXPECTED: dict[tuple[str, str], tuple[bool, str | None, str, bool]] = {
    # The only real hybrid sample: internet mail through IronPort into Exchange 2010, then to EOP.
    ("parsedmarc/hybridonprem-via-ironport-and-exchange2010-to-eop.eml", "message"): (
        True,
        "Anonymous",
        "onprem-to-cloud",
        False,
    ),
    ("parsedmarc/mimecast-weird-gzip.eml", "message"): (False, "Anonymous", "internet-inbound", False),
    # An on-premises Exchange 2013 inbox-rule forward leaving the organisation, inside a DMARC report.
    ("parsedmarc/dmarc_ruf_report_linkedin.eml", "message"): (False, None, "other", False),
    ("parsedmarc/dmarc_ruf_report_linkedin.eml", "attached original"): (False, None, "other", False),
    ("parsedmarc/dmarc_ruf_report_linkedin.crlf.eml", "attached original"): (False, None, "other", False),
    ("mha/eop-inbound-anonymous-constantcontact-to-outlookcom.txt", "message"): (
        False,
        "Anonymous",
        "internet-inbound",
        False,
    ),
    ("mha/ews-transport-headers-eop-inbound-gmail.txt", "message"): (False, None, "internet-inbound", False),
    ("mha/received-chain-eop-inbound-powermta.txt", "message"): (False, None, "internet-inbound", False),
    ("mha/received-chain-eop-inbound-sendgrid-github.txt", "message"): (False, None, "internet-inbound", False),
    # Proofpoint Essentials in front of EOP: a gateway, but not between the premises.
    ("mimekit/bounce.txt", "message"): (False, "Anonymous", "internet-inbound", False),
    # An Exchange Online NDR sent out; its original came in through Trend Micro HES.
    ("flanker/office365.eml", "message"): (False, None, "other", False),
    ("flanker/office365.eml", "attached original"): (False, None, "internet-inbound", False),
    # Exchange 2013 behind a Postfix gateway: CrossPremises copies only, no organisation AuthAs.
    ("sisimai/lhost-exchange2007-05.eml", "quoted original headers"): (False, None, "internet-inbound", False),
    ("sisimai/lhost-exchange2007-05.eml", "attached original"): (False, None, "internet-inbound", False),
    ("sisimai/lhost-exchange2007-06.eml", "attached original"): (False, None, "internet-inbound", False),
    ("sisimai/lhost-office365-04.eml", "message"): (False, "Anonymous", "internet-inbound", False),
    ("sisimai/lhost-office365-13.eml", "message"): (False, None, "other", False),
    ("sisimai/lhost-postfix-57.eml", "message"): (False, "Anonymous", "internet-inbound", False),
    # IronPort and retarus in front of Exchange 2010 hubs.
    ("mail-parser/mail_test_17.eml", "message"): (False, "Anonymous", "internet-inbound", False),
    ("bounceparser/message-too-large-5.msg.txt", "returned headers"): (False, "Anonymous", "internet-inbound", False),
}


@pytest.mark.parametrize(("relative", "where"), list(EXPECTED), ids=[f"{r}:{w}" for r, w in EXPECTED])
def test_every_real_header_set_gets_the_verdict_its_notes_describe(relative: str, where: str) -> None:
    message = headers_by_place(HEADERS / relative)[where]
    got = (
        message["cross_premises"],
        message["auth_as"],
        message["direction"],
        message["third_party_hop_in_hybrid_path"],
    )
    assert got == EXPECTED[(relative, where)]


def test_every_real_header_file_is_read_and_checked() -> None:
    files = {str(p.relative_to(HEADERS)) for p in HEADERS.glob("*/*") if not p.name.startswith("LICENSE")}
    assert files == {relative for relative, _ in EXPECTED} | {"sisimai/lhost-exchange2007-06.eml"}


def test_the_hybrid_sample_names_its_hops_and_why_anonymous_is_expected() -> None:
    message = headers_by_place(HEADERS / "parsedmarc/hybridonprem-via-ironport-and-exchange2010-to-eop.eml")["message"]
    roles = [hop["role"] for hop in message["hops"]]
    assert roles == ["not-microsoft"] * 2 + ["exchange-onprem"] * 3 + ["exchange-online"] * 4
    assert message["hops"][5]["delay_seconds"] == 36  # 05:47:36 -0500 to 10:48:12 +0000
    assert message["gateway_products"] == ["Cisco IronPort"]
    assert message["organisation_headers"]["X-MS-Exchange-CrossTenant-FromEntityHeader"] == "HybridOnPrem"
    assert message["likely_causes"][0]["text"].startswith("expected: the message came from the internet")


@pytest.mark.parametrize(
    ("name", "verdict", "direction", "third_party", "cause"),
    [
        ("hand-made-onprem-to-cloud-internal.txt", "internal", "onprem-to-cloud", False, None),
        (
            "hand-made-onprem-to-cloud-not-attributed.txt",
            "anonymous",
            "onprem-to-cloud",
            False,
            "did not attribute the message to the tenant's OnPremises inbound connector",
        ),
        (
            "hand-made-third-party-between-onprem-and-eop.txt",
            "anonymous",
            "onprem-to-cloud",
            True,
            "a non-Microsoft hop between on-premises Exchange and Exchange Online: relay1.gateway.example",
        ),
        (
            "hand-made-cloud-to-onprem-anonymous.txt",
            "anonymous",
            "cloud-to-onprem",
            False,
            "did not take the Exchange Online session as the organisation's own",
        ),
        ("hand-made-forged-org-headers-no-exchange.txt", "not cross-premises", "other", False, None),
    ],
)
def test_hand_made_cases(name: str, verdict: str, direction: str, third_party: bool, cause: str | None) -> None:
    message = headers_by_place(HAND_MADE / name)["message"]
    assert (message["verdict"], message["direction"], message["third_party_hop_in_hybrid_path"]) == (
        verdict,
        direction,
        third_party,
    )
    texts = [c["text"] for c in message["likely_causes"]]
    if cause is None:
        assert texts == []
    else:
        assert any(cause in text for text in texts), texts


def test_forged_organisation_headers_without_an_exchange_hop_are_not_trusted() -> None:
    message = headers_by_place(HAND_MADE / "hand-made-forged-org-headers-no-exchange.txt")["message"]
    assert message["auth_as"] is None and message["organisation_headers"] == {}
    assert "no Exchange server in the Received chain" in message["notes"][0]


def test_pasted_headers_are_read_from_standard_input() -> None:
    text = (HEADERS / "mha/eop-inbound-anonymous-constantcontact-to-outlookcom.txt").read_text(encoding="utf-8")
    result = runner.invoke(app, ["headers", "-"], input="\n\n" + text.replace("\r\n", "\n"))
    assert result.exit_code == 0, result.output
    assert "Message (<stdin>:3)" in result.stdout
    assert "verdict:    not cross-premises" in result.stdout
    assert "direction:  internet-inbound" in result.stdout


def test_header_text_saved_as_utf16_by_notepad_is_read(tmp_path: Path) -> None:
    text = (HAND_MADE / "hand-made-onprem-to-cloud-internal.txt").read_text(encoding="utf-8")
    path = tmp_path / "headers.txt"
    path.write_bytes(b"\xff\xfe" + text.encode("utf-16-le"))
    assert headers_by_place(path)["message"]["verdict"] == "internal"


@pytest.mark.parametrize(
    ("name", "data", "expected"),
    [
        ("empty.txt", b"", "empty input"),
        ("prose.txt", b"Hello, please find attached the logs.\nThanks\n", "no message headers found"),
        ("bomb-line.txt", b"Received: from " + b"a" * (1024**2 + 10) + b"\r\n\r\n", "header bomb"),
        ("bomb-fields.txt", b"X-A: 1\r\n" * 6_000 + b"\r\n", "more than 5,000 fields"),
        (
            "nested.eml",
            b"".join(b"Content-Type: message/rfc822\r\n\r\n" for _ in range(3_000)) + b"Subject: x\r\n\r\nbody\r\n",
            "nested deeper than any real message",
        ),
    ],
)
def test_bad_input_is_one_line_and_exit_2(tmp_path: Path, name: str, data: bytes, expected: str) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    result = runner.invoke(app, ["headers", str(path)])
    assert result.exit_code == 2, result.output
    message = result.stderr.strip()
    assert "\n" not in message and "Traceback" not in message and message.startswith(str(path))
    assert expected in message


def test_a_folder_or_missing_file_is_refused(tmp_path: Path) -> None:
    for target, expected in ((tmp_path, "not a regular file"), (tmp_path / "absent.eml", "no such file")):
        result = runner.invoke(app, ["headers", str(target)])
        assert result.exit_code == 2 and expected in result.stderr


def test_a_header_block_at_the_limits_is_read(tmp_path: Path) -> None:
    from linter.snapshot.messages.reader import MAX_FIELDS, MAX_HEADER_BLOCK_BYTES

    fields = b"X-A: 1\r\n" * (MAX_FIELDS - 2)
    head = b"Subject: at the limit\r\nReceived: from a by b with ESMTP id "
    filler = b"x" * (MAX_HEADER_BLOCK_BYTES - len(head) - len(fields) - len(b"; 1 Jan 2025 00:00:00 +0000"))
    path = tmp_path / "at-limit.txt"
    path.write_bytes(head + filler + b"; 1 Jan 2025 00:00:00 +0000" + b"\r\n" + fields + b"\r\n")
    result = runner.invoke(app, ["headers", str(path)])
    assert result.exit_code == 0, result.stderr
    assert "verdict:    not cross-premises" in result.stdout


def test_ews_transport_headers_with_entity_line_breaks_read_as_the_decoded_text(tmp_path: Path) -> None:
    # EWS returns PR_TRANSPORT_MESSAGE_HEADERS as one XML string: each CR arrives as &#xD; (NOTES.md 4).
    decoded = HEADERS / "mha/ews-transport-headers-eop-inbound-gmail.txt"
    path = tmp_path / "ews.txt"
    path.write_bytes(decoded.read_bytes().replace(b"\n", b"&#xD;\n"))
    assert headers_by_place(path)["message"]["hops"] == headers_by_place(decoded)["message"]["hops"]


def _graph_pairs(source: Path) -> list[dict[str, str]]:
    import email

    message = email.message_from_bytes(source.read_bytes())
    return [{"name": name, "value": " ".join(str(value).split())} for name, value in message.items()]


@pytest.mark.parametrize("shape", ["array", "message", "list-response"])
def test_graph_internet_message_headers_json_is_read(tmp_path: Path, shape: str) -> None:
    pairs = _graph_pairs(HAND_MADE / "hand-made-onprem-to-cloud-internal.txt")
    document: object = {
        "array": pairs,
        "message": {"id": "AAMk", "internetMessageHeaders": pairs},
        "list-response": {"value": [{"internetMessageHeaders": pairs}]},
    }[shape]
    path = tmp_path / "graph.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    message = headers_by_place(path)["message"]
    assert (message["verdict"], message["direction"]) == ("internal", "onprem-to-cloud")


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b'{"internetMessageHeaders": [', "is not JSON"),
        (b'{"id": "AAMk"}', "not Graph's internetMessageHeaders"),
        (b"[" * 100_000 + b"]" * 100_000, "nested deeper"),
    ],
)
def test_bad_graph_json_is_one_line_and_exit_2(tmp_path: Path, data: bytes, expected: str) -> None:
    path = tmp_path / "graph.json"
    path.write_bytes(data)
    result = runner.invoke(app, ["headers", str(path)])
    assert result.exit_code == 2 and expected in result.stderr and "\n" not in result.stderr.strip()
