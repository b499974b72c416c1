"""The one error type that bad input produces.

Every reader turns what is wrong with an input into an `InputError`; the CLI prints it as a single
`file:line:col: message` line and exits with code 2. Nothing else in the package prints tracebacks
for input problems.
"""

from __future__ import annotations


class InputError(Exception):
    """An input file that cannot be read, with the position of the problem."""

    def __init__(self, file: str, message: str, line: int | None = None, column: int | None = None) -> None:
        super().__init__(message)
        self.file = file
        self.message = message
        self.line = line if line and line > 0 else 1
        self.column = column if column and column > 0 else 1

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}: {self.message}"
