"""The environment the whole suite runs in, and the fixture that checks every SARIF document."""

from __future__ import annotations

import os
import tempfile
from typing import Any

import pytest

# The suite keeps hybridlint's cache (parser tables, validated rules) to itself, away from the user's.
os.environ["XDG_CACHE_HOME"] = tempfile.mkdtemp(prefix="hybridlint-test-cache-")
# ... and reads the shipped EOP dataset, never one the developer imported into their data folder.
os.environ["XDG_DATA_HOME"] = tempfile.mkdtemp(prefix="hybridlint-test-data-")

# Imported after the environment above is set, since importing linter reads it.
# hypothesis keeps its example database and constants under its home folder: a scratch one, so
# the suite writes nothing into the checkout, and runs are reproducible from their seed alone.
from hypothesis import configuration as _hypothesis_configuration
from hypothesis import settings as _hypothesis_settings
from testkit import ROOT, sarif_errors

_hypothesis_configuration.set_hypothesis_home_dir(tempfile.mkdtemp(prefix="hybridlint-test-hypothesis-"))
_hypothesis_settings.register_profile("hybridlint", database=None, derandomize=True)
_hypothesis_settings.load_profile("hybridlint")


@pytest.fixture(autouse=True, scope="session")
def every_sarif_validates() -> Any:
    """Every SARIF document rendered in this test process is checked against the OASIS schema on the spot.

    Reports rendered in batch worker processes are checked by the tests that write them.
    """
    from linter.report import sarif_report as sarif

    original = sarif.render_report

    def checked(report: Any) -> str:
        text = original(report)
        problems = sarif_errors(text)
        assert not problems, "SARIF output fails the OASIS schema:\n" + "\n".join(problems)
        return text

    sarif.render_report = checked  # type: ignore[assignment]
    yield
    sarif.render_report = original  # type: ignore[assignment]


# What Python, the linters and the editable install leave in a checkout; anything else a test wrote is a bug.
_TOOL_LITTER = {".venv", ".git", "__pycache__", ".mypy_cache", ".ruff_cache", ".pytest_cache", "build"}


def _checkout_files() -> set[str]:
    found = set()
    for path in ROOT.rglob("*"):
        parts = path.relative_to(ROOT).parts
        if not (_TOOL_LITTER.intersection(parts) or parts[0].endswith(".egg-info")) and path.is_file():
            found.add("/".join(parts))
    return found


@pytest.fixture(autouse=True, scope="session")
def the_checkout_stays_as_it_was() -> Any:
    """Tests write into temporary folders only: a file that appears in the checkout fails the run."""
    before = _checkout_files()
    yield
    added = sorted(_checkout_files() - before)
    assert not added, f"tests wrote into the checkout: {added[:10]}"
