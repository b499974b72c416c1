"""The frame every hybridlint HTML page shares: inline style and script, and a policy that forbids the rest.

A report goes to customers by e-mail and is opened offline, so it must carry everything it needs
and fetch nothing. The Content-Security-Policy allows only the page's own inline style and script
(by hash); anything a value from an export might smuggle in (a tag, a URL) stays inert text.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Iterable
from functools import cache
from html import escape
from importlib import resources

from linter import __version__
from linter.findings.model import Finding


@cache
def _asset(name: str) -> str:
    return resources.files("linter.report").joinpath("assets").joinpath(name).read_text(encoding="utf-8")


def _csp_hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


def esc(value: object) -> str:
    return escape(str(value), quote=True)


def page(title: str, body: str) -> str:
    style, script = _asset("report.css"), _asset("report.js")
    policy = (
        f"default-src 'none'; style-src {_csp_hash(style)}; script-src {_csp_hash(script)}; "
        "img-src data:; base-uri 'none'; form-action 'none'"
    )
    return "\n".join(
        [
            "<!DOCTYPE html>",
            '<html lang="en">',
            "<head>",
            '<meta charset="utf-8">',
            f'<meta http-equiv="Content-Security-Policy" content="{esc(policy)}">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            '<meta name="referrer" content="no-referrer">',
            f'<meta name="generator" content="hybridlint {esc(__version__)}">',
            # Paint once the whole report is read, not after every chunk: see the `rows` tables in report.css.
            '<link rel="expect" href="#report-end" blocking="render">',
            f"<title>{esc(title)}</title>",
            f"<style>{style}</style>",
            "</head>",
            "<body>",
            body,
            '<div id="report-end"></div>',
            f"<footer>Written by hybridlint {esc(__version__)}, offline, from the exports named above. "
            "This file is self-contained: it loads nothing from the network.</footer>",
            f"<script>{script}</script>",
            "</body>",
            "</html>",
            "",
        ]
    )


def cards(items: Iterable[tuple[str, int, str]]) -> str:
    """Summary counts as cards: (label, count, css class such as a severity)."""
    return (
        '<div class="cards">'
        + "".join(f'<div class="card {esc(cls)}"><b>{count}</b>{esc(label)}</div>' for label, count, cls in items)
        + "</div>"
    )


def meta(parts: Iterable[str]) -> str:
    """The line under a page's title: facts separated by dots."""
    return '<p class="meta">' + "".join(f"<span>{esc(part)}</span>" for part in parts) + "</p>"


def table(
    table_id: str, headers: Iterable[tuple[str, str]], rows: Iterable[str], empty: str, css_class: str = ""
) -> str:
    """A table whose body rows (each `<tr class="row" ...>`) the page's filters and sorting act on.

    `headers` are (label, css class); `empty` is shown when filters leave no row; `css_class`
    "rows <shape>-table" lays a long table out row by row (report.css).
    """
    heads = list(headers)
    cells = "".join(f'<th class="{cls}" data-sort scope="col">{esc(label)}</th>' for label, cls in heads)
    body = "\n".join(rows)
    classes = f' class="{esc(css_class)}"' if css_class else ""
    return (
        f'<table id="{esc(table_id)}"{classes}><thead><tr>{cells}</tr></thead><tbody>\n{body}\n'
        f'<tr class="no-match" hidden><td colspan="{len(heads)}" class="empty">{esc(empty)}</td></tr>'
        "</tbody></table>"
    )


def filters(table_id: str, selects: dict[str, tuple[str, list[str]]], placeholder: str) -> str:
    """The filter bar of table `table_id`: a search box and one select per row attribute.

    `selects` maps a row's `data-<key>` to (label, the values offered). Hidden until the script runs,
    so that a browser without JavaScript shows the whole table and no dead controls.
    """
    parts = [
        f'<div class="filters" data-filters-for="{esc(table_id)}" hidden>',
        f'<input type="search" placeholder="{esc(placeholder)}" aria-label="{esc(placeholder)}">',
    ]
    for key, (label, values) in selects.items():
        options = "".join(f'<option value="{esc(v)}">{esc(v)}</option>' for v in values)
        parts.append(
            f'<select data-key="{esc(key)}" aria-label="{esc(label)}">'
            f'<option value="">{esc(label)}: all</option>{options}</select>'
        )
    parts += ['<button type="button" class="reset">Reset</button>', '<span class="count"></span>', "</div>"]
    return "".join(parts)


def reference(text: str) -> str:
    """A link for an https address only: a rule file could hold `javascript:` or a file path."""
    if text.startswith("https://") and not any(c.isspace() for c in text):
        return f'<a href="{esc(text)}" rel="noopener noreferrer">{esc(text)}</a>'
    return f'<span class="mono">{esc(text)}</span>'


def finding_details(finding: Finding) -> str:
    """What is wrong, expected against actual, the fix and where the object came from."""
    items = [f"<p>{esc(finding.message)}</p>", '<dl class="kv">']
    if finding.expected is not None or finding.actual is not None:
        items += [
            f'<dt>Expected</dt><dd class="mono expected">{esc(finding.expected)}</dd>',
            f'<dt>Actual</dt><dd class="mono actual">{esc(finding.actual)}</dd>',
        ]
    if finding.missing:
        items.append(f'<dt>Not in the export</dt><dd class="mono">{esc(", ".join(finding.missing))}</dd>')
    items += [f"<dt>Related</dt><dd>{esc(related)}</dd>" for related in finding.related_lines()]
    items.append(f'<dt>Source</dt><dd class="mono">{esc(finding.file)}:{finding.line}</dd>')
    if finding.server:
        items.append(f"<dt>Server</dt><dd>{esc(finding.server)}</dd>")
    items += [f"<dt>Reference</dt><dd>{reference(ref)}</dd>" for ref in finding.references]
    items.append(f'<dt>Fingerprint</dt><dd class="mono muted">{esc(finding.fingerprint)}</dd>')
    items.append("</dl>")
    if finding.remediation:
        where = f" (run in {finding.shell_label()})" if finding.shell_label() else ""
        items.append(
            f'<div class="fix"><h3>Fix{esc(where)}</h3>'
            '<button type="button" class="copy" hidden>Copy</button>'
            f'<pre class="fix">{esc(finding.remediation)}</pre></div>'
        )
        if finding.outcome == "fail":
            items.append(
                '<p class="muted">In the remediation script (<code>hybridlint fix</code>): the change marked '
                f"<code>fingerprint: {esc(finding.fingerprint)}</code>, re-checked before it runs.</p>"
            )
    return "".join(items)
