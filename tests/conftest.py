"""Shared test helpers: where the real corpus is, and files made by the tests themselves."""

from __future__ import annotations

import os
import tempfile
from functools import cache
from pathlib import Path
from typing import Any

import pytest

# The suite keeps hybridlint's cache (parser tables, validated rules) to itself, away from the user's.
os.environ["XDG_CACHE_HOME"] = tempfile.mkdtemp(prefix="hybridlint-test-cache-")
# ... and reads the shipped EOP dataset, never one the developer imported into their data folder.
os.environ["XDG_DATA_HOME"] = tempfile.mkdtemp(prefix="hybridlint-test-data-")

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus" / "real"
SAMPLES = ROOT / "samples"


def corpus_files(pattern: str) -> list[Path]:
    files = sorted(CORPUS.glob(pattern))
    if not files:
        pytest.fail(f"no corpus file matches {pattern} under {CORPUS}: is ../shared beside the project?")
    return files


CLIXML_FILES = sorted(CORPUS.glob("**/*.xml"))


def corpus_id(path: Path) -> str:
    return str(path.relative_to(CORPUS))


SARIF_SCHEMA = CORPUS.parents[1] / "external" / "sarif" / "sarif-schema-2.1.0.json"


@cache
def sarif_validator() -> Any:
    """The OASIS SARIF 2.1.0 schema (draft 4), read once per test run."""
    import json

    from jsonschema import Draft4Validator

    return Draft4Validator(json.loads(SARIF_SCHEMA.read_text(encoding="utf-8")))


def sarif_errors(text: str) -> list[str]:
    """What keeps `text` from being SARIF 2.1.0 by the OASIS schema (empty when it is)."""
    import json

    errors = sorted(sarif_validator().iter_errors(json.loads(text)), key=lambda e: list(e.absolute_path))
    return [f"{list(e.absolute_path)}: {e.message}" for e in errors[:5]]


@pytest.fixture(autouse=True, scope="session")
def every_sarif_validates() -> Any:
    """Every SARIF document rendered in this test process is checked against the OASIS schema on the spot.

    Reports rendered in batch worker processes are checked by the tests that write them.
    """
    from linter.report import sarif

    original = sarif.render_report

    def checked(report: Any) -> str:
        text = original(report)
        problems = sarif_errors(text)
        assert not problems, "SARIF output fails the OASIS schema:\n" + "\n".join(problems)
        return text

    sarif.render_report = checked  # type: ignore[assignment]
    yield
    sarif.render_report = original  # type: ignore[assignment]
