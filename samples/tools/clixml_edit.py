"""Edit real Export-Clixml documents into sample exports that stay shaped exactly like PowerShell's.

The samples start from real objects of tests/corpus/real and change only what a sample needs
(names, certificates, connector settings). What is written follows what a plain remoting session
exports (as `hc-datacollection/GetExchangeCertificateBroken.xml` in the corpus shows): every type
name prefixed `Deserialized.`, no `SerializationData` blobs (they would still hold the old values),
`PSComputerName`/`RunspaceId`/`PSShowComputerName` on each record, RefIds numbered in document
order, each type-name list written once and referred to by `TNRef` after that, UTF-16 LE with a
byte-order mark and CRLF line ends (Windows PowerShell 5.1's `Export-Clixml` default).
"""

from __future__ import annotations

import copy
import re
from pathlib import Path
from typing import Any

from lxml import etree

NS = "http://schemas.microsoft.com/powershell/2004/04"
Q = f"{{{NS}}}"


def load(path: Path) -> etree._Element:
    """A source document whose records stand alone, so that any of them can be moved or copied.

    Every TNRef becomes the type-name list it names, and every Ref into another record becomes a
    copy of its target; `write` turns repeated lists back into TNRefs.
    """
    root = etree.fromstring(path.read_bytes(), etree.XMLParser(remove_blank_text=True, resolve_entities=False))
    chains = {tn.get("RefId"): tn for tn in root.iter(Q + "TN")}
    for ref in list(root.iter(Q + "TNRef")):
        ref.getparent().replace(ref, copy.deepcopy(chains[ref.get("RefId")]))
    objects = {obj.get("RefId"): obj for obj in root.iter(Q + "Obj")}
    for record in records(root):
        own = {obj.get("RefId") for obj in record.iter(Q + "Obj")}
        for ref in list(record.iter(Q + "Ref")):
            if ref.get("RefId") not in own:
                target = copy.deepcopy(objects[ref.get("RefId")])
                target.set("N", ref.get("N") or "")
                ref.getparent().replace(ref, target)
    return root


def records(root: etree._Element) -> list[etree._Element]:
    return [child for child in root if child.tag == Q + "Obj"]


def new_document(objects: list[etree._Element]) -> etree._Element:
    root = etree.Element(Q + "Objs", nsmap={None: NS})
    root.set("Version", "1.1.0.1")
    for obj in objects:
        root.append(obj)
    return root


def element(tag: str, name: str | None = None, text: str | None = None) -> etree._Element:
    node = etree.Element(Q + tag)
    if name is not None:
        node.set("N", name)
    if text is not None:
        node.text = text
    return node


def member(obj: etree._Element, name: str) -> etree._Element | None:
    for group in ("Props", "MS"):
        container = obj.find(Q + group)
        if container is not None:
            for child in container:
                if child.get("N") == name:
                    return child
    return None


def set_member(obj: etree._Element, name: str, new: etree._Element) -> None:
    """Replace member `name` (keeping its place) or add it to Props."""
    new.set("N", name)
    old = member(obj, name)
    if old is not None:
        old.getparent().replace(old, new)
    else:
        obj.find(Q + "Props").append(new)


def remove_member(obj: etree._Element, name: str) -> None:
    old = member(obj, name)
    if old is not None:
        old.getparent().remove(old)


def text(value: str | None) -> etree._Element:
    return element("Nil") if value is None else element("S", text=value)


def boolean(value: bool) -> etree._Element:
    return element("B", text="true" if value else "false")


def int32(value: int) -> etree._Element:
    return element("I32", text=str(value))


def type_names(names: list[str]) -> etree._Element:
    tn = element("TN")
    tn.set("RefId", "new")
    for name in names:
        tn.append(element("T", text=name))
    return tn


def enum(type_name: str, name: str, number: int) -> etree._Element:
    obj = element("Obj")
    obj.set("RefId", "new")
    obj.append(type_names([type_name, "System.Enum", "System.ValueType", "System.Object"]))
    obj.append(element("ToString", text=name))
    obj.append(int32(number))
    return obj


def clone(node: etree._Element) -> etree._Element:
    return copy.deepcopy(node)


def rename(root: etree._Element, replacements: list[tuple[str, str]]) -> None:
    """Replace lab names in every string and ToString (case-insensitively, longest first)."""
    ordered = sorted(replacements, key=lambda pair: -len(pair[0]))
    pattern = re.compile("|".join(re.escape(old) for old, _ in ordered), re.IGNORECASE)
    lookup = {old.lower(): new for old, new in ordered}
    for node in root.iter(Q + "S", Q + "ToString"):
        if node.text:
            node.text = pattern.sub(lambda m: lookup[m.group(0).lower()], node.text)


def set_session(obj: etree._Element, computer: str, runspace: str) -> None:
    ms = obj.find(Q + "MS")
    if ms is None:
        ms = element("MS")
        obj.append(ms)
    for name, node in (
        ("PSComputerName", element("S", text=computer)),
        ("RunspaceId", element("G", text=runspace)),
        ("PSShowComputerName", boolean(False)),
    ):
        node.set("N", name)
        old = next((c for c in ms if c.get("N") == name), None)
        if old is not None:
            ms.replace(old, node)
        else:
            ms.append(node)


def write(root: etree._Element, path: Path, deserialized: bool = True) -> None:
    """RefIds renumbered, TNRefs for repeated type lists, UTF-16 LE + BOM + CRLF.

    `deserialized`: the plain remoting form (type names prefixed, no SerializationData); otherwise
    the objects are written as the Exchange Management Shell has them (custom objects, enums).
    """
    for blob in list(root.iter(Q + "BA")):
        if blob.get("N") == "SerializationData":
            parent = blob.getparent()
            parent.remove(blob)
            if parent.tag == Q + "MS" and len(parent) == 0:
                parent.getparent().remove(parent)
    if deserialized:
        for t in root.iter(Q + "T"):
            if t.text and not t.text.startswith("Deserialized."):
                t.text = "Deserialized." + t.text
    _renumber(root)
    for node in root.iter(Q + "Obj", Q + "Ref"):
        attributes = dict(node.attrib)
        node.attrib.clear()
        for key in ("N", "RefId"):  # PowerShell's attribute order
            if key in attributes:
                node.set(key, attributes[key])
    for node in root.iter(Q + "S", Q + "ToString"):
        if node.text is None:
            node.text = ""  # PowerShell writes an empty string as <S></S>, never <S />
    etree.indent(root, space="  ")
    xml = etree.tostring(root, encoding="unicode")
    # PowerShell's spelling: Version before xmlns, and a space before "/>".
    xml = xml.replace(f'<Objs xmlns="{NS}" Version="1.1.0.1">', f'<Objs Version="1.1.0.1" xmlns="{NS}">', 1)
    xml = re.sub(r"(?<! )/>", " />", xml)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"\xff\xfe" + xml.replace("\n", "\r\n").encode("utf-16-le"))


def _renumber(root: etree._Element) -> None:
    objects: dict[str, str] = {}
    chains: dict[tuple[str, ...], str] = {}
    counter = {"obj": 0}
    old_to_new_tn: dict[str, str] = {}

    def visit(node: etree._Element, mapping: dict[str, Any]) -> None:
        for child in list(node):
            if child.tag == Q + "Obj":
                old = child.get("RefId")
                new = str(counter["obj"])
                counter["obj"] += 1
                if old is not None and old != "new":
                    mapping[old] = new
                child.set("RefId", new)
            elif child.tag == Q + "TN":
                chain = tuple(t.text or "" for t in child)
                old = child.get("RefId") or ""
                if chain in chains:
                    ref = element("TNRef")
                    ref.set("RefId", chains[chain])
                    node.replace(child, ref)
                    old_to_new_tn[old] = chains[chain]
                    continue
                chains[chain] = str(len(chains))
                old_to_new_tn[old] = chains[chain]
                child.set("RefId", chains[chain])
            elif child.tag == Q + "TNRef":
                child.set("RefId", old_to_new_tn.get(child.get("RefId") or "", child.get("RefId") or ""))
            elif child.tag == Q + "Ref":
                child.set("RefId", mapping.get(child.get("RefId") or "", child.get("RefId") or ""))
            visit(child, mapping)

    visit(root, objects)
