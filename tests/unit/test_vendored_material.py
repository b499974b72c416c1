"""The vendored corpus is what its manifest says, and the same bytes as the shared corpus."""

from __future__ import annotations

import hashlib
import re

import pytest
from testkit import CORPUS, EVIDENCE, OUTLOOK, SARIF_SCHEMA, shared_or_skip

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


# Evidence rows name the size and digest together: | `headers/x.eml` (12053, `2d98dd5bba15`) |
EVIDENCE_ROW = re.compile(r"^\| `([^`]+)` \((\d+), `([0-9a-f]{12})`\)", re.M)


def _evidence() -> list[tuple[str, str, str]]:
    return EVIDENCE_ROW.findall((EVIDENCE / "MANIFEST.md").read_text(encoding="utf-8"))


def test_every_evidence_file_is_vendored_with_its_size_and_digest() -> None:
    listed = _evidence()
    assert len(listed) == 19  # 17 header sets and 2 transport logs
    for relative, size, digest in listed:
        data = (EVIDENCE / relative).read_bytes()
        assert len(data) == int(size), relative
        assert hashlib.sha256(data).hexdigest()[:12] == digest, relative
        folder = (EVIDENCE / relative).parent
        assert any(folder.glob("LICENSE*")), folder


@pytest.mark.parametrize("relative", [r for r, _, _ in _evidence()] + ["MANIFEST.md", "NOTES.md"])
def test_the_vendored_evidence_matches_the_shared_corpus(relative: str) -> None:
    shared = shared_or_skip("corpus/evidence") / relative
    assert shared.read_bytes() == (EVIDENCE / relative).read_bytes()


def test_every_outlook_message_is_vendored_with_its_size_digest_and_licence() -> None:
    listed = EVIDENCE_ROW.findall((OUTLOOK / "MANIFEST.md").read_text(encoding="utf-8"))
    assert {relative for relative, _, _ in listed} == {p.name for p in OUTLOOK.glob("*.msg")}
    assert len(listed) == 8
    for relative, size, digest in listed:
        data = (OUTLOOK / relative).read_bytes()
        assert len(data) == int(size), relative
        assert hashlib.sha256(data).hexdigest()[:12] == digest, relative
    assert "Apache License" in (OUTLOOK / "LICENSE").read_text(encoding="utf-8")
    assert (OUTLOOK / "NOTICE").is_file()
