"""Text from an untrusted export, made safe to print on a terminal.

File names, identities and values come from customer exports: an ESC, OSC or BEL in them would
drive the terminal (set its title, move the cursor) and a CR or LF would forge output lines. Text
and rich output show every control character escaped instead; structured formats (JSON, SARIF,
CSV, HTML) keep the exact value and escape it their own way.
"""

from __future__ import annotations

import re

# C0 and C1 controls, DEL, the Unicode line and paragraph separators, and the bidirectional
# overrides that can make a line read differently than it is.
_CONTROL = re.compile("[\\x00-\\x1f\\x7f-\\x9f\\u2028\\u2029\\u202a-\\u202e\\u2066-\\u2069]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(match: re.Match[str]) -> str:
    char = match.group(0)
    named = _NAMED.get(char)
    if named is not None:
        return named
    code = ord(char)
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def one_line(text: str) -> str:
    """`text` with every control character (line breaks included) shown escaped: one line."""
    return _CONTROL.sub(_escape, text)


def printable(text: str) -> str:
    """`text` for a terminal, keeping its line breaks and tabs (rule-written multi-line text such
    as a fix) but escaping every other control character."""
    return _CONTROL.sub(lambda m: m.group(0) if m.group(0) in "\n\t" else _escape(m), text)
