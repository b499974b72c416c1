"""The bundled samples: reproducible, shaped like PowerShell's output, and read the same in every format."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from oracle import assert_same
from psrpcore.types import deserialize_clixml
from testkit import ROOT, SAMPLES

from linter.snapshot.clixml import reader as clixml
from linter.snapshot.loader import load_snapshot
from linter.snapshot.model import InvalidValue
from linter.snapshot.property_types import property_types

psjson = pytest.importorskip("psjson")

SNAPSHOTS = ["exchange-se-healthy", "exchange-se-broken", "exchange2010-hybrid"]
ONPREM_FILES = sorted(SAMPLES.glob("exchange*/onprem/*.xml"))


def test_samples_are_what_the_generator_builds() -> None:
    result = subprocess.run(
        [sys.executable, str(SAMPLES / "tools" / "make_samples.py"), "--check"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("name", SNAPSHOTS)
def test_sample_reads_cleanly_with_both_sides(name: str) -> None:
    snapshot = load_snapshot([str(SAMPLES / name)])
    assert snapshot.warnings == []
    assert snapshot.manifest is not None and snapshot.manifest.organization
    sides = {(o.kind, o.side) for o in snapshot.objects}
    for kind in (
        "SendConnector",
        "ReceiveConnector",
        "AcceptedDomain",
        "RemoteDomain",
        "HybridConfiguration",
        "ExchangeCertificate",
        "ExchangeServer",
    ):
        assert (kind, "on-premises") in sides, kind
    for kind in ("AcceptedDomain", "RemoteDomain", "InboundConnector", "OutboundConnector"):
        assert (kind, "exchange-online") in sides, kind


@pytest.mark.parametrize("path", ONPREM_FILES, ids=lambda p: f"{p.parents[1].name}/{p.name}")
def test_sample_files_are_powershell_shaped(path: Path) -> None:
    data = path.read_bytes()
    assert data.startswith(b"\xff\xfe"), "Windows PowerShell 5.1 Export-Clixml writes UTF-16 LE with a BOM"
    text = data[2:].decode("utf-16-le")
    assert "\r\n" in text and "\n" not in text.replace("\r\n", "")
    assert text.startswith('<Objs Version="1.1.0.1" xmlns="http://schemas.microsoft.com/powershell/2004/04">')
    ours = clixml.read(data, str(path))
    theirs = deserialize_clixml(text, None)  # type: ignore[arg-type]
    assert len(ours) == len(theirs)
    for a, b in zip(ours, theirs, strict=True):
        assert_same(a.value, b, path.name, set())


@pytest.mark.parametrize("path", ONPREM_FILES, ids=lambda p: f"{p.parents[1].name}/{p.name}")
@pytest.mark.parametrize("edition", [5, 7])
def test_same_organisation_as_json_normalises_the_same(tmp_path: Path, path: Path, edition: int) -> None:
    records = [top.value for top in clixml.read(path.read_bytes(), str(path))]
    data = psjson.convert(records if len(records) > 1 else records[0], depth=10, edition=edition)
    json_file = tmp_path / path.name.replace(".xml", ".json")
    json_file.write_text(psjson.dumps(data, edition), encoding="utf-8")
    from_xml = load_snapshot([str(path)]).objects
    json_snapshot = load_snapshot([str(json_file)])
    from_json = json_snapshot.objects
    unknown_numbers = {w.message.split(":", 1)[0] for w in json_snapshot.warnings if w.code == "unknown-enum"}
    assert [(o.kind, o.side, o.identity, o.server) for o in from_json] == [
        (o.kind, o.side, o.identity, o.server) for o in from_xml
    ]
    compared = 0
    for a, b in zip(from_xml, from_json, strict=True):
        for name in property_types(a.kind):
            if name not in a.properties:
                continue
            if isinstance(b.get(name), InvalidValue) and name == "MaxMessageSize":
                continue  # ByteQuantifiedSize has no properties: ConvertTo-Json writes {} (unknown)
            if isinstance(b.get(name), InvalidValue) and isinstance(a.get(name), str) and name in unknown_numbers:
                continue  # an enum number with no sourced name (AllowedOOFType): kept as unreadable, warned
            assert a.get(name) == b.get(name), f"{a.identity}.{name}: {a.get(name)!r} != {b.get(name)!r}"
            compared += 1
    assert compared >= len(from_xml)
