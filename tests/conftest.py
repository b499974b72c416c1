"""Shared test helpers: where the real corpus is, and files made by the tests themselves."""

from __future__ import annotations

from pathlib import Path

import pytest

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
