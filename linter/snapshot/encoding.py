"""Turn the bytes of an export into UTF-8, or say precisely why that is not possible.

PowerShell writes exports in whatever `-Encoding` the admin chose: Windows PowerShell 5.1's
`Export-Clixml` defaults to UTF-16 LE with a BOM, PowerShell 7 to UTF-8 without one, and
`UTF32`, `BigEndianUnicode` and `UTF7` are all one switch away. The encoding is decided from the
byte-order mark (or, without one, from the NUL pattern of the first characters); bytes that are
not valid in that encoding are an error, never a guess.
"""

from __future__ import annotations

import codecs
import io

from linter.support.errors import InputError

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # must precede UTF-16 LE: same first two bytes
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_UTF7_BOMS = (b"+/v8", b"+/v9", b"+/v+", b"+/v/")


def detect(data: bytes) -> tuple[str, int]:
    """Return (codec name, length of the byte-order mark)."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return codec, len(bom)
    if data[:4] in _UTF7_BOMS:
        return "utf-7", 0  # Python's utf-7 codec consumes the signature itself
    if len(data) >= 4:
        if data[0] == 0 and data[1] == 0 and data[2] == 0 and data[3] != 0:
            return "utf-32-be", 0
        if data[0] != 0 and data[1] == 0 and data[2] == 0 and data[3] == 0:
            return "utf-32-le", 0
    if len(data) >= 2:
        if data[0] == 0 and data[1] != 0:
            return "utf-16-be", 0
        if data[0] != 0 and data[1] == 0:
            return "utf-16-le", 0
    return "utf-8", 0


def to_utf8(data: bytes, file: str) -> bytes:
    """The document as UTF-8 bytes without a BOM; `InputError` names the first undecodable byte."""
    codec, bom = detect(data)
    if codec == "utf-8":
        body = data[bom:]
        try:
            body.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise _decode_error(file, body, exc, "UTF-8") from None
        return body
    try:
        return _transcode(data, bom, codec)
    except UnicodeDecodeError:
        try:  # decoded again whole, for the position of the first bad byte in the whole file
            data[bom:].decode(codec)
        except UnicodeDecodeError as exc:
            raise _decode_error(file, data[bom:], exc, codec.upper()) from None
        raise  # pragma: no cover - a chunked decode cannot fail where a whole one succeeds


_CHUNK_BYTES = 1024 * 1024


def _transcode(data: bytes, bom: int, codec: str) -> bytes:
    """`data` after its BOM, decoded from `codec` and encoded as UTF-8, a chunk at a time.

    Decoding whole would hold the file, a copy without its BOM, the text and the UTF-8 bytes at
    once: for a 33 MB UTF-16 export that was the peak of a whole lint's memory.
    """
    decoder = codecs.getincrementaldecoder(codec)()
    view = memoryview(data)
    output = io.BytesIO()
    first = True
    for start in range(bom, len(data), _CHUNK_BYTES):
        text = decoder.decode(view[start : start + _CHUNK_BYTES])
        if first and text:
            text, first = text.removeprefix("\ufeff"), False
        output.write(text.encode("utf-8", "surrogatepass"))
    text = decoder.decode(b"", final=True)
    if first:
        text = text.removeprefix("\ufeff")
    output.write(text.encode("utf-8", "surrogatepass"))
    return output.getvalue()


def _decode_error(file: str, body: bytes, exc: UnicodeDecodeError, label: str) -> InputError:
    good = body[: exc.start]
    line = good.count(b"\n") + 1
    column = exc.start - (good.rfind(b"\n") + 1) + 1
    if label == "UTF-8":
        column = len(good[good.rfind(b"\n") + 1 :].decode("utf-8", "replace")) + 1
    byte = body[exc.start : exc.start + 1].hex()
    return InputError(
        file,
        f"unknown encoding: byte 0x{byte} is not valid {label}; re-export with -Encoding UTF8 "
        "(or Unicode), which every reader of this tool accepts",
        line,
        column,
    )
