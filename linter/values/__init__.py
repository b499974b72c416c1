"""Exchange value types and their parsers.

Every value type is a small frozen dataclass with a `parse(text)` class method for the string form
that PowerShell prints (and `ConvertTo-Json` writes), a `to_json()` giving the canonical form used
in reports and schemas, and `__str__` giving Exchange's own spelling. `ValueSyntaxError` is raised
for text that is not such a value; callers decide whether that is an error or a warning.
"""

from __future__ import annotations


class ValueSyntaxError(ValueError):
    """Text that does not parse as the Exchange value type asked for."""
