"""Reader for `Export-Clixml` documents (the PowerShell serialization format, MS-PSRP 2.2.5).

The whole vocabulary is understood: `Obj` with `TN`/`TNRef`, `ToString`, `Props`, `MS`, the
collections `LST`/`IE`/`STK`/`QUE`/`DCT`, `Ref`, `Nil` and every primitive element. `RefId`s of
objects and of type-name lists are two tables per document, filled in document order, so a `Ref`
may point into any earlier object, including an earlier top-level one.

The document is streamed: each top-level element is turned into Python values and then dropped
from the XML tree, so memory follows the values built, not the size of the XML.
"""

from __future__ import annotations

import binascii
import io
import re
from dataclasses import dataclass
from sys import intern
from typing import Any

from lxml import etree

from linter.snapshot import encoding
from linter.snapshot.clixml import xmlsafety
from linter.snapshot.clixml.primitives import SCALARS, unescape
from linter.snapshot.psobject import (
    PSObject,
    SerializationData,
)
from linter.support.errors import InputError

PS_NAMESPACE = "http://schemas.microsoft.com/powershell/2004/04"
# Documents up to this size are parsed whole (faster); larger ones are streamed (less memory).
STREAM_ABOVE_BYTES = 16 * 1024 * 1024


@dataclass(slots=True)
class TopLevelValue:
    """One object written to the pipeline, with the line of its element."""

    value: Any
    line: int


_OBJ_CHILDREN = frozenset({"TN", "TNRef", "ToString", "Props", "MS", "LST", "IE", "STK", "QUE", "DCT"})
_PROGRESS_FIELDS = {
    "AV": "Activity",
    "AI": "ActivityId",
    "PI": "ParentActivityId",
    "PC": "PercentComplete",
    "T": "RecordType",
    "SR": "SecondsRemaining",
    "SD": "StatusDescription",
}


class _Document:
    """Per-document state: the two RefId tables, and the namespace-qualified tag names."""

    def __init__(self, file: str, namespace: str) -> None:
        self.file = file
        self.objects: dict[str, PSObject] = {}
        self.type_names: dict[str, tuple[str, ...]] = {}
        prefix = f"{{{namespace}}}" if namespace else ""
        self.scalars = {prefix + tag: convert for tag, convert in SCALARS.items()}
        self.local = {
            prefix + tag: tag
            for tag in [
                *SCALARS,
                *_OBJ_CHILDREN,
                "Obj",
                "Ref",
                "Nil",
                "PR",
                "T",
                "En",
                "Key",
                "Value",
                *_PROGRESS_FIELDS,
            ]
        }
        self.tag_obj = prefix + "Obj"
        self.tag_ref = prefix + "Ref"
        self.tag_nil = prefix + "Nil"
        self.tag_s = prefix + "S"
        self.tag_b = prefix + "B"
        self.tag_ba = prefix + "BA"

    def fail(self, element: etree._Element, message: str) -> InputError:
        return InputError(self.file, message, element.sourceline)

    def value(self, element: etree._Element) -> Any:
        tag = element.tag
        convert = self.scalars.get(tag)
        if convert is not None:
            text = element.text or ""
            if convert is unescape:
                return unescape(text) if text else ""
            try:
                return convert(text)
            except (ValueError, OverflowError, binascii.Error) as exc:
                raise self.fail(element, f"<{self.local[tag]}> holds an invalid value: {exc}") from None
        if tag == self.tag_obj:
            return self.obj(element)
        if tag == self.tag_nil:
            return None
        if tag == self.tag_ref:
            ref_id = element.get("RefId")
            target = self.objects.get(ref_id) if ref_id is not None else None
            if target is None:
                raise self.fail(element, f"<Ref RefId={ref_id!r}> points to no object defined before it")
            return target
        local = self.local.get(tag)
        if local == "PR":
            return self.progress_record(element)
        raise self.fail(element, f"unknown CLIXML element <{_local_name(tag)}>")

    def obj(self, element: etree._Element) -> PSObject:
        result = PSObject(line=element.sourceline or 0)
        ref_id = element.get("RefId")
        if ref_id is not None:
            # Registered before its members so that a member may refer back to it.
            self.objects[ref_id] = result
        for child in element:
            local = self.local.get(child.tag)
            if local == "Props":
                result.adapted = self.members(child)
            elif local == "MS":
                result.extended = self.members(child)
            elif local == "TNRef":
                tn_id = child.get("RefId") or ""
                if tn_id not in self.type_names:
                    raise self.fail(child, f"<TNRef RefId={tn_id!r}> points to no type-name list defined before it")
                result.type_names = self.type_names[tn_id]
            elif local == "ToString":
                result.to_string = unescape(child.text or "")
            elif local == "TN":
                names = tuple(t.text or "" for t in child)
                result.type_names = names
                tn_id = child.get("RefId")
                if tn_id is not None:
                    self.type_names[tn_id] = names
            elif local in ("LST", "IE", "STK", "QUE"):
                result.container = local
                result.payload = [self.value(item) for item in child]
            elif local == "DCT":
                result.container = "DCT"
                result.payload = [self.dictionary_entry(entry) for entry in child]
            else:
                # Enum or extended primitive: the value itself is a child of the Obj.
                if result.container is not None:
                    raise self.fail(
                        child,
                        f"<{local or _local_name(child.tag)}> in an <Obj> that already holds a <{result.container}>",
                    )
                result.payload = self.value(child)
        return result

    def members(self, element: etree._Element) -> dict[str, Any]:
        # The hot loop of the reader: most members are strings, booleans and nulls, so those are
        # decoded here rather than through value() (a call per member costs a third of the time).
        members: dict[str, Any] = {}
        tag_s, tag_b, tag_nil, tag_ba = self.tag_s, self.tag_b, self.tag_nil, self.tag_ba
        value = self.value
        for child in element:
            name = child.get("N")
            if name is None:
                raise self.fail(child, f"<{_local_name(child.tag)}> member without a name (N attribute)")
            # Interned: 1,000 connectors name the same 100 members, and each would otherwise
            # keep its own copy of every name (a twentieth of a large snapshot's memory).
            name = intern(unescape(name) if "_x" in name else name)
            tag = child.tag
            if tag == tag_s:
                text = child.text
                members[name] = "" if text is None else unescape(text) if "_x" in text else text
            elif tag == tag_b and child.text in ("true", "false"):
                members[name] = child.text == "true"
            elif tag == tag_nil:
                members[name] = None
            elif tag == tag_ba and name == "SerializationData":
                members[name] = SerializationData(child.text or "")
            else:
                members[name] = value(child)
        return members

    def dictionary_entry(self, entry: etree._Element) -> tuple[Any, Any]:
        key: Any = None
        value: Any = None
        found_key = False
        for child in entry:
            role = child.get("N")
            if role == "Key":
                key, found_key = self.value(child), True
            elif role == "Value":
                value = self.value(child)
        if not found_key:
            raise self.fail(entry, "dictionary entry <En> without a Key")
        return key, value

    def progress_record(self, element: etree._Element) -> dict[str, Any]:
        record: dict[str, Any] = {}
        for child in element:
            local = self.local.get(child.tag, "")
            if local in _PROGRESS_FIELDS:
                record[_PROGRESS_FIELDS[local]] = unescape(child.text or "")
            elif local in ("S", "Nil") and "CurrentOperation" not in record:
                record["CurrentOperation"] = None if local == "Nil" else unescape(child.text or "")
        return record


def _local_name(tag: object) -> str:
    text = str(tag)
    return text.rsplit("}", 1)[-1]


def read(data: bytes, file: str) -> list[TopLevelValue]:
    """Deserialize a whole CLIXML document; `InputError` for anything that is not one."""
    utf8 = encoding.to_utf8(data, file) if data else b""
    del data  # the caller passes the file's bytes on: a 33 MB UTF-16 file need not outlive its UTF-8 copy
    if not utf8 or utf8.isspace():  # isspace stops at the first other byte: no copy of the file
        raise InputError(file, "empty file: expected a CLIXML document (<Objs>)")
    marker = utf8.find(b"#< CLIXML", 0, 64)
    if marker >= 0 and not utf8[:marker].strip():
        # `powershell -OutputFormat xml` writes this marker line before the document.
        utf8 = utf8[marker + len(b"#< CLIXML") :]
    xmlsafety.refuse_dtd(utf8, file)
    etree.clear_error_log()  # the log is per thread, not per parse: start from an empty one
    try:
        if len(utf8) <= STREAM_ABOVE_BYTES:
            return _read_whole(utf8, file)
        return _read_streaming(utf8, file)
    except etree.XMLSyntaxError as exc:
        # iterparse may report a generic "no element found"; libxml2's own log has the cause.
        errors = exc.error_log.filter_from_errors() if exc.error_log else []
        if errors:
            first = errors[0]
            raise InputError(file, _syntax_message(first.message), first.line, first.column) from None
        line, column = exc.position if exc.position else (0, 0)
        raise InputError(file, _syntax_message(str(exc.msg or exc)), line, column + 1) from None


_PARSER_OPTIONS: dict[str, Any] = dict(
    resolve_entities=False,
    load_dtd=False,
    no_network=True,
    remove_comments=True,
    remove_pis=True,
    huge_tree=False,
)


def _read_whole(utf8: bytes, file: str) -> list[TopLevelValue]:
    """Small documents: one parse in C, then the walk (faster than streaming events)."""
    root = etree.fromstring(utf8, etree.XMLParser(encoding="utf-8", **_PARSER_OPTIONS))
    document = _start_document(root, file)
    values: list[TopLevelValue] = []
    _take_top_level(document, root, values, None)
    return values


def _read_streaming(utf8: bytes, file: str) -> list[TopLevelValue]:
    """Large documents: each top-level object is read and dropped as soon as it is complete.

    Only the end of each <Obj> is reported to Python (C filters the rest), which halves the
    parsing cost against reporting every element; top-level objects are those whose parent is
    the root. Other top-level elements (a bare <S> on the pipeline) are picked up in between.
    """
    events = etree.iterparse(
        io.BytesIO(utf8),
        events=("end",),
        tag=(f"{{{PS_NAMESPACE}}}Obj", "Obj"),
        encoding="utf-8",
        **_PARSER_OPTIONS,
    )
    values: list[TopLevelValue] = []
    document: _Document | None = None
    root: etree._Element | None = None
    for _, element in events:
        parent = element.getparent()
        if parent is None or parent.getparent() is not None:
            continue  # nested object: read with its top-level object
        if root is None:
            root = parent
            document = _start_document(root, file)
        assert document is not None
        _take_top_level(document, root, values, element)
    root = events.root
    if document is None:
        document = _start_document(root, file)
    _take_top_level(document, root, values, None)
    return values


def _take_top_level(
    document: _Document, root: etree._Element, values: list[TopLevelValue], upto: etree._Element | None
) -> None:
    """Read the root's children up to `upto` (all when None), in order, and drop them from the tree.

    The parser reads ahead in chunks, so siblings after `upto` may still be incomplete.
    """
    while len(root):
        element = root[0]
        values.append(TopLevelValue(document.value(element), element.sourceline or 0))
        del root[0]
        if element is upto:
            return


def _start_document(root: etree._Element, file: str) -> _Document:
    tag = str(root.tag)
    namespace = tag[1:].split("}", 1)[0] if tag.startswith("{") else ""
    if _local_name(tag) != "Objs" or namespace not in ("", PS_NAMESPACE):
        raise InputError(
            file,
            f"not a CLIXML document: the root element is <{_local_name(tag)}>, expected <Objs> "
            "(as written by Export-Clixml)",
            root.sourceline,
        )
    return _Document(file, namespace)


def _syntax_message(text: str) -> str:
    message = text.strip()
    message = re.sub(r", line \d+, column \d+$", "", message)
    if "Premature end of data" in message or "EndTag" in message or "end of document" in message.lower():
        return f"truncated XML: {message}"
    if "Entity" in message:
        return f"refused: {message} (entities are never expanded)"
    return f"malformed XML: {message}"
