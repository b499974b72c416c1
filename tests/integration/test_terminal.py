"""Colour at a terminal, plain text everywhere else: the CLI run on a real pseudo-terminal."""

from __future__ import annotations

import os
import pty
import subprocess
import sys

from testkit import ROOT, SAMPLES
from typer.testing import CliRunner

from linter.cli.app import app

BROKEN = str(SAMPLES / "exchange-se-broken")
HEALTHY = str(SAMPLES / "exchange-se-healthy")
ANSI = "\x1b["


def on_terminal(args: list[str], stream: str = "stdout", **env: str) -> tuple[int, str, str]:
    """Run hybridlint with `stream` on a pseudo-terminal and the other stream on a pipe."""
    main, secondary = pty.openpty()
    environment = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "TERM", "CI")}
    environment |= {"COLUMNS": "120", "LINES": "40", "TERM": "xterm-256color", **env}
    streams = (
        {"stdout": secondary, "stderr": subprocess.PIPE}
        if stream == "stdout"
        else {"stdout": subprocess.PIPE, "stderr": secondary}
    )
    process = subprocess.Popen(
        [sys.executable, "-m", "linter.cli.app", *args, "--as-of", "2026-11-28"],
        cwd=ROOT,
        env=environment,
        stdin=subprocess.DEVNULL,
        **streams,
    )  # type: ignore[call-overload]
    os.close(secondary)
    chunks = []
    while True:
        try:
            chunk = os.read(main, 65536)
        except OSError:  # EIO: the child closed the terminal
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(main)
    piped = (process.stderr if stream == "stdout" else process.stdout).read()  # type: ignore[union-attr]
    code = process.wait(timeout=60)
    return code, b"".join(chunks).decode("utf-8").replace("\r\n", "\n"), piped.decode("utf-8")


def test_a_terminal_gets_colour_and_the_same_findings() -> None:
    code, shown, _ = on_terminal(["lint", BROKEN])
    assert code == 1 and ANSI in shown
    for text in ("ERROR (9)", "HYB-SEND-003", "Set-SendConnector", "expected:", "11 finding(s)", "related:"):
        assert text in shown


def test_no_color_gives_the_plain_report() -> None:
    code, shown, _ = on_terminal(["lint", BROKEN], NO_COLOR="1")
    plain = CliRunner().invoke(app, ["lint", BROKEN, "--as-of", "2026-11-28"]).stdout
    assert code == 1 and ANSI not in shown and shown == plain


def test_a_pipe_gets_the_plain_report() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "linter.cli.app", "lint", BROKEN, "--as-of", "2026-11-28"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1 and ANSI not in result.stdout and result.stdout.startswith("ERROR (9)\n")


def test_batch_shows_a_progress_bar_on_a_terminal_and_keeps_stdout_plain() -> None:
    code, progress, out = on_terminal(["lint", "--batch", BROKEN, HEALTHY, "--jobs", "2"], stream="stderr")
    assert code == 1 and "linting" in progress and ANSI in progress
    assert "[1/2]" not in progress  # the log lines are for non-terminals
    assert ANSI not in out and out.rstrip().splitlines()[-1].startswith("2 snapshot(s)")
