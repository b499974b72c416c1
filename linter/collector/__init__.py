"""The collector: the read-only PowerShell script a customer runs to produce a snapshot.

The script ships as package data (`Collect-HybridSnapshot.ps1`); `hybridlint collector` prints it
with this hybridlint's version written in. Its export tables are data that the tests read: every
kind a rule needs is exported on its side, every file name maps to its kind, and no verb but Get
is ever run against Exchange.
"""

from __future__ import annotations

from importlib import resources

from linter import __version__

SCRIPT_NAME = "Collect-HybridSnapshot.ps1"
_VERSION_PLACEHOLDER = "__HYBRIDLINT_VERSION__"


def script_text() -> str:
    """The collector script, with this hybridlint's version in it."""
    text = resources.files("linter.collector").joinpath(SCRIPT_NAME).read_text(encoding="utf-8")
    return text.replace(_VERSION_PLACEHOLDER, __version__)
