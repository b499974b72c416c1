"""Functions that format a value for a message or a fix: rounding and byte sizes.

A size reads in a message as Exchange's own summary does (`35 MB`, `35.2 MB`, `Unlimited`), and in
a fix as a value every ByteQuantifiedSize parameter takes: a number with one of the documented
units B, KB, MB, GB or TB (`50MB`, `52428801B`), or `Unlimited` (Set-SendConnector and
Set-ReceiveConnector, -MaxMessageSize). Rounding is half away from zero, as people round, not
Python's half to even.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from linter.rules.expressions.runtime import RuleRuntimeError
from linter.rules.expressions.text import as_text
from linter.values.size import ByteSize

_MB = 1024**2
_PS_UNITS = (("TB", 1024**4), ("GB", 1024**3), ("MB", _MB), ("KB", 1024))


def round_number(number: Any, digits: Any = 0) -> int | float:
    """`number` rounded to `digits` decimals: `round(2.25, 1)` is 2.3; `round(x)` is an integer."""
    places = _digits(digits, "round")
    if isinstance(number, bool) or not isinstance(number, (int, float)):
        raise RuleRuntimeError(f"round() needs a number, got {as_text(number)!r}")
    rounded = Decimal(str(number)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    return int(rounded) if places == 0 else float(rounded)


def size_mb(size: Any, digits: Any = 0) -> str:
    """A byte size for people, in megabytes: `size_mb(MaxMessageSize, 1)` is `35.2 MB`; `Unlimited`."""
    places = _digits(digits, "size_mb")
    count = _bytes(size, "size_mb")
    if count is None:
        return "Unlimited"
    megabytes = Decimal(count) / _MB
    return f"{megabytes.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)} MB"


def ps_size(size: Any) -> str:
    """A byte size as a fix writes it: the largest documented unit that holds it exactly (`36MB`,
    `256KB`), else bytes (`52428801B`); `Unlimited`. Never `36 MB (37,748,736 bytes)`, which is
    Exchange's display form, and never a rounded value."""
    count = _bytes(size, "ps_size")
    if count is None:
        return "Unlimited"
    for unit, factor in _PS_UNITS:
        if count and count % factor == 0:
            return f"{count // factor}{unit}"
    return f"{count}B"


def _bytes(size: Any, function: str) -> int | None:
    if isinstance(size, ByteSize):
        return size.bytes
    if isinstance(size, int) and not isinstance(size, bool) and size >= 0:
        return size
    raise RuleRuntimeError(f"{function}() needs a byte size, got {as_text(size)!r}")


def _digits(digits: Any, function: str) -> int:
    if isinstance(digits, bool) or not isinstance(digits, int) or not 0 <= digits <= 6:
        raise RuleRuntimeError(f"{function}() takes 0 to 6 decimals, got {as_text(digits)!r}")
    return digits


FORMAT_FUNCTIONS: dict[str, Callable[..., Any]] = {"round": round_number, "size_mb": size_mb, "ps_size": ps_size}
