"""Walk a JSON document's containers with the position of each member, using the C decoder.

`json.loads` forgets where things were; a snapshot object must know its line. This module steps
through an object's members or an array's items itself and lets `JSONDecoder.raw_decode` (the C
scanner) decode each value, so every record gets its offset at the cost of one pass.
"""

from __future__ import annotations

import bisect
import json
from collections.abc import Iterator
from typing import Any

from linter.support.errors import InputError

_DECODER = json.JSONDecoder()
_WHITESPACE = " \t\r\n"


class JsonText:
    """A decoded JSON document's text, with offset -> (line, column) and error reporting."""

    def __init__(self, text: str, file: str) -> None:
        self.text = text
        self.file = file
        self._newlines: list[int] | None = None

    def position(self, offset: int) -> tuple[int, int]:
        if self._newlines is None:
            self._newlines = [i for i, ch in enumerate(self.text) if ch == "\n"]
        line = bisect.bisect_left(self._newlines, offset)
        start = self._newlines[line - 1] + 1 if line else 0
        return line + 1, offset - start + 1

    def error(self, offset: int, message: str) -> InputError:
        line, column = self.position(offset)
        return InputError(self.file, message, line, column)

    def skip_space(self, offset: int) -> int:
        text, end = self.text, len(self.text)
        while offset < end and text[offset] in _WHITESPACE:
            offset += 1
        return offset

    def expect(self, offset: int, char: str) -> int:
        offset = self.skip_space(offset)
        if offset >= len(self.text):
            raise self.error(offset, f"truncated JSON: expected '{char}' before the end of the file")
        if self.text[offset] != char:
            raise self.error(offset, f"malformed JSON: expected '{char}', found '{self.text[offset]}'")
        return offset + 1

    def decode(self, offset: int) -> tuple[Any, int]:
        """(value, end offset) of the JSON value at `offset`."""
        offset = self.skip_space(offset)
        try:
            return _DECODER.raw_decode(self.text, offset)
        except json.JSONDecodeError as exc:
            problem = "truncated JSON" if exc.pos >= len(self.text) - 1 else "malformed JSON"
            raise self.error(exc.pos, f"{problem}: {exc.msg}") from None
        except RecursionError:
            raise self.error(offset, "refused: JSON nested too deeply") from None
        except ValueError as exc:  # e.g. an integer with more digits than Python converts
            raise self.error(offset, f"malformed JSON: {exc}") from None

    def first(self) -> tuple[str, int]:
        """(first significant character, its offset); ('', end) for an empty document."""
        offset = self.skip_space(0)
        return (self.text[offset] if offset < len(self.text) else ""), offset

    def items(self, offset: int) -> Iterator[tuple[int, Any]]:
        """(offset, value) of each item of the array that starts at `offset`."""
        offset = self.expect(offset, "[")
        offset = self.skip_space(offset)
        if offset < len(self.text) and self.text[offset] == "]":
            return
        while True:
            start = self.skip_space(offset)
            value, offset = self.decode(start)
            yield start, value
            offset = self.skip_space(offset)
            if offset < len(self.text) and self.text[offset] == "]":
                return
            offset = self.expect(offset, ",")

    def members(self, offset: int) -> Iterator[tuple[str, int, int]]:
        """(key, value offset, value end) of each member of the object that starts at `offset`.

        The value is not decoded: the caller decodes it, or steps into it with `items`.
        """
        offset = self.expect(offset, "{")
        offset = self.skip_space(offset)
        if offset < len(self.text) and self.text[offset] == "}":
            return
        while True:
            key_start = self.skip_space(offset)
            key, offset = self.decode(key_start)
            if not isinstance(key, str):
                raise self.error(key_start, "malformed JSON: object key is not a string")
            offset = self.expect(offset, ":")
            value_start = self.skip_space(offset)
            _, value_end = self.decode(value_start)
            yield key, value_start, value_end
            offset = self.skip_space(value_end)
            if offset < len(self.text) and self.text[offset] == "}":
                return
            offset = self.expect(offset, ",")

    def check_end(self, offset: int) -> None:
        offset = self.skip_space(offset)
        if offset < len(self.text):
            raise self.error(offset, "malformed JSON: extra data after the document")
