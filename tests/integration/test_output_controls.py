"""lint's output controls: --quiet, --show, --color with NO_COLOR and FORCE_COLOR, -o DIR/ as a
folder, and the counts printed when writing to a file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from testkit import AS_OF, SAMPLES
from typer.testing import CliRunner

from linter.cli.app import app

runner = CliRunner()
BROKEN = str(SAMPLES / "exchange-se-broken")


def lint(*args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    result = runner.invoke(app, ["lint", BROKEN, *args, *AS_OF], env=env)
    return result.exit_code, result.stdout, result.stderr


def test_quiet_prints_the_summary_line_only() -> None:
    code, out, _ = lint("--quiet")
    assert code == 1
    assert out.count("\n") == 1 and "finding(s):" in out and "error" in out


def test_show_lists_only_findings_at_or_above_the_level_but_the_exit_code_counts_all() -> None:
    code, out, _ = lint("--format", "json", "--show", "error", "--fail-on", "warning")
    severities = {f["severity"] for f in json.loads(out)["findings"]}
    assert severities == {"error"}
    _, everything, _ = lint("--format", "json")
    assert "warning" in {f["severity"] for f in json.loads(everything)["findings"]}
    assert code == 1


@pytest.mark.parametrize(
    ("args", "env", "coloured"),
    [
        (["--color", "always"], {}, True),
        (["--color", "never"], {"FORCE_COLOR": "1"}, False),
        ([], {"FORCE_COLOR": "1"}, True),
        ([], {"FORCE_COLOR": "1", "NO_COLOR": "1"}, False),
        ([], {}, False),  # not a terminal
    ],
)
def test_colour_follows_the_option_then_no_color_and_force_color(
    args: list[str], env: dict[str, str], coloured: bool
) -> None:
    environment = {"NO_COLOR": "", "FORCE_COLOR": "", "TERM": "xterm-256color", **env}
    _, out, _ = lint(*args, env=environment)
    assert ("\x1b[" in out) is coloured


def test_output_ending_in_a_slash_is_a_folder_and_the_counts_are_printed(tmp_path: Path) -> None:
    target = tmp_path / "newdir"
    code, out, err = lint("--format", "json", "-o", f"{target}/")
    assert code == 1 and out == ""
    assert (target / "hybridlint.json").is_file()
    assert f"wrote {target / 'hybridlint.json'}" in err and "finding(s):" in err
    single = tmp_path / "report.json"
    lint("--format", "json", "-o", str(single))
    assert single.is_file()


def test_fixes_on_a_narrow_terminal_are_never_broken_or_padded() -> None:
    """A fix is copied from the terminal: rich must not wrap it inside a quoted name or pad it."""
    import io
    from datetime import date

    from rich.console import Console

    from linter.report.rich_text import print_report
    from linter.rules.loader import load_rules
    from linter.run.pipeline import LintOptions, build_report
    from linter.support.resources import builtin_rules_dir

    report = build_report([BROKEN], load_rules([builtin_rules_dir()]), LintOptions(date(2026, 11, 28)))
    buffer = io.StringIO()
    print_report(report, Console(file=buffer, width=60, force_terminal=True, color_system=None))
    lines = buffer.getvalue().splitlines()
    for finding in report.findings:
        for command in (finding.remediation or "").splitlines():
            assert "      " + command.rstrip() in lines, command


@pytest.mark.parametrize("command", ["snapshot", "lint", "fix", "diff", "headers", "collector"])
def test_help_has_examples_exit_codes_and_no_python_types(command: str) -> None:
    result = runner.invoke(app, [command, "--help"], env={"COLUMNS": "80"}, terminal_width=80)
    assert result.exit_code == 0
    text = result.stdout
    assert "Examples:" in text and f"hybridlint {command}" in text and "Exit codes:" in text
    assert "  2  bad input or usage" in text
    for python in ("<str>", "<path>", "<bool>", "<int", "list[", "{paths}"):
        assert python not in text, python
    if command == "lint":
        assert max(len(line) for line in text.splitlines()) <= 80
