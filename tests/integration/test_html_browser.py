"""The HTML reports opened in headless Chromium: they render, load nothing, log no error, and filter.

Debian's `chromium` is driven through Playwright (never Playwright's own browser download).
In CI (`CI` set) a missing browser fails the test; on a developer's machine it is skipped.
Screenshots are kept in $HYBRIDLINT_TEST_ARTIFACTS (default: hybridlint-test-artifacts in the temporary
folder), never in the checkout.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from testkit import AS_OF, SAMPLES
from typer.testing import CliRunner

from linter.cli.app import app

ARTIFACTS = Path(
    os.environ.get("HYBRIDLINT_TEST_ARTIFACTS") or Path(tempfile.gettempdir()) / "hybridlint-test-artifacts"
)
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    "--disable-dev-shm-usage",
]


def _unavailable(reason: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"{reason}: .ci/run installs it", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    executable = os.environ.get("HYBRIDLINT_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    if executable is None:
        _unavailable("no chromium on PATH")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("playwright is not installed (pip install -e '.[test]')")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_FLAGS)
        yield launched
        launched.close()


class Page:
    """A page with its console messages, script errors and every request it made."""

    def __init__(self, browser: Any, path: Path) -> None:
        self.messages: list[str] = []
        self.requests: list[str] = []
        self.page = browser.new_page(viewport={"width": 1280, "height": 900})
        self.page.on("console", lambda m: self.messages.append(f"{m.type}: {m.text}"))
        self.page.on("pageerror", lambda e: self.messages.append(f"pageerror: {e}"))
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.goto(path.as_uri())
        self.page.wait_for_load_state("load")

    def visible_rows(self, table_id: str) -> int:
        return int(self.page.locator(f"#{table_id} > tbody > tr.row:visible").count())

    def count_text(self, table_id: str) -> str:
        return str(self.page.locator(f".filters[data-filters-for='{table_id}'] .count").inner_text())

    def check_clean(self, path: Path) -> None:
        assert self.messages == [], self.messages  # console errors, CSP violations, script errors
        assert self.requests == [path.as_uri()], self.requests  # nothing fetched but the file itself

    def check_narrow(self, path: Path, screenshot: str) -> None:
        """At 1024 pixels, with every details element open, no table or cell overflows its column."""
        self.page.set_viewport_size({"width": 1024, "height": 800})
        self.page.evaluate("() => document.querySelectorAll('details').forEach((d) => { d.open = true; })")
        assert _overflowing(self.page) == []
        self.screenshot(screenshot)
        self.check_clean(path)

    def screenshot(self, name: str) -> None:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(ARTIFACTS / name), full_page=True)


def write(tmp_path: Path, args: list[str], name: str) -> Path:
    target = tmp_path / name
    result = CliRunner().invoke(app, [*args, "--format", "html", "-o", str(target), *AS_OF])
    assert result.exit_code in (0, 1) and target.is_file(), result.stderr
    return target


def test_the_report_renders_and_its_filters_work(browser: Any, tmp_path: Path) -> None:
    path = write(tmp_path, ["lint", str(SAMPLES / "exchange-se-broken")], "report.html")
    view = Page(browser, path)
    page = view.page
    assert page.title() == "hybridlint report: Contoso"
    assert view.visible_rows("findings") == 11 and view.count_text("findings") == "11 of 11 shown"

    search = page.locator(".filters[data-filters-for='findings'] input[type=search]")
    search.fill("hyb-send")  # the send connector's findings, and the evidence they explain (its related list)
    assert view.visible_rows("findings") == 6 and view.count_text("findings") == "6 of 11 shown"
    search.fill("Set-ReceiveConnector")  # text inside the closed details (the fix) is searched too
    assert view.visible_rows("findings") >= 1
    search.fill("no such thing")
    assert view.visible_rows("findings") == 0 and page.locator("#findings tr.no-match").is_visible()

    page.locator(".filters[data-filters-for='findings'] button.reset").click()
    page.select_option(".filters[data-filters-for='findings'] select[data-key=severity]", "warning")
    assert view.visible_rows("findings") == 2
    page.locator(".filters[data-filters-for='findings'] button.reset").click()
    assert view.visible_rows("findings") == 11

    page.locator("table.matrix button[data-category=certificate][data-severity=error]").click()
    area = page.locator(".filters[data-filters-for='findings'] select[data-key=category]")
    assert view.visible_rows("findings") == 3 and area.input_value() == "certificate"

    page.locator(".filters[data-filters-for='findings'] button.reset").click()
    page.locator("#findings th", has_text="Rule").click()
    rules = page.locator("#findings > tbody > tr.row td.rule").all_inner_texts()
    assert rules == sorted(rules) and len(rules) == 11

    first = page.locator("#findings details.finding").first
    first.locator("summary").click()
    assert first.locator("pre").is_visible() and first.locator("dd.expected").is_visible()
    view.screenshot("html-report.png")
    view.check_clean(path)


def test_the_change_audit_renders_and_filters(browser: Any, tmp_path: Path) -> None:
    path = write(
        tmp_path, ["diff", str(SAMPLES / "exchange-se-healthy"), str(SAMPLES / "exchange-se-broken")], "diff.html"
    )
    view = Page(browser, path)
    assert view.visible_rows("introduced") == 11 and view.visible_rows("changes") == 7
    view.page.select_option(".filters[data-filters-for='changes'] select[data-key=change]", "changed")
    assert view.visible_rows("changes") == 2
    view.screenshot("html-diff.png")
    view.check_clean(path)


def test_without_javascript_everything_shows_and_no_dead_control(browser: Any, tmp_path: Path) -> None:
    path = write(tmp_path, ["lint", str(SAMPLES / "exchange-se-broken")], "report.html")
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(path.as_uri())
    assert page.locator("#findings > tbody > tr.row:visible").count() == 11
    assert page.locator(".filters:visible").count() == 0 and page.locator("button:visible").count() == 0
    assert page.locator("table.matrix td.num:visible", has_text="3").count() >= 1  # the counts, as text
    context.close()


def test_the_batch_index_links_each_report(browser: Any, tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app,
        [
            "lint",
            "--batch",
            str(SAMPLES / "exchange-se-broken"),
            str(SAMPLES / "exchange-se-healthy"),
            "--format",
            "html",
            "-o",
            str(tmp_path),
            *AS_OF,
        ],
    )
    assert result.exit_code == 1, result.stderr
    index = tmp_path / "index.html"
    view = Page(browser, index)
    assert view.visible_rows("snapshots") == 2
    assert view.page.locator("#verdicts .verdict").count() == 10  # a verdict per area and snapshot
    view.check_narrow(index, "html-batch-index-1024.png")
    view.page.locator("#snapshots a", has_text="exchange-se-broken").click()
    view.page.wait_for_load_state("load")
    assert view.page.title() == "hybridlint report: Contoso" and view.visible_rows("findings") == 11
    assert [m for m in view.messages if "error" in m] == []


def test_each_fix_has_a_copy_button_that_copies_it_exactly(browser: Any, tmp_path: Path) -> None:
    path = write(tmp_path, ["lint", str(SAMPLES / "exchange-se-broken")], "report.html")
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    # The clipboard, mocked: the page must hand it the fix's exact text.
    page.add_init_script(
        "window.__copied = null;"
        "Object.defineProperty(navigator, 'clipboard', {value: {writeText: function (t) {"
        " window.__copied = t; return Promise.resolve(); }}});"
    )
    page.goto(path.as_uri())
    page.wait_for_load_state("load")
    finding = page.locator("#findings details.finding").first
    finding.locator("summary").click()
    button = finding.locator("button.copy")
    assert button.is_visible()
    expected = finding.locator("pre.fix").text_content()
    button.click()
    page.wait_for_function("window.__copied !== null")
    assert page.evaluate("window.__copied") == expected and expected.strip()
    assert button.inner_text() == "Copied" and errors == []
    page.close()


def _overflowing(page: Any) -> list[str]:
    """Tables wider than the page, and cells whose text spills out of their column."""
    return list(
        page.evaluate(
            """() => {
            const found = [];
            const width = document.documentElement.clientWidth;
            document.querySelectorAll("table").forEach((t) => {
              if (t.getBoundingClientRect().width > width + 1) { found.push("table " + (t.id || t.className)); }
            });
            document.querySelectorAll("td, th").forEach((c) => {
              if (c.scrollWidth > c.clientWidth + 1) { found.push(c.textContent.slice(0, 60)); }
            });
            return found;
            }"""
        )
    )


def test_the_change_audit_holds_its_columns_with_long_identities(browser: Any, tmp_path: Path) -> None:
    path = write(
        tmp_path, ["diff", str(SAMPLES / "exchange-se-healthy"), str(SAMPLES / "exchange-se-broken")], "diff.html"
    )
    Page(browser, path).check_narrow(path, "html-diff-1024.png")


def test_the_lint_report_holds_its_columns_on_a_narrow_window(browser: Any, tmp_path: Path) -> None:
    path = write(tmp_path, ["lint", str(SAMPLES / "exchange-se-broken")], "report.html")
    # Every area's list of checks open too: their long titles must wrap inside the columns.
    Page(browser, path).check_narrow(path, "html-report-1024.png")


def test_the_executive_summary_gives_each_area_a_verdict_and_its_checks(browser: Any, tmp_path: Path) -> None:
    path = write(tmp_path, ["lint", str(SAMPLES / "exchange-se-healthy")], "report.html")
    view = Page(browser, path)
    page = view.page
    rows = page.locator("table.areas > tbody > tr")
    assert rows.count() == 5
    verdicts = dict(zip(rows.locator("th").all_inner_texts(), rows.locator(".verdict").all_inner_texts(), strict=True))
    assert verdicts["Certificates and TLS"] == "No problem found"
    assert verdicts["Mail from on-premises to Exchange Online"] == "Incomplete: exports or values missing"
    # The area's link opens the list of its checks, with what was read and what was not.
    page.locator("table.areas a", has_text="Mail from on-premises to Exchange Online").click()
    details = page.locator("details#area-mail-to-exchange-online")
    details.locator("summary").click()
    assert details.locator("table.area-checks").is_visible()
    assert "TransportConfig (on-premises) missing" in details.locator("p.muted").inner_text()
    assert details.locator("tr", has_text="HYB-SEND-003").locator(".badge").inner_text() == "passed"
    view.screenshot("html-report-summary.png")
    view.check_clean(path)
