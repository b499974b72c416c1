"""Time spans as .NET prints them: `00:10:00`, `7.00:00:00`, `-00:00:05.5000000`."""

from __future__ import annotations

import re
from datetime import timedelta

from linter.values import ValueSyntaxError

_TIMESPAN = re.compile(r"^(-)?(?:(\d+)\.)?(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,7}))?)?$")


def parse_timespan(text: str) -> timedelta:
    match = _TIMESPAN.match(text.strip())
    if match is None:
        raise ValueSyntaxError(f"not a time span: {text!r}")
    negative, days, hours, minutes, seconds, fraction = match.groups()
    value = timedelta(
        days=int(days or 0),
        hours=int(hours),
        minutes=int(minutes),
        seconds=int(seconds or 0),
        microseconds=int((fraction or "0")[:6].ljust(6, "0")),
    )
    return -value if negative else value
