"""Rule engine costs: loading and compiling the built-in rules, and how a lint grows with the snapshot.

    python benchmarks/rules.py

1. Load + compile of every built-in rule, in fresh processes: with an empty cache (first run on a
   machine: YAML, schema validation and grammar analysis) and with a warm one (every later run).
   Imports are timed apart: they are paid once per process whatever the rules.
   Target: <= 100 ms warm.
2. Lint time for snapshots of the broken sample copied 25x to 400x, each copy an organisation of
   its own (servers and domains renamed, in typed values too: address spaces, smart hosts,
   certificate names), so cross-object lookups really search and no copy is another's twin.
   Linear growth means a flat time per object; the ratio of the largest snapshot's time per
   object to the smallest's is printed.
"""

from __future__ import annotations

import copy
import json
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

_CHILD = """
import json, time
t0 = time.perf_counter()
from linter.support.resources import builtin_rules_dir
from linter.rules.loader import load_rules
t1 = time.perf_counter()
rules = load_rules([builtin_rules_dir()])
t2 = time.perf_counter()
print(json.dumps({"imports_ms": (t1 - t0) * 1000, "load_ms": (t2 - t1) * 1000, "rules": len(rules)}))
"""


def load_times(repeat: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as cache:
        env = {"XDG_CACHE_HOME": cache, "PATH": "/usr/bin:/bin", "HOME": cache}
        runs = []
        for _ in range(repeat + 1):
            output = subprocess.run(
                [sys.executable, "-c", _CHILD], capture_output=True, text=True, check=True, env=env, cwd=ROOT
            ).stdout
            runs.append(json.loads(output))
    cold, warm = runs[0], runs[1:]
    return {
        "rules": cold["rules"],
        "cold_ms": cold["load_ms"],
        "warm_ms": min(r["load_ms"] for r in warm),
        "imports_ms": min(r["imports_ms"] for r in warm),
    }


def _renamed(value: object, number: int) -> object:
    """`value` as copy `number` of the organisation has it: its own servers and domains, typed values too."""
    if isinstance(value, str):
        # The HCW's connector names carry the organisation's GUID: each copy gets its own.
        return (
            value.replace("EX01", f"EX{number:04d}")
            .replace("contoso", f"contoso{number}")
            .replace("7d3e1c80", f"{number:08x}")
            .replace("6b0d2f7e", f"{number:08x}")
        )
    if isinstance(value, list):
        return [_renamed(item, number) for item in value]
    parse = getattr(type(value), "parse", None)
    if parse is not None and any(mark in str(value) for mark in ("contoso", "Contoso", "EX01", "7d3e1c80", "6b0d2f7e")):
        return parse(_renamed(str(value), number))
    return value


def scaled_snapshot(copies: int):  # type: ignore[no-untyped-def]
    """The broken sample `copies` times over, each copy with its own server and domain names."""
    from linter.snapshot.loader import load_snapshot

    base = load_snapshot([str(ROOT / "samples" / "exchange-se-broken")])
    result = copy.copy(base)
    result.objects = []
    for number in range(copies):
        for obj in base.objects:
            clone = copy.copy(obj)
            clone.properties = {name: _renamed(value, number) for name, value in obj.properties.items()}
            clone.identity = str(_renamed(obj.identity, number))
            clone.server = str(_renamed(obj.server, number)) if obj.server else None
            result.objects.append(clone)
    return result


def lint_scaling(repeat: int) -> list[tuple[int, float]]:
    from linter.rules.engine import lint
    from linter.rules.loader import load_rules
    from linter.support.resources import builtin_rules_dir

    rules = load_rules([builtin_rules_dir()])
    rows = []
    for copies in (25, 50, 100, 200, 400):
        snapshot = scaled_snapshot(copies)
        best = float("inf")
        for _ in range(repeat):
            started = time.process_time()
            lint(snapshot, rules, date(2026, 11, 28))
            best = min(best, time.process_time() - started)
        rows.append((len(snapshot.objects), best))
    return rows


def main() -> None:
    times = load_times(repeat=3)
    print(f"load + compile of {times['rules']} built-in rules:")
    print(f"  first run (empty cache): {times['cold_ms']:7.1f} ms")
    print(f"  later runs (warm cache): {times['warm_ms']:7.1f} ms   (target <= 100 ms)")
    print(f"  imports, once per process: {times['imports_ms']:5.1f} ms")
    rows = lint_scaling(repeat=3)
    print("\nlint time by snapshot size (CPU time, best of 3):")
    print(f"  {'objects':>8} {'seconds':>9} {'us/object':>10}")
    for objects, seconds in rows:
        print(f"  {objects:>8} {seconds:>9.3f} {seconds / objects * 1e6:>10.1f}")
    first, last = rows[0][1] / rows[0][0], rows[-1][1] / rows[-1][0]
    print(f"  per-object cost, largest / smallest snapshot: {last / first:.2f} (1.00 = linear)")


if __name__ == "__main__":
    main()
