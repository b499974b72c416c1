"""The HTML report and the HTML change audit, read as documents (the browser test opens them)."""

from __future__ import annotations

import base64
import hashlib
import re
from html.parser import HTMLParser
from pathlib import Path

from testkit import AS_OF, SAMPLES, make_finding, make_report
from typer.testing import CliRunner

from linter.cli.app import app

runner = CliRunner()
BROKEN = str(SAMPLES / "exchange-se-broken")
HEALTHY = str(SAMPLES / "exchange-se-healthy")


class Elements(HTMLParser):
    """Every start tag with its attributes, and the text of each <style> and <script>."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.inline: dict[str, list[str]] = {"style": [], "script": []}
        self._open: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._open = tag if tag in self.inline else None

    def handle_data(self, data: str) -> None:
        if self._open:
            self.inline[self._open].append(data)

    def handle_endtag(self, tag: str) -> None:
        self._open = None


def parse(text: str) -> Elements:
    parser = Elements()
    parser.feed(text)
    parser.close()
    return parser


def html_of(*args: str) -> str:
    result = runner.invoke(app, ["lint", *args, "--format", "html", *AS_OF])
    assert result.exit_code in (0, 1), result.stderr
    return result.stdout


def finding_rows(doc: Elements, table_id: str = "findings") -> list[dict[str, str | None]]:
    rows, inside = [], False
    for tag, attrs in doc.tags:
        if tag == "table" and "id" in attrs:  # tables without id sit inside a row's details
            inside = attrs["id"] == table_id
        elif inside and tag == "tr" and attrs.get("class") == "row":
            rows.append(attrs)
    return rows


def test_the_report_has_a_row_per_finding_and_the_inventory() -> None:
    text = html_of(BROKEN)
    doc = parse(text)
    rows = finding_rows(doc)
    assert len(rows) == 11 and [r["data-severity"] for r in rows].count("error") == 9
    assert {r["data-category"] for r in rows} >= {"certificate", "hcw-drift", "third-party-gateway"}
    assert "Set-SendConnector -Identity &#x27;Outbound to Office 365" in text  # the fix, escaped
    # Evidence and configuration name each other, both ways.
    assert "<dt>Related</dt><dd>explained by HYB-SEND-003 on SendConnector" in text
    assert (
        "<dt>Related</dt><dd>explains HYB-MSG-004 on Message &#x27;&lt;hand-made-sample-1@EX01.contoso.com&gt;&#x27;"
        in text
    )
    for name in ("Get-SendConnector.xml", "Get-InboundConnector.json", "snapshot.yaml"):
        assert name in text
    assert "<h1>hybridlint report: Contoso</h1>" in text
    # The shipped EOP dataset, stated neutrally: 106 days is not stale (hybrid-facts 2.4; a year is).
    assert "EOP ranges (Worldwide) as of 2026-08-14" in text and "days old" not in text


def test_the_report_loads_nothing_and_its_policy_allows_only_its_own_code() -> None:
    text = html_of(BROKEN)
    doc = parse(text)
    assert not [t for t, a in doc.tags if "src" in a]
    assert all(str(a["href"]).startswith(("https://", "#")) for t, a in doc.tags if "href" in a)
    assert "http://" not in text
    [policy] = [a["content"] for t, a in doc.tags if a.get("http-equiv") == "Content-Security-Policy"]
    assert policy is not None and policy.startswith("default-src 'none'")
    for kind in ("style", "script"):
        [body] = doc.inline[kind]
        digest = base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()
        assert f"{kind}-src 'sha256-{digest}'" in policy


def test_hostile_values_stay_text() -> None:
    from linter.report.html_report import render_report

    hostile = make_finding(
        title="t<b>",
        identity="<img src=x onerror=alert(1)>",
        message="</script><script>alert(2)</script>",
        expected="\"'><svg>",
        remediation="x",
        references=["javascript:alert(3)", 'https://example.com/" onclick="x'],
    )
    doc = parse(text := render_report(make_report([hostile])))
    assert [t for t, _ in doc.tags].count("script") == 1 and "img" not in [t for t, _ in doc.tags]
    assert "svg" not in [t for t, _ in doc.tags] and "onclick" not in str(doc.tags)
    assert "javascript:alert(3)</span>" in text  # shown, not linked


def test_no_findings_says_so() -> None:
    text = html_of(HEALTHY)
    assert "No findings." in text and not finding_rows(parse(text))


def test_suppressed_findings_and_the_baseline_are_shown(tmp_path: Path) -> None:
    baseline = tmp_path / "b.json"
    assert runner.invoke(app, ["baseline", "create", HEALTHY, "-o", str(baseline), *AS_OF]).exit_code == 0
    text = html_of(BROKEN, "--baseline", str(baseline))
    assert f"Baseline {baseline}" in text
    config = tmp_path / "c.yaml"
    config.write_text("suppressions:\n  - rule: HYB-SEND-010\n    reason: approved <relay>\n", encoding="utf-8")
    doc = parse(text := html_of(BROKEN, "--config", str(config)))
    assert len(finding_rows(doc)) == 10 and len(finding_rows(doc, "suppressed")) == 1
    assert "approved &lt;relay&gt;" in text


def diff_html(before: str, after: str) -> tuple[int, str]:
    result = runner.invoke(app, ["diff", before, after, "--format", "html", *AS_OF])
    return result.exit_code, result.stdout


def test_the_change_audit_shows_introduced_findings_and_changed_properties() -> None:
    code, text = diff_html(HEALTHY, BROKEN)
    doc = parse(text)
    assert code == 1 and len(finding_rows(doc, "introduced")) == 11 and not finding_rows(doc, "resolved")
    changes = [r["data-change"] for r in finding_rows(doc, "changes")]
    assert changes.count("added") == 4 and changes.count("removed") == 1 and changes.count("changed") == 2
    assert re.search(r"CloudServicesMailEnabled</td><td[^>]*>true</td><td[^>]*>false</td>", text)


def test_the_change_audit_of_a_snapshot_against_itself_is_empty() -> None:
    code, text = diff_html(BROKEN, BROKEN)
    assert code == 0 and "No change" in text
    assert diff_html(HEALTHY, BROKEN)[1] == diff_html(HEALTHY, BROKEN)[1]


def test_the_change_audit_lists_accepted_findings_apart(tmp_path: Path) -> None:
    config = tmp_path / "c.yaml"
    config.write_text("suppressions:\n  - rule: HYB-SEND-010\n    reason: approved relay\n", encoding="utf-8")
    result = runner.invoke(app, ["diff", HEALTHY, BROKEN, "--format", "html", "--config", str(config), *AS_OF])
    doc = parse(result.stdout)
    assert len(finding_rows(doc, "introduced")) == 10 and len(finding_rows(doc, "suppressed")) == 1
    assert "Introduced but suppressed (1)" in result.stdout and "approved relay" in result.stdout
