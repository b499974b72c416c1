"""Reading a small file the user names (a baseline, a configuration): size-capped, UTF-8, one error."""

from __future__ import annotations

from pathlib import Path

from linter.errors import InputError


def read_user_text(path: Path, max_bytes: int, what: str) -> str:
    """The text of `path` (UTF-8, BOM allowed), or an InputError naming the file and the problem."""
    try:
        if path.stat().st_size > max_bytes:
            raise InputError(str(path), f"{what} larger than {max_bytes // (1024 * 1024)} MB")
        return path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise InputError(str(path), f"cannot read the {what}: {exc.strerror or exc}") from None
    except UnicodeDecodeError as exc:
        raise InputError(str(path), f"the {what} is not UTF-8 (byte {exc.start})") from None
