"""The README's "Try it on the samples" block runs as written, with the exit codes and counts it states."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
from testkit import ROOT
from typer.testing import CliRunner

from linter.cli.app import app


def commands() -> list[tuple[list[str], int, str]]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"## Try it on the samples\n.*?```sh\n(.*?)```", text, re.S)
    assert block, "README lost its 'Try it on the samples' block"
    found = []
    for line in block.group(1).splitlines():
        command, _, comment = line.partition("#")
        match = re.match(r"\s*exit (\d)(?::\s*(.*))?", comment)
        assert match, f"no '# exit N' comment: {line}"
        words = shlex.split(command)
        assert words[0] == "hybridlint"
        found.append((words[1:], int(match.group(1)), match.group(2) or ""))
    return found


@pytest.mark.parametrize("index", range(len(commands())))
def test_readme_command(index: int, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    # The commands name samples/ relative to the repository root and write into build/try/: run them
    # in a scratch folder that sees the samples, so the test never writes into the checkout.
    (tmp_path / "samples").symlink_to(ROOT / "samples", target_is_directory=True)
    monkeypatch.chdir(tmp_path)
    args, code, claim = commands()[index]
    # The block's outputs go to build/try/; the baseline is made by an earlier line, so make it here too.
    if "--baseline" in args:
        CliRunner().invoke(app, ["baseline", "create", "samples/exchange-se-broken", "-o", "build/try/baseline.json"])
    result = CliRunner().invoke(app, args)
    assert result.exit_code == code, result.stdout + result.stderr
    said, page = result.stdout + result.stderr, None
    if "-o" in args:
        target = tmp_path / args[args.index("-o") + 1]
        assert target.exists(), f"{target} not written"
        if target.is_file() and target.suffix == ".html":
            page = target.read_text(encoding="utf-8")
    for number, words in re.findall(
        r"(\d+) (new|known|fixed since|findings? introduced|resolved|errors?|warnings?)", claim
    ):
        noun = {
            "errors": "error",
            "warnings": "warning",
            "findings introduced": "finding(s) introduced",
            "findings accepted": "finding(s) accepted",
        }.get(words, words)
        if page is not None:  # an HTML page states its counts on summary cards: <b>7</b>introduced
            assert re.search(rf"<b>{number}</b>{re.escape(noun.split()[-1])}", page), (number, noun)
        else:
            assert re.search(rf"\b{number} {re.escape(noun)}", said), (number, noun, said[-600:])
