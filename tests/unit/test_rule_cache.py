"""The rule cache: a warm load gives the same rules as a cold one, and a bad entry is only a miss."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from testkit import ROOT

CHILD = """
import json
from datetime import date
from linter.support.resources import builtin_rules_dir
from linter.rules.loader import load_rules
from linter.rules.engine import lint
from linter.snapshot.loader import load_snapshot
rules = load_rules([builtin_rules_dir()])
findings = lint(load_snapshot(["samples/exchange-se-broken"]), rules, date(2026, 11, 28))
print(json.dumps([[f.rule_id, f.identity, f.message, f.remediation] for f in findings]))
"""


def run_child(cache: Path) -> str:
    env = {"XDG_CACHE_HOME": str(cache), "HOME": str(cache), "PATH": "/usr/bin:/bin"}
    return subprocess.run(
        [sys.executable, "-c", CHILD], capture_output=True, text=True, check=True, env=env, cwd=ROOT
    ).stdout


def test_warm_and_cold_loads_lint_alike(tmp_path: Path) -> None:
    cold = run_child(tmp_path)
    entries = list((tmp_path / "hybridlint" / "rules").glob("*.json"))
    assert entries, "the first run fills the cache"
    assert run_child(tmp_path) == cold
    for entry in entries:
        entry.write_text("{not json", encoding="utf-8")
    assert run_child(tmp_path) == cold
    for entry in entries:
        entry.write_text(json.dumps({"rule": "wrong shape"}), encoding="utf-8")
    assert run_child(tmp_path) == cold
    assert json.loads(cold), "the broken sample has findings"


def test_a_cache_others_can_write_is_not_used(tmp_path: Path) -> None:
    folder = tmp_path / "hybridlint"
    folder.mkdir(mode=0o777)
    folder.chmod(0o777)
    run_child(tmp_path)
    assert not (folder / "rules").exists()


def test_a_rule_from_the_cache_renders_the_same_finding(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # From the cache, a rule's message, fix, expected and actual compile on first use: the finding
    # must read exactly as from a fresh compile.
    from linter.rules.loader import load_rule_file
    from linter.rules.testing import run_test
    from linter.support.resources import builtin_rules_dir

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    path = builtin_rules_dir() / "hybrid" / "HYB-RECV-010.yaml"
    fresh = load_rule_file(path)
    cached = load_rule_file(path)
    for test in fresh.tests:
        want = [(f.message, f.remediation, f.expected, f.actual) for f in run_test(fresh, test).findings]
        got = [(f.message, f.remediation, f.expected, f.actual) for f in run_test(cached, test).findings]
        assert got == want
