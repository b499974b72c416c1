"""Shared test helpers: where the real corpus is, and files made by the tests themselves."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

# The suite keeps hybridlint's cache (parser tables, validated rules) to itself, away from the user's.
os.environ["XDG_CACHE_HOME"] = tempfile.mkdtemp(prefix="hybridlint-test-cache-")

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
