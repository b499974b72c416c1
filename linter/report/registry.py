"""The report formats by name: the file each writes to a folder and the function that renders it.

A format's module is imported only when that format is asked for, so that `lint` starts fast; the
loaders are plain functions, so mypy checks every renderer's signature.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from linter.findings.diff import SnapshotDiff
    from linter.run.results import Report

Renderer = Callable[["Report"], str]
DiffRenderer = Callable[["SnapshotDiff", str, str, date], str]


@dataclass(frozen=True)
class Format:
    name: str
    file_name: str  # when written into an output folder
    load: Callable[[], Renderer]


def _text() -> Renderer:
    from linter.report.text_report import render_report

    return render_report


def _json() -> Renderer:
    from linter.report.json_report import render_report

    return render_report


def _sarif() -> Renderer:
    from linter.report.sarif_report import render_report

    return render_report


def _csv() -> Renderer:
    from linter.report.csv_report import render_report

    return render_report


def _markdown() -> Renderer:
    from linter.report.markdown_report import render_report

    return render_report


def _junit() -> Renderer:
    from linter.report.junit_report import render_report

    return render_report


def _github() -> Renderer:
    from linter.report.github_report import render_report

    return render_report


def _html() -> Renderer:
    from linter.report.html_report import render_report

    return render_report


FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format("text", "hybridlint.txt", _text),
        Format("json", "hybridlint.json", _json),
        Format("sarif", "hybridlint.sarif", _sarif),
        Format("csv", "hybridlint.csv", _csv),
        Format("markdown", "hybridlint.md", _markdown),
        Format("junit", "hybridlint.junit.xml", _junit),
        Format("html", "hybridlint.html", _html),
        Format("github", "hybridlint.github.txt", _github),
    )
}


def _diff_text() -> DiffRenderer:
    from linter.report.diff_text import render_diff

    return render_diff


def _diff_json() -> DiffRenderer:
    from linter.report.diff_json import render_diff

    return render_diff


def _diff_html() -> DiffRenderer:
    from linter.report.diff_html import render_diff

    return render_diff


DIFF_FORMATS: dict[str, Callable[[], DiffRenderer]] = {"text": _diff_text, "json": _diff_json, "html": _diff_html}


def parse_formats(text: str) -> list[str]:
    """`json,sarif` -> ["json", "sarif"]; ValueError naming an unknown format."""
    names = [part.strip().lower() for part in text.split(",") if part.strip()]
    unknown = [name for name in names if name not in FORMATS]
    if unknown or not names:
        raise ValueError(f"unknown format {', '.join(unknown) or repr(text)} (use {', '.join(FORMATS)})")
    return list(dict.fromkeys(names))


def render(name: str, report: Report) -> str:
    return FORMATS[name].load()(report)


def render_all(formats: tuple[str, ...], report: Report) -> dict[str, str]:
    """Each of `formats` rendered; a module-level function, so a batch worker process can be handed it."""
    return {name: render(name, report) for name in formats}
