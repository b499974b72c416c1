"""Writing the files a user asked for (reports, baselines, datasets): one place, one kind of error."""

from __future__ import annotations

from pathlib import Path

from linter.support.errors import InputError


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
