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

from testkit import sarif_errors


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
