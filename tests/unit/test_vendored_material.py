"""The vendored corpus is what its manifest says, and the same bytes as the shared corpus."""

from __future__ import annotations

import hashlib
import re

import pytest
from testkit import CORPUS, SARIF_SCHEMA, shared_or_skip

MANIFEST_ROW = re.compile(r"^\| `([^`]+)` \|.*\| `([0-9a-f]{12})` \|", re.M)


def _listed() -> list[tuple[str, str]]:
    return MANIFEST_ROW.findall((CORPUS / "MANIFEST.md").read_text(encoding="utf-8"))


def test_every_manifest_file_is_vendored_with_its_digest() -> None:
    listed = _listed()
    assert len(listed) == 35
    for relative, digest in listed:
        data = (CORPUS / relative).read_bytes()
        assert hashlib.sha256(data).hexdigest()[:12] == digest, relative


def test_every_source_folder_keeps_its_licence() -> None:
    for folder in {relative.split("/", 1)[0] for relative, _ in _listed()}:
        assert (CORPUS / folder / "LICENSE").is_file(), folder
    assert (SARIF_SCHEMA.parent / "LICENSE.md").is_file()


@pytest.mark.parametrize("relative", [r for r, _ in _listed()] + ["MANIFEST.md", "NOTES.md"])
def test_the_vendored_copy_matches_the_shared_corpus(relative: str) -> None:
    shared = shared_or_skip("corpus/real") / relative
    assert shared.read_bytes() == (CORPUS / relative).read_bytes()


def test_the_vendored_sarif_schema_matches_the_shared_one() -> None:
    shared = shared_or_skip("external/sarif/sarif-schema-2.1.0.json")
    assert shared.read_bytes() == SARIF_SCHEMA.read_bytes()
