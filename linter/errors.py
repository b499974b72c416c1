"""The one error type that bad input produces.

Every reader turns what is wrong with an input into an `InputError`; the CLI prints it as a single
`file:line:col: message` line and exits with code 2. Nothing else in the package prints tracebacks
for input problems.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pathlib import Path


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


def write_output(path: Path, text: str) -> None:
    """Write a report or data file the user asked for, making its folder; InputError when that fails.

    A path that names a file where a folder is needed, a read-only folder or a full disk is the
    user's to fix, so it is one line and exit code 2 like bad input, not a traceback.
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8", newline="\n")
    except (FileExistsError, NotADirectoryError):
        blocking = next((p for p in path.parents if p.is_file()), path)
        raise InputError(str(path), f"cannot write: {blocking} is a file, not a folder") from None
    except OSError as exc:
        raise InputError(str(path), f"cannot write: {exc.strerror or exc}") from None
