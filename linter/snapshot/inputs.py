"""Gather the export files named on the command line: files, folders (recursively) and zip archives.

Inputs are only ever read. A zip archive is read in memory, entry by entry; an entry whose name
climbs out of the archive (`..`, an absolute path, a drive letter) or an archive that inflates out
of proportion to its size is refused before anything is extracted.
"""

from __future__ import annotations

import io
import stat
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from linter.snapshot.model import SkippedFile
from linter.support.errors import InputError

EXPORT_SUFFIXES = frozenset({".xml", ".clixml", ".json"})
# Evidence read beside the exports: saved messages, and header text saved as .txt (sniffed, since
# a folder's .txt files are more often notes or Format-List output).
MESSAGE_SUFFIXES = frozenset({".eml", ".msg"})
HEADER_TEXT_SUFFIX = ".txt"  # pasted message headers, or Format-List / Format-Table output
CSV_SUFFIX = ".csv"  # Export-Csv output; like .txt, read only when its first lines say so
SNIFFED_SUFFIXES = frozenset({HEADER_TEXT_SUFFIX, CSV_SUFFIX})
LOG_SUFFIX = ".log"  # Exchange transport logs (RECVyyyymmddhh-n.LOG, SEND...)
MANIFEST_NAMES = frozenset({"snapshot.yaml", "snapshot.yml"})
# The limits (docs/limits.md). The largest real organisation measured, 200 servers, is 60 MB of
# exports; the limits leave room for several times that while keeping memory bounded.
MAX_FILE_BYTES = 256 * 1024**2  # one export file
MAX_SNAPSHOT_BYTES = 1024**3  # every file read into memory for one snapshot, zip entries included
MAX_LOG_BYTES = 64 * 1024**3  # protocol logs on disk: streamed line by line, so not in the total above
MAX_ZIP_TOTAL_BYTES = 1024**3  # what one archive inflates to
MAX_ZIP_RATIO = 200  # text exports compress about 10:1; 200:1 is a bomb, not an export


@dataclass(slots=True)
class Gathered:
    exports: list[InputFile]
    manifests: list[InputFile]
    skipped: list[SkippedFile]


@dataclass(frozen=True, slots=True)
class InputFile:
    """One export file: the name shown in messages, its path inside the snapshot, its size, and
    where its bytes are: a file read only when the loader reaches it (so a snapshot's files are
    never all in memory at once), or the bytes of a zip entry, inflated while gathering."""

    display: str
    relative: str
    size: int
    origin: Path | bytes

    def read(self) -> bytes:
        """The file's bytes; InputError if it cannot be read or has grown past the limit."""
        return self.origin if isinstance(self.origin, bytes) else _read(self.origin)

    def lines(self) -> Iterator[bytes]:
        """Its lines, streamed from disk (a protocol log may be far larger than memory should hold)."""
        if isinstance(self.origin, bytes):
            yield from io.BytesIO(self.origin)
            return
        try:
            with self.origin.open("rb") as stream:
                yield from stream
        except OSError as exc:
            raise InputError(self.display, f"cannot read: {exc.strerror or exc}") from None

    def head(self, length: int = 4096) -> bytes:
        """Its first `length` bytes (what format and encoding detection look at)."""
        if isinstance(self.origin, bytes):
            return self.origin[:length]
        try:
            with self.origin.open("rb") as stream:
                return stream.read(length)
        except OSError as exc:
            raise InputError(self.display, f"cannot read: {exc.strerror or exc}") from None


def gather(paths: list[str]) -> Gathered:
    """The export and manifest files, and the files skipped with the reason; each list sorted by
    name so that output is stable."""
    found = Gathered([], [], [])
    for raw in paths:
        path = Path(raw)
        mode = _mode(raw, "no such file or folder")
        if not stat.S_ISDIR(mode) and not stat.S_ISREG(mode):
            # A device (/dev/zero) or a pipe would be read forever: refused before any read.
            raise InputError(raw, "not a regular file or folder (a device, pipe or socket): refused")
        if stat.S_ISDIR(mode):
            for file in _walk(path, found.skipped):
                if file.suffix.lower() == ".zip":
                    for item in _zip_entries(file, found.skipped):
                        _route(item, found, explicit=False)
                    continue
                relative = file.relative_to(path).as_posix()
                _route(_input_file(file, relative), found, explicit=False)
        elif zipfile.is_zipfile(path):
            for item in _zip_entries(path, found.skipped):
                _route(item, found, explicit=False)
        else:
            _route(_input_file(path, path.name), found, explicit=True)
    streamed = [f for f in found.exports if _is_streamed(f)]
    total = sum(f.size for f in found.exports + found.manifests if not _is_streamed(f))
    logs = sum(f.size for f in streamed)
    if logs > MAX_LOG_BYTES:
        raise InputError(
            paths[0], f"refused: the snapshot's logs hold {logs:,} bytes, more than the {MAX_LOG_BYTES:,} read"
        )
    if total > MAX_SNAPSHOT_BYTES:
        raise InputError(
            paths[0], f"refused: the snapshot's files hold {total:,} bytes, more than the {MAX_SNAPSHOT_BYTES:,} read"
        )
    found.exports.sort(key=lambda f: f.display)
    found.manifests.sort(key=lambda f: f.display)
    found.skipped.sort(key=lambda f: f.path)
    return found


def read_input_file(raw: str) -> bytes:
    """One file named on the command line (not a folder), read with the refusals `gather` applies."""
    path = Path(raw)
    if not stat.S_ISREG(_mode(raw, "no such file")):
        raise InputError(raw, "not a regular file (a folder, device, pipe or socket): refused")
    return _input_file(path, path.name).read()


def _mode(raw: str, missing: str) -> int:
    """The file type and permissions of a path named on the command line (stat follows links)."""
    try:
        return Path(raw).stat().st_mode
    except OSError:
        raise InputError(raw, missing) from None


def _is_streamed(item: InputFile) -> bool:
    """A log file on disk: read line by line, never whole."""
    return isinstance(item.origin, Path) and PurePosixPath(item.relative).suffix.lower() == LOG_SUFFIX


def _route(item: InputFile, found: Gathered, explicit: bool) -> None:
    name = PurePosixPath(item.relative).name.lower()
    if name in MANIFEST_NAMES:
        found.manifests.append(item)
    elif explicit or PurePosixPath(name).suffix in EXPORT_SUFFIXES | MESSAGE_SUFFIXES | {LOG_SUFFIX}:
        found.exports.append(item)
    elif PurePosixPath(name).suffix in SNIFFED_SUFFIXES:
        found.exports.append(item)  # routed here only after _is_text_export said so


def _skip_reason(name: PurePosixPath) -> str | None:
    """Why a file inside a folder or zip is not read as an export; None when it is read."""
    if any(part.startswith(".") for part in name.parts) or name.name.startswith("__MACOSX"):
        return None  # hidden files and archive metadata are not the user's exports: not worth a line
    if name.suffix.lower() in EXPORT_SUFFIXES | MESSAGE_SUFFIXES | {LOG_SUFFIX} or name.name.lower() in MANIFEST_NAMES:
        return None
    suffix = name.suffix.lower() or "(no extension)"
    if suffix == HEADER_TEXT_SUFFIX:
        return "text that is neither Format-List output nor message headers (notes?)"
    if suffix == CSV_SUFFIX:
        return "a CSV file that is not Export-Csv output (no #TYPE line, no quoted header of property names)"
    return (
        f"not an export file type ({suffix}; hybridlint reads .xml, .clixml, .json, Export-Csv .csv, "
        "Format-List .txt, .eml, .msg and .log)"
    )


def _walk(folder: Path, skipped: list[SkippedFile]) -> Iterator[Path]:
    for entry in sorted(folder.rglob("*")):
        relative = PurePosixPath(entry.relative_to(folder).as_posix())
        if any(part.startswith(".") for part in relative.parts):
            continue
        mode = entry.lstat().st_mode
        if stat.S_ISDIR(mode):
            continue
        if not stat.S_ISREG(mode):
            skipped.append(SkippedFile(str(entry), "not a regular file (a link, device or pipe): never followed"))
            continue
        reason = _skip_reason(relative)
        suffix = relative.suffix.lower()
        if reason is not None and suffix in SNIFFED_SUFFIXES and _is_text_export(_head_of(entry), suffix):
            reason = None
        if reason is None or (entry.suffix.lower() == ".zip" and zipfile.is_zipfile(entry)):
            yield entry
        else:
            skipped.append(SkippedFile(str(entry), reason))


def _input_file(path: Path, relative: str) -> InputFile:
    size = path.stat().st_size
    if path.suffix.lower() != LOG_SUFFIX:  # a log on disk is streamed: only MAX_LOG_BYTES bounds it
        _check_size(path, size)
    return InputFile(str(path), relative, size, path)


def _check_size(path: Path, size: int) -> None:
    if size > MAX_FILE_BYTES:
        raise InputError(str(path), f"file of {size:,} bytes is larger than the {MAX_FILE_BYTES:,} bytes read")


def _read(path: Path) -> bytes:
    try:
        with path.open("rb") as stream:
            # One byte past the limit: a file that grew after it was listed is still refused.
            data = stream.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise InputError(str(path), f"cannot read: {exc.strerror or exc}") from None
    _check_size(path, len(data))
    return data


def _zip_entries(archive: Path, skipped: list[SkippedFile]) -> Iterator[InputFile]:
    try:
        with zipfile.ZipFile(archive) as zf:
            infos = [i for i in zf.infolist() if not i.is_dir()]
            compressed = max(1, sum(i.compress_size for i in infos))
            total = sum(i.file_size for i in infos)
            for info in infos:
                _check_entry_name(archive, info.filename)
            if total > MAX_ZIP_TOTAL_BYTES or (total > compressed * MAX_ZIP_RATIO and total > 10 * 1024**2):
                raise InputError(
                    str(archive),
                    f"refused: the archive inflates {compressed:,} bytes to {total:,} "
                    f"(more than {MAX_ZIP_RATIO}:1, or over {MAX_ZIP_TOTAL_BYTES:,} bytes): a zip bomb?",
                )
            for info in sorted(infos, key=lambda i: i.filename):
                name = PurePosixPath(info.filename)
                if any(part.startswith(".") for part in name.parts) or name.name.startswith("__MACOSX"):
                    continue
                reason = _skip_reason(name)
                data = b""
                if reason is not None and name.suffix.lower() in SNIFFED_SUFFIXES:
                    data = _entry_bytes(zf, archive, info)
                    reason = None if _is_text_export(data[:4096], name.suffix.lower()) else reason
                if reason is not None:
                    skipped.append(SkippedFile(f"{archive}!{info.filename}", reason))
                    continue
                data = data or _entry_bytes(zf, archive, info)
                yield InputFile(f"{archive}!{info.filename}", info.filename, len(data), data)
    except zipfile.BadZipFile as exc:
        raise InputError(str(archive), f"damaged zip archive: {exc}") from None
    except (OSError, EOFError, ValueError) as exc:  # a central directory that points nowhere
        raise InputError(str(archive), f"damaged zip archive: {exc}") from None
    except (NotImplementedError, RuntimeError) as exc:  # encrypted or unsupported compression
        raise InputError(str(archive), f"cannot read zip archive: {exc}") from None


def _entry_bytes(zf: zipfile.ZipFile, archive: Path, info: zipfile.ZipInfo) -> bytes:
    """One entry, inflated in chunks up to one byte past its declared size: a lying header cannot
    inflate further, and a damaged entry is reported by name."""
    where = f"{archive}!{info.filename}"
    if info.file_size > MAX_FILE_BYTES:
        raise InputError(where, f"entry of {info.file_size:,} bytes is larger than the {MAX_FILE_BYTES:,} bytes read")
    try:
        with zf.open(info) as stream:
            data = stream.read(info.file_size + 1)
    except zipfile.BadZipFile as exc:
        raise InputError(where, f"damaged zip entry: {exc}") from None
    except (OSError, EOFError, ValueError, zlib.error) as exc:
        raise InputError(where, f"damaged zip entry: {exc}") from None
    if len(data) > info.file_size:
        raise InputError(where, "refused: entry larger than its header says")
    return data


def _head_of(path: Path) -> bytes:
    """The first bytes of a file found in a folder; nothing when it cannot be read (it is then
    skipped as what its name says, not an error)."""
    try:
        return InputFile(str(path), path.name, 0, path).head()
    except InputError:
        return b""


def _is_text_export(head: bytes, suffix: str) -> bool:
    """Pasted message headers, cmdlet text output or Export-Csv output, not notes or another
    program's table: decided from the first lines."""
    from linter.snapshot import encoding
    from linter.snapshot.messages.sniff import looks_like_header_text
    from linter.snapshot.text_output.csv_reader import looks_like_export_csv
    from linter.snapshot.text_output.sniff import text_output_shape

    codec, bom = encoding.detect(head)
    text = head[bom:].decode(codec, errors="ignore")
    if suffix == CSV_SUFFIX:
        return looks_like_export_csv(text)
    return looks_like_header_text(text) or text_output_shape(text) is not None


def _check_entry_name(archive: Path, name: str) -> None:
    normalized = name.replace("\\", "/")
    parts = PurePosixPath(normalized).parts
    if normalized.startswith("/") or ".." in parts or (len(normalized) > 1 and normalized[1] == ":"):
        raise InputError(f"{archive}!{name}", "refused: zip entry path leaves the archive (absolute or with '..')")
