"""Exchange server builds: `Version 15.2 (Build 986.5)` (AdminDisplayVersion) and the products they mean."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from linter.values import ValueSyntaxError

# Exchange 2003 servers, as Get-ExchangeServer lists them, add the service pack: "(Build 7638.2: Service Pack 2)".
_DISPLAY = re.compile(r"^Version (\d+)\.(\d+) \(Build (\d+)\.(\d+)(?:: [^)]*)?\)$")
_DOTTED = re.compile(r"^(\d+)\.(\d+)\.(\d+)\.(\d+)$")


@dataclass(frozen=True, slots=True, order=True)
class ExchangeVersion:
    major: int
    minor: int
    build: int
    revision: int

    @classmethod
    def parse(cls, value: Any) -> ExchangeVersion:
        """From the display string, a dotted build (`15.2.986.5`) or the object's properties."""
        if isinstance(value, dict):
            try:
                return cls(int(value["Major"]), int(value["Minor"]), int(value["Build"]), int(value["Revision"]))
            except (KeyError, TypeError, ValueError):
                raise ValueSyntaxError(f"not an Exchange version: {value!r}") from None
        text = str(value).strip()
        match = _DISPLAY.match(text) or _DOTTED.match(text)
        if match is None:
            raise ValueSyntaxError(f"not an Exchange version: {text!r}")
        major, minor, build, revision = (int(part) for part in match.groups())
        return cls(major, minor, build, revision)

    @property
    def product(self) -> str:
        """The product line. 15.2 is Exchange 2019 or Subscription Edition; builds tell them apart."""
        if self.major == 6:
            return "Exchange 2003"
        if self.major == 8:
            return "Exchange 2007"
        if self.major == 14:
            return "Exchange 2010"
        if self.major == 15:
            return {0: "Exchange 2013", 1: "Exchange 2016", 2: "Exchange 2019"}.get(self.minor, "Exchange")
        return "Exchange"

    def __str__(self) -> str:
        return f"Version {self.major}.{self.minor} (Build {self.build}.{self.revision})"

    def to_json(self) -> str:
        return str(self)
