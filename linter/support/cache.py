"""hybridlint's own cache folder (parser tables), never a place an input can point to.

`$XDG_CACHE_HOME/hybridlint` or `~/.cache/hybridlint`, private to the user. Lark keeps there the
analysis of the expression grammar, which turns 70 ms of start-up into 6. When the folder cannot
be made private, nothing is cached.
"""

from __future__ import annotations

import contextlib
import os
import stat
from functools import cache
from pathlib import Path
from typing import Any


def cache_file(name: str) -> str | None:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    folder = Path(base) / "hybridlint"
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        info = folder.stat()
    except OSError:
        return None
    # The cache holds parser tables that lark unpickles: only trust a folder nobody else can write.
    if info.st_uid != os.getuid() or info.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        return None
    target = folder / name
    if target.exists():
        mode = target.stat()
        if mode.st_uid != os.getuid() or mode.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
            return None
    return str(target)


def _entry(kind: str, key: bytes) -> Path | None:
    """Where the cache keeps the entry of `kind` for `key` (hashed with hybridlint's version, so an
    upgrade misses), in a private folder of its own; None when nothing can be cached."""
    import hashlib

    from linter import __version__

    folder = _kind_folder(kind, os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache"))
    if folder is None:
        return None
    return folder / (hashlib.sha256(__version__.encode() + b"\0" + key).hexdigest() + ".json")


@cache
def _kind_folder(kind: str, base: str) -> Path | None:
    """The private folder of `kind`, checked and made once per run (a lint reads one entry per
    rule); keyed by the cache base too, so a changed XDG_CACHE_HOME is honoured."""
    folder = cache_file(kind)
    if folder is None:
        return None
    try:
        Path(folder).mkdir(mode=0o700, exist_ok=True)
    except OSError:
        return None
    return Path(folder)


def read_cached(kind: str, key: bytes) -> Any:
    """The JSON data kept for `key`, or None when there is none (or it is unreadable)."""
    import json

    entry = _entry(kind, key)
    if entry is None:
        return None
    try:
        return json.loads(entry.read_text(encoding="utf-8"))["data"]
    except (OSError, ValueError, KeyError, TypeError):
        return None


def write_cached(kind: str, key: bytes, data: Any) -> None:
    """Keep `data` (plain JSON: data, never code) for `key`; an unwritable cache only costs time."""
    import json

    entry = _entry(kind, key)
    if entry is None:
        return
    # Written beside and renamed, so a run reading concurrently never sees half an entry.
    temporary = entry.with_name(f"{entry.name}.{os.getpid()}.tmp")
    with contextlib.suppress(OSError, TypeError, ValueError):
        temporary.write_text(json.dumps({"data": data}), encoding="utf-8")
        os.replace(temporary, entry)


def validated_before(kind: str, text: str) -> Any:
    """The data of this exact `text` of a user file of `kind` when it passed its schema in an
    earlier run of this version, else None: then neither the YAML parser nor the schema (nor
    their imports, a fifth of a small lint's start-up) is needed."""
    return read_cached(f"validated-{kind}", text.encode("utf-8"))


def remember_validated(kind: str, text: str, data: Any) -> None:
    """Keep `data`, what the valid `text` holds."""
    write_cached(f"validated-{kind}", text.encode("utf-8"), data)
