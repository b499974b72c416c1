"""The published schemas: valid themselves, in step with the code, and true of the real corpus."""

from __future__ import annotations

from pathlib import Path

import pytest
from jsonschema import Draft202012Validator
from testkit import CLIXML_FILES, corpus_id

from linter.snapshot.loader import load_snapshot
from linter.snapshot.model import EVIDENCE_KINDS, KINDS, SIDES
from linter.snapshot.serialize import object_to_json, snapshot_to_json
from linter.support.resources import load_schema, schema_path, validator

SCHEMA_FILES = sorted(schema_path("snapshot.schema.json").parent.rglob("*.schema.json"))


@pytest.mark.parametrize("path", SCHEMA_FILES, ids=lambda p: p.name)
def test_schema_is_valid(path: Path) -> None:
    root = schema_path("snapshot.schema.json").parent
    Draft202012Validator.check_schema(load_schema(path.relative_to(root).as_posix()))


def test_every_kind_has_a_schema() -> None:
    for kind in KINDS:
        assert schema_path(f"kinds/{kind}.schema.json").is_file(), kind
    snapshot = load_schema("snapshot.schema.json")
    assert set(snapshot["$defs"]["object"]["properties"]["kind"]["enum"]) == {*KINDS, "Generic"}
    assert snapshot["$defs"]["object"]["properties"]["side"]["enum"] == list(SIDES)


def test_manifest_schema_matches_the_model() -> None:
    facts = load_schema("manifest.schema.json")["properties"]["files"]["additionalProperties"]["properties"]
    # A manifest names the kind of an export; evidence files are recognised by what they are.
    assert facts["kind"]["enum"] == [kind for kind in KINDS if kind not in EVIDENCE_KINDS]
    assert facts["side"]["enum"] == list(SIDES)


@pytest.mark.parametrize("path", CLIXML_FILES, ids=corpus_id)
def test_corpus_objects_match_their_kind_schema(path: Path) -> None:
    snapshot = load_snapshot([str(path)])
    for obj in snapshot.objects:
        kind_validator = validator(f"kinds/{obj.kind}.schema.json")
        errors = list(kind_validator.iter_errors(object_to_json(obj)["properties"]))
        assert not errors, f"{obj.identity}: {[f'{list(e.path)}: {e.message}' for e in errors[:3]]}"
    document = snapshot_to_json(snapshot)
    errors = list(validator("snapshot.schema.json").iter_errors(document))
    assert not errors, [f"{list(e.path)}: {e.message}" for e in errors[:3]]


def test_a_wrong_type_is_caught() -> None:
    kind_validator = validator("kinds/SendConnector.schema.json")
    assert list(kind_validator.iter_errors({"RequireTLS": "yes"}))
    assert list(kind_validator.iter_errors({"AddressSpaces": [{"type": "SMTP", "address": "*", "cost": 500}]}))
    assert not list(kind_validator.iter_errors({"AddressSpaces": [{"type": "SMTP", "address": "*", "cost": 1}]}))
