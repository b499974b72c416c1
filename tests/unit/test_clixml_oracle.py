"""Differential test: our CLIXML reader against psrpcore on every real CLIXML file.

Deliberate differences, each handled below and nowhere else:
- DateTime and TimeSpan: .NET ticks are 100 ns, Python keeps microseconds. Both readers drop the
  7th fractional digit for DateTime; psrpcore keeps it in an extra `nanosecond` attribute, which
  is not compared.
- SerializationData blobs stay base64 text in our reader until asked for (see psobject.py); the
  comparison decodes them.
- psrpcore, like Import-Clixml, prefixes `Deserialized.` to every type it does not rehydrate; we
  keep the names as written (and strip the prefix when matching), so names compare without it.
- psrpcore turns an enum `Obj` into an extended integer carrying the type names; ours keeps a
  `PSObject` whose payload is the integer. Both must agree on type names, ToString and value.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from oracle import assert_same
from psrpcore.types import deserialize_clixml
from testkit import CLIXML_FILES, corpus_id

from linter.snapshot.clixml import reader as clixml


@pytest.mark.parametrize("path", CLIXML_FILES, ids=corpus_id)
def test_same_values_as_psrpcore(path: Path) -> None:
    data = path.read_bytes()
    ours = clixml.read(data, str(path))
    theirs = deserialize_clixml(data.decode("utf-8-sig"), None)  # type: ignore[arg-type]
    assert len(ours) == len(theirs)
    for index, (a, b) in enumerate(zip(ours, theirs, strict=True)):
        assert_same(a.value, b, f"{path.name}[{index}]", set())


def test_corpus_is_there() -> None:
    assert len(CLIXML_FILES) == 30
