"""The CLIXML reader on the whole serialization vocabulary, in every encoding PowerShell writes."""

from __future__ import annotations

import codecs
import uuid
from datetime import datetime, timedelta, timezone
from decimal import Decimal

import pytest
from oracle import assert_same
from psrpcore.types import deserialize_clixml
from testkit import FIXTURES_DIR

from linter.snapshot.clixml import reader as clixml
from linter.snapshot.psobject import PSObject, ScriptBlockValue, XmlDocumentValue

FIXTURES = FIXTURES_DIR / "clixml"
VOCABULARY = (FIXTURES / "vocabulary.xml").read_text(encoding="utf-8")


@pytest.fixture(autouse=True, params=["whole", "streaming"])
def parse_mode(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Every test runs on both paths: documents parsed whole, and large ones streamed."""
    if request.param == "streaming":
        monkeypatch.setattr(clixml, "STREAM_ABOVE_BYTES", 0)
    return str(request.param)


def read_text(text: str, codec: str = "utf-8", bom: bytes = b"") -> list[clixml.TopLevelValue]:
    return clixml.read(bom + text.encode(codec), "vocabulary.xml")


def test_vocabulary_agrees_with_psrpcore() -> None:
    ours = read_text(VOCABULARY)
    theirs = deserialize_clixml(VOCABULARY, None)  # type: ignore[arg-type]
    assert len(ours) == len(theirs) == 3
    for a, b in zip(ours, theirs, strict=True):
        assert_same(a.value, b, "vocabulary", set())


def test_every_primitive_has_its_python_type() -> None:
    first = read_text(VOCABULARY)[0].value
    assert isinstance(first, PSObject)
    get = first.extended.__getitem__
    assert get("Multiline") == "line one\r\nline two"
    assert get("Emoji") == "smile \U0001f600 done"
    assert get("LiteralEscape") == "a_x0041_b"
    assert get("Empty") == "" and get("Nothing") is None
    assert get("Char") == "A" and get("Flag") is True
    assert get("Local") == datetime(2022, 3, 23, 18, 0, 30, tzinfo=timezone(timedelta(hours=1)))
    assert get("Utc") == datetime(2023, 1, 5, 12, 8, 37, 617768, tzinfo=timezone.utc)
    assert get("Unspecified") == datetime(1, 1, 1) and get("Unspecified").tzinfo is None
    assert get("Elapsed") == timedelta(seconds=9, microseconds=26902)
    assert get("Long") == timedelta(days=1, hours=2, minutes=3, seconds=4)
    assert (get("Byte"), get("SByte"), get("UInt16"), get("Int16")) == (255, -12, 65535, -32768)
    assert (get("UInt32"), get("Int64"), get("UInt64")) == (2**32 - 1, -(2**63), 2**64 - 1)
    assert get("Single") == 1.5 and get("Double") == 0.0069444444444444441
    assert get("Decimal") == Decimal("79228162514264337593543950335")
    assert get("Bytes") == b"\x01\x02\x03"
    assert get("Guid") == uuid.UUID("792e7e8b-9e73-4d1c-a1e4-4bc8b0f4d6b1")
    assert str(get("Uri")) == "https://outlook.office365.com/powershell-liveid/"
    assert str(get("Version")) == "15.2.986.5" and get("Version").parts == (15, 2, 986, 5)
    # Kept as text only: never parsed, never run.
    assert get("Xml") == XmlDocumentValue('<root a="1"/>')
    assert get("Script") == ScriptBlockValue("Get-SendConnector | Remove-SendConnector")


def test_collections_dictionaries_and_enums() -> None:
    first = read_text(VOCABULARY)[0].value
    table = first.get("Table")
    assert table.container == "DCT" and table.payload == [("Port", 25), ("Host", "mail.contoso.com")]
    assert first.get("Stack").items == ["top", "bottom"]
    assert first.get("Queue").items == [1, 2]
    assert first.get("Enumerable").items == ["a", None]
    level = first.get("Level")
    assert (level.to_string, level.payload, level.has_type("System.Enum")) == ("DomainValidation", 3, True)


def test_references_resolve_across_top_level_objects() -> None:
    first, second, third = (v.value for v in read_text(VOCABULARY))
    assert first.get("SameAgain") is first.get("Shared")
    assert second.get("FromEarlierObject") is first.get("Shared")
    assert second.type_names == first.type_names  # through TNRef
    assert second.get("Level").type_name == "Microsoft.Exchange.Data.TlsAuthLevel"
    assert second.get("AB") == "escaped member name"
    assert third == "a bare string on the pipeline"


@pytest.mark.parametrize(
    ("codec", "bom"),
    [
        ("utf-8", b""),
        ("utf-8", codecs.BOM_UTF8),
        ("utf-16-le", codecs.BOM_UTF16_LE),
        ("utf-16-be", codecs.BOM_UTF16_BE),
        ("utf-32-le", codecs.BOM_UTF32_LE),
        ("utf-32-be", codecs.BOM_UTF32_BE),
        ("utf-16-le", b""),
        ("utf-7", b"+/v8-"),
    ],
    ids=["utf8", "utf8-bom", "utf16le-bom", "utf16be-bom", "utf32le-bom", "utf32be-bom", "utf16le-nobom", "utf7"],
)
def test_encodings_and_crlf(codec: str, bom: bytes) -> None:
    windows = VOCABULARY.replace("\n", "\r\n")
    values = read_text(windows, codec, bom)
    expected = read_text(VOCABULARY)
    assert len(values) == 3
    for a, b in zip(values, expected, strict=True):
        assert a.line == b.line
    assert values[0].value.get("Emoji") == "smile \U0001f600 done"


def test_powershell_output_format_marker_is_accepted() -> None:
    values = read_text("#< CLIXML\r\n" + VOCABULARY)
    assert len(values) == 3


def test_deserialized_prefix_is_stripped_for_matching() -> None:
    doc = VOCABULARY.replace(
        "<T>Microsoft.Exchange.Data.TlsAuthLevel</T>", "<T>Deserialized.Microsoft.Exchange.Data.TlsAuthLevel</T>"
    )
    level = read_text(doc)[0].value.get("Level")
    assert level.type_names[0] == "Deserialized.Microsoft.Exchange.Data.TlsAuthLevel"
    assert level.type_name == "Microsoft.Exchange.Data.TlsAuthLevel" and level.is_deserialized


def test_documents_without_the_namespace_are_read() -> None:
    doc = VOCABULARY.replace(' xmlns="http://schemas.microsoft.com/powershell/2004/04"', "")
    assert read_text(doc)[0].value.get("Int32") == -5


def test_a_self_reference_is_a_cycle_not_a_crash() -> None:
    doc = """<Objs Version="1.1.0.1" xmlns="http://schemas.microsoft.com/powershell/2004/04">
  <Obj RefId="0"><TN RefId="0"><T>System.Collections.Hashtable</T><T>System.Object</T></TN>
    <DCT><En><S N="Key">self</S><Ref N="Value" RefId="0" /></En></DCT></Obj>
</Objs>"""
    table = read_text(doc)[0].value
    assert table.payload[0][1] is table
