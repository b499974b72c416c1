r"""Differential tests of the text readers: every on-premises CLIXML export of the samples, written
as Format-List and as Export-Csv would write the same objects (tests/textrender.py), reads into
the same kinds, identities, sides and values as the CLIXML itself.

What text cannot carry is allowed to differ, and only that: an empty string and $null look alike;
an AD reference whose ToString is a path (`Id` as `EX01\Default EX01`, an address list as
`\All Rooms`) is written so, where CLIXML keeps its Name (the Identity, which rules use, agrees);
a date is written in the machine's culture (compared elsewhere: dd.MM.yyyy with a day of 12 or
less is ambiguous, and unknown); a certificate's RawData is not text. In CSV a list is written as
its type name, so it must be unknown, never a value.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from testkit import CORPUS, SAMPLES
from textrender import export_csv, format_list

from linter.snapshot.clixml.reader import read
from linter.snapshot.loader import load_snapshot
from linter.snapshot.model import InvalidValue, SnapshotObject, TruncatedValue
from linter.snapshot.psobject import PSObject
from linter.snapshot.serialize import jsonable

EXPORTS = sorted(
    p
    for folder in (SAMPLES, CORPUS)
    for p in folder.rglob("*.xml")
    if "Certifi" not in p.name and "tools" not in p.parts  # RawData is not text (one name is misspelt)
)


TEXT_ONLY = frozenset({"Id", "ResourceAddressLists"})


def _comparable(value: Any) -> Any:
    return None if value == "" else jsonable(value)


def _pairs(path: Path, text: str, name: str, tmp_path: Path) -> list[tuple[SnapshotObject, SnapshotObject]]:
    folder = tmp_path / "text"
    folder.mkdir()
    (folder / name).write_bytes(text.encode("utf-16"))  # 5.1's Out-File and Export-Csv -Encoding Unicode
    from_xml, from_text = load_snapshot([str(path)]), load_snapshot([str(folder)])
    assert len(from_xml.objects) == len(from_text.objects) > 0
    return list(zip(from_xml.objects, from_text.objects, strict=True))


def _assert_same(raw: PSObject, xml: SnapshotObject, text: SnapshotObject, lists_unknown: bool) -> None:
    assert (text.kind, text.identity, text.side, text.server) == (xml.kind, xml.identity, xml.side, xml.server)
    for name, value in xml.properties.items():
        if name in TEXT_ONLY:
            continue
        got = text.properties.get(name)
        written = raw.get(name)
        if isinstance(value, datetime):
            # An ambiguous date (month and day both <= 12) is unreadable; any other is the same wall
            # time (text shows local time without its offset).
            if not isinstance(got, InvalidValue):
                assert isinstance(got, datetime) and got.replace(tzinfo=None) == value.replace(tzinfo=None), name
        elif lists_unknown and isinstance(written, PSObject) and written.items is not None:
            assert isinstance(got, TruncatedValue) or got is None, name
        else:
            assert _comparable(got) == _comparable(value), name


# Format-List text reads as the CLIXML does; Export-Csv too, but for its lists (written as type names).
TEXT_FORMS = {"format-list": (format_list, "-fl.txt", False), "export-csv": (export_csv, ".csv", True)}


@pytest.mark.parametrize("form", list(TEXT_FORMS))
@pytest.mark.parametrize("path", EXPORTS, ids=lambda p: p.parent.name + "/" + p.name)
def test_text_output_reads_as_the_clixml_does(path: Path, form: str, tmp_path: Path) -> None:
    write, suffix, lists_unknown = TEXT_FORMS[form]
    objects = [v.value for v in read(path.read_bytes(), str(path))]
    pairs = _pairs(path, write(objects), f"{path.stem}{suffix}", tmp_path)
    for raw, (xml, text) in zip(objects, pairs, strict=True):
        _assert_same(raw, xml, text, lists_unknown=lists_unknown)
