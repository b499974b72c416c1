"""Files the user writes (rules, baselines, configuration): a size-capped UTF-8 read, and YAML as plain data."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from linter.support.errors import InputError


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


def plain_data(value: Any) -> Any:
    """YAML as loaded (ruamel's commented maps, dates) as plain JSON data for schema validation."""
    if isinstance(value, dict):
        return {str(k): plain_data(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain_data(v) for v in value]
    if isinstance(value, str):
        return str(value)
    if isinstance(value, (bool, int, float)) or value is None:
        return value
    return str(value)
