"""Export bytes -> UTF-8: chunked transcoding gives what a whole decode gives, errors keep their position."""

from __future__ import annotations

import codecs

import pytest

from linter.snapshot import encoding
from linter.support.errors import InputError

# Characters that straddle a chunk boundary in some encoding: a surrogate pair, a BOM-like
# character inside the text, CRLF and plain ASCII.
TEXT = "<Objs>\r\n" + ("Zürich \U0001f600 \ufeff line\r\n" * 40_000) + "</Objs>"


@pytest.mark.parametrize(
    ("codec", "bom"),
    [
        ("utf-16-le", codecs.BOM_UTF16_LE),
        ("utf-16-be", codecs.BOM_UTF16_BE),
        ("utf-32-le", codecs.BOM_UTF32_LE),
        ("utf-16-le", b""),
    ],
)
@pytest.mark.parametrize("chunk", [1, 3, 4096, 1024 * 1024])
def test_chunked_transcoding_equals_a_whole_decode(
    codec: str, bom: bytes, chunk: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = TEXT if chunk >= 4096 else TEXT[:2_000]  # one-byte chunks: a short text is enough
    data = bom + text.encode(codec)
    monkeypatch.setattr(encoding, "_CHUNK_BYTES", chunk)
    assert encoding.to_utf8(data, "t.xml") == text.encode("utf-8")


def test_only_the_leading_byte_order_mark_is_dropped() -> None:
    data = codecs.BOM_UTF16_LE + "\ufeff<Objs>\ufeff</Objs>".encode("utf-16-le")
    assert encoding.to_utf8(data, "t.xml") == "<Objs>\ufeff</Objs>".encode()


@pytest.mark.parametrize("chunk", [7, 1024 * 1024])
def test_a_bad_byte_after_the_first_chunk_is_named_at_its_line(chunk: int, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(encoding, "_CHUNK_BYTES", chunk)
    good = "<Objs>\r\n" + "<S>x</S>\r\n" * 5_000
    data = codecs.BOM_UTF16_LE + good.encode("utf-16-le") + b"\x00\xd8" + "</Objs>".encode("utf-16-le")
    with pytest.raises(InputError) as caught:
        encoding.to_utf8(data, "t.xml")
    assert caught.value.line == 5_002
    assert "byte 0x00 is not valid UTF-16-LE" in caught.value.message


def test_a_truncated_code_unit_at_the_end_is_an_error() -> None:
    data = codecs.BOM_UTF16_LE + "<Objs/>".encode("utf-16-le") + b"<"
    with pytest.raises(InputError, match="not valid UTF-16-LE"):
        encoding.to_utf8(data, "t.xml")
