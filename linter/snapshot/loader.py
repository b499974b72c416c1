"""Read a snapshot: files, folders and zips -> one typed `Snapshot`.

Each export file is recognised by its content (CLIXML starts with `<`, JSON with `{` or `[`),
read by its reader, and its records turned into snapshot objects. An object exported twice (the
same kind, side and identity) is kept once and the repeat is reported.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Callable, Iterable, Iterator
from pathlib import PurePosixPath

from linter.snapshot import encoding, kinds
from linter.snapshot.build import finish, record_from_psobject
from linter.snapshot.clixml import reader as clixml
from linter.snapshot.inputs import CSV_SUFFIX, HEADER_TEXT_SUFFIX, LOG_SUFFIX, MESSAGE_SUFFIXES, InputFile, gather
from linter.snapshot.json_export import reader as jsonexport
from linter.snapshot.manifest import FileFacts, LoadedManifest
from linter.snapshot.manifest import load as load_manifest
from linter.snapshot.messages.sniff import looks_like_header_text
from linter.snapshot.model import FileInventory, SkippedFile, Snapshot, SnapshotObject, Source
from linter.snapshot.normalize import Normalizer
from linter.snapshot.protocol_logs.log_types import AGENT_LOG_TYPE, GROUPED_KINDS, LOG_PREAMBLE, SMTP_LOG_TYPES
from linter.snapshot.psobject import PSObject
from linter.support.errors import InputError

# The largest real organisation measured (200 servers) holds about 10,000 objects (docs/limits.md).
MAX_OBJECTS = 1_000_000


def load_snapshot(paths: list[str]) -> Snapshot:
    with _cyclic_gc_paused():
        return _load(paths)


@contextlib.contextmanager
def _cyclic_gc_paused() -> Iterator[None]:
    """Reading builds hundreds of thousands of containers that hold no cycle (a `Ref` cycle is kept
    alive by its document's RefId table anyway), so the cyclic collector would rescan them again
    and again and find nothing: a tenth of a 200-server lint. Reference counting still frees."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _load(paths: list[str]) -> Snapshot:
    found = gather(paths)
    exports = found.exports
    manifests = [(PurePosixPath(m.relative).parent, load_manifest(m)) for m in found.manifests]
    snapshot = Snapshot(skipped=found.skipped)
    if manifests:
        snapshot.manifest = manifests[0][1].manifest
        for side, cmdlet, error in manifests[0][1].collector_failures:
            snapshot.warn(
                "collector-failed",
                f"{cmdlet} failed when the snapshot was collected ({side}): {error}",
                Source(snapshot.manifest.source or "", 1),
            )
        for _, extra in manifests[1:]:
            snapshot.warn(
                "manifest",
                "more than one snapshot.yaml; only the first is used",
                Source(extra.manifest.source or "", 1),
            )
    if not exports:
        raise InputError(
            " ".join(paths),
            "no export files found (.xml, .clixml, .json, Export-Csv .csv or Format-List .txt)"
            + _skipped_note(found.skipped),
        )
    seen: dict[tuple[str, str, str], SnapshotObject] = {}
    for item in exports:
        facts = _facts(item, manifests)
        for obj in read_file(item, snapshot, facts):
            key = (obj.kind, obj.side, obj.identity.lower())
            first = seen.get(key)
            if first is not None and obj.kind in GROUPED_KINDS:
                from linter.snapshot.protocol_logs.objects import merge_sessions

                merge_sessions(first, obj)  # the same sessions seen in another hour's log
                continue
            if first is not None:
                same = "" if first.properties == obj.properties else " with different values; the first is kept"
                if same:
                    snapshot.conflicting.append(obj)
                snapshot.warn(
                    "duplicate", f"{obj.kind} '{obj.identity}' was already read from {first.source}{same}", obj.source
                )
                continue
            seen[key] = obj
            snapshot.objects.append(obj)
            snapshot.exported.add((obj.kind, obj.side))
            if len(snapshot.objects) > MAX_OBJECTS:
                raise InputError(item.display, f"refused: the snapshot holds more than {MAX_OBJECTS:,} objects")
    return snapshot


def _skipped_note(skipped: list[SkippedFile]) -> str:
    if not skipped:
        return ""
    names = ", ".join(PurePosixPath(s.path.replace("!", "/")).name for s in skipped[:5])
    more = f" and {len(skipped) - 5} more" if len(skipped) > 5 else ""
    return f"; skipped {len(skipped)} other file(s): {names}{more}"


def _facts(item: InputFile, manifests: list[tuple[PurePosixPath, LoadedManifest]]) -> FileFacts:
    if not manifests:
        return FileFacts()
    folder, loaded = manifests[0]
    relative = PurePosixPath(item.relative)
    with contextlib.suppress(ValueError):  # a file outside the manifest's folder keeps its path
        relative = relative.relative_to(folder)
    return loaded.facts_for(relative.as_posix())


_HEAD_BYTES = 4096 + 4  # what detection decodes, after a byte-order mark of up to 4 bytes


def _is_message(item: InputFile, head: bytes) -> bool:
    """A saved message, header text (a `.txt` whose first lines are header fields), or Microsoft
    Graph's `internetMessageHeaders` saved as `.json` (no export carries that property)."""
    suffix = PurePosixPath(item.relative).suffix.lower()
    if suffix == ".json":
        return '"internetMessageHeaders"' in _decoded_head(head)
    return suffix in MESSAGE_SUFFIXES or (suffix == HEADER_TEXT_SUFFIX and looks_like_header_text(_decoded_head(head)))


# The tenant's own list of EOP addresses, which the collector can include: a dataset, not an export.
_DATACENTER_IPS = "get-hybridmailflowdatacenterips"
_DATACENTER_IPS_REASON = (
    "a list of EOP addresses, not configuration: import it with "
    "'hybridlint eop-ranges import FILE --instance NAME --as-of DATE'"
)
_FORMAT_TABLE = (
    "Format-Table output: its columns are cut and show only a few properties; "
    "run the cmdlet again with | Format-List * (or Export-Clixml)"
)


def _text_format(item: InputFile, head: bytes) -> str | None:
    """`csv` for a `.csv`; `format-list` or `format-table` for cmdlet text output saved as `.txt`."""
    suffix = PurePosixPath(item.relative).suffix.lower()
    if suffix == CSV_SUFFIX:
        return "csv"
    if suffix != HEADER_TEXT_SUFFIX:
        return None
    from linter.snapshot.text_output.sniff import text_output_shape

    return text_output_shape(_decoded_head(head))


_OTHER_LOG = "an Exchange log that is neither an SMTP protocol log nor an agent log (a tracking log?): not read"
LogReader = Callable[[Iterable[bytes], str, list[tuple[int, str]]], list[SnapshotObject]]


def _log_format(item: InputFile, head: bytes) -> str | None:
    """`protocol-log` for an SMTP protocol log, `other-log` for another Exchange transport log."""
    if PurePosixPath(item.relative).suffix.lower() != LOG_SUFFIX:
        return None
    text = _decoded_head(head)
    if not text.lstrip("\ufeff").startswith(LOG_PREAMBLE):
        return None
    log_type = next((line for line in text.splitlines() if line.lower().startswith("#log-type:")), "")
    log_type = log_type.split(":", 1)[-1].strip().lower()
    if log_type in SMTP_LOG_TYPES:
        return "protocol-log"
    return "agent-log" if log_type == AGENT_LOG_TYPE else "other-log"


def _read_protocol_log(item: InputFile, snapshot: Snapshot, read: LogReader) -> list[SnapshotObject]:
    problems: list[tuple[int, str]] = []
    objects = read(item.lines(), item.display, problems)
    for line, problem in problems[:_MAX_LOG_WARNINGS]:
        snapshot.warn("log-row", problem, Source(item.display, line))
    if len(problems) > _MAX_LOG_WARNINGS:
        snapshot.warn("log-row", f"{len(problems) - _MAX_LOG_WARNINGS:,} more rows not read", Source(item.display, 1))
    return objects


_MAX_LOG_WARNINGS = 20


def _decoded_head(data: bytes) -> str:
    codec, bom = encoding.detect(data)
    return data[bom : bom + 4096].decode(codec, errors="ignore").lstrip("\ufeff")


def detect_format(data: bytes) -> str:
    text = _decoded_head(data).lstrip(" \t\r\n")
    if text.startswith("<") or text.startswith("#< CLIXML"):
        return "clixml"
    if text[:1] in ("{", "[", '"') or text.startswith("null"):
        return "json"
    return "unknown"


def read_file(item: InputFile, snapshot: Snapshot, facts: FileFacts) -> list[SnapshotObject]:
    if PurePosixPath(item.relative).name.lower().startswith(_DATACENTER_IPS):
        snapshot.skipped.append(SkippedFile(item.display, _DATACENTER_IPS_REASON))
        return []
    head = item.head(_HEAD_BYTES)
    fmt = "message" if _is_message(item, head) else _log_format(item, head) or _text_format(item, head)
    fmt = fmt or detect_format(head)
    if fmt == "other-log":
        snapshot.skipped.append(SkippedFile(item.display, _OTHER_LOG))
        return []
    if fmt == "format-table":
        snapshot.skipped.append(SkippedFile(item.display, _FORMAT_TABLE))
        return []
    codec, _ = encoding.detect(head)
    inventory = FileInventory(item.display, fmt, codec)
    snapshot.files.append(inventory)
    # The file's bytes go straight into its reader, which drops them once it has its UTF-8 copy:
    # only one file's bytes, once, are in memory at a time.
    if fmt == "message":
        # Evidence readers are imported when evidence is met: the email parser alone costs a small
        # lint 20 ms.
        from linter.snapshot.messages.objects import message_objects

        objects = message_objects(item.read(), item.display)
    elif fmt in ("protocol-log", "agent-log"):
        from linter.snapshot.protocol_logs.agent_log import agent_objects
        from linter.snapshot.protocol_logs.objects import session_objects

        objects = _read_protocol_log(item, snapshot, agent_objects if fmt == "agent-log" else session_objects)
    elif fmt == "csv":
        from linter.snapshot.text_output import csv_reader

        objects = csv_reader.read(
            item.display, item.relative, item.read(), snapshot, (facts.kind, facts.side, facts.server)
        )
    elif fmt == "format-list":
        from linter.snapshot.text_output import reader as format_list

        stated = (facts.kind, facts.side, facts.server)
        objects = format_list.read(item.display, item.relative, item.read(), snapshot, stated)
    elif fmt == "clixml":
        objects = _read_clixml(item, snapshot, facts)
    elif fmt == "json":
        objects = jsonexport.read(item.display, item.relative, item.read(), snapshot, facts)
    elif not _decoded_head(head).strip():
        raise InputError(item.display, "empty file: expected a CLIXML or JSON export")
    else:
        raise InputError(item.display, "not an export: expected CLIXML (Export-Clixml) or JSON (ConvertTo-Json)")
    hint = facts.kind or jsonexport.kind_from_file_name(item.relative)
    if hint is not None and not objects:
        # A Get-OutboundConnector file that holds nothing still says "there is no outbound connector".
        # A file that held objects says so through them, on their side only: an Exchange Online
        # Get-AcceptedDomain file says nothing of the on-premises accepted domains.
        snapshot.exported.add((hint, facts.side or kinds.implied_side(hint)))
    for obj in objects:
        inventory.object_count += 1
        inventory.kinds[obj.kind] = inventory.kinds.get(obj.kind, 0) + 1
        inventory.sides[obj.side] = inventory.sides.get(obj.side, 0) + 1
    return objects


def _read_clixml(item: InputFile, snapshot: Snapshot, facts: FileFacts) -> list[SnapshotObject]:
    values = clixml.read(item.read(), item.display)

    def on_invalid(obj: PSObject, type_name: str, reason: str) -> None:
        snapshot.warn("invalid-value", f"{type_name}: {reason}", Source(item.display, obj.line))

    normalizer = Normalizer(on_invalid)
    objects = []
    for top in values:
        source = Source(item.display, top.line)
        if not isinstance(top.value, PSObject):
            snapshot.warn("not-a-record", f"top-level {type(top.value).__name__} value skipped", source)
            continue
        try:
            record = record_from_psobject(top.value, source, normalizer, facts.kind)
        except ValueError as exc:
            raise InputError(item.display, str(exc), top.line) from None
        objects.append(finish(record, snapshot, facts.side, facts.server))
    return objects
