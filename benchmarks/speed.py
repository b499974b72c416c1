"""What a user waits for: whole-process `hybridlint snapshot` and `lint` on generated organisations
of 10, 50 and 200 servers, against references measured in the same run.

    python benchmarks/speed.py [--repeat 3] [--servers 10,50,200]

References, each in a process of its own:
- psrpcore: `psrpcore.types.deserialize_clixml` over the organisation's on-premises files,
  timed in-process (import and file reading not counted: psrpcore's best case);
- lxml: `lxml.etree.fromstring` of the same on-premises files and `json.loads` of the Exchange
  Online ones, timed in-process: the floor of any reader that builds a tree;
- the parse floor: a fresh process that does nothing but parse the on-premises files with lxml,
  timed whole like hybridlint. psrpcore / floor is the most any lxml-based reader can reach
  against psrpcore, before it reads a single value;
- the import floor: `python -c "import typer, rich"`, for `hybridlint --help`.

hybridlint is timed as a user runs it: a fresh process, wall time from start to exit, best of
--repeat. Peak memory is the process's maximum resident set. Targets (issue 12): snapshot >= 20x
psrpcore at 200 servers and >= 10x at 50; lint within 2x of lxml at 200; x4 input at most x4.4
time; peak memory at most 3x the input; a small sample linted in <= 250 ms; --help within 25% of
the import floor.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from organisation import generate  # noqa: E402

HYBRIDLINT = str(Path(sys.executable).parent / "hybridlint")
SMALL = ROOT / "samples" / "exchange-se-broken"

_PSRPCORE = """
import sys, time
from psrpcore.types import deserialize_clixml
texts = [open(p, encoding="utf-16").read() for p in sys.argv[1:]]
start = time.perf_counter()
for text in texts:
    deserialize_clixml(text, None)
print(time.perf_counter() - start)
"""

_LXML = """
import json, sys, time
from lxml import etree
blobs = [open(p, "rb").read() for p in sys.argv[1:]]
parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
start = time.perf_counter()
for path, blob in zip(sys.argv[1:], blobs):
    if path.endswith(".json"):
        json.loads(blob.decode("utf-8-sig"))
    else:
        etree.fromstring(blob, parser)
print(time.perf_counter() - start)
"""


_PARSE_FLOOR = """
import sys
from lxml import etree
parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
for path in sys.argv[1:]:
    with open(path, "rb") as stream:
        etree.fromstring(stream.read(), parser)
"""


def whole_process(args: list[str], repeat: int) -> tuple[float, int]:
    """(best wall seconds, peak RSS in KiB) of running `args` as a fresh process."""
    best, peak = float("inf"), 0
    for _ in range(repeat):
        before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        started = time.perf_counter()
        subprocess.run(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        best = min(best, time.perf_counter() - started)
        peak = max(peak, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, before)
    return best, peak


def in_process(script: str, files: list[Path], repeat: int) -> float:
    runs = []
    for _ in range(repeat):
        output = subprocess.run(
            [sys.executable, "-c", script, *map(str, files)], capture_output=True, text=True, check=True
        ).stdout
        runs.append(float(output.strip().splitlines()[-1]))
    return min(runs)


def peak_rss(args: list[str]) -> int:
    """Peak RSS (KiB) of one run, measured in a wrapper so earlier children do not count."""
    wrapper = (
        "import resource, subprocess, sys\n"
        "subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)\n"
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
    )
    output = subprocess.run([sys.executable, "-c", wrapper, *args], capture_output=True, text=True, check=True).stdout
    return int(output.strip())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--servers", default="10,50,200")
    args = parser.parse_args()
    os.environ.setdefault("XDG_CACHE_HOME", tempfile.mkdtemp(prefix="hybridlint-bench-cache-"))
    # pip compiles an installed wheel's modules; an editable install run with
    # PYTHONDONTWRITEBYTECODE never caches them and would compile ~100 modules on every run.
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "linter")], check=True)
    subprocess.run(
        [HYBRIDLINT, "lint", str(SMALL), "--fail-on", "never"], capture_output=True, check=False
    )  # warm cache
    sizes = [int(s) for s in args.servers.split(",")]
    rows = []
    with tempfile.TemporaryDirectory() as scratch:
        for servers in sizes:
            folder = Path(scratch) / f"org{servers}"
            size = generate(folder, servers)
            onprem = sorted((folder / "onprem").glob("*.xml"))
            everything = onprem + sorted((folder / "exo").glob("*.json"))
            snapshot, _ = whole_process([HYBRIDLINT, "snapshot", str(folder)], args.repeat)
            lint_cmd = [HYBRIDLINT, "lint", str(folder), "--fail-on", "never"]  # the default text report
            lint, _ = whole_process(lint_cmd, args.repeat)
            rss = peak_rss(lint_cmd)
            psrpcore = in_process(_PSRPCORE, onprem, 1 if servers >= 200 else args.repeat)
            lxml = in_process(_LXML, everything, args.repeat)
            floor_parse, _ = whole_process([sys.executable, "-c", _PARSE_FLOOR, *map(str, onprem)], args.repeat)
            rows.append((servers, size, snapshot, lint, psrpcore, lxml, rss, floor_parse))
        small, _ = whole_process([HYBRIDLINT, "lint", str(SMALL), "--fail-on", "never"], args.repeat * 3)
        help_time, _ = whole_process([HYBRIDLINT, "--help"], args.repeat * 3)
        floor, _ = whole_process([sys.executable, "-c", "import typer, rich"], args.repeat * 3)
    print("whole process, best of", args.repeat, "(wall seconds); references in-process in the same run")
    print(
        f"  {'servers':>7} {'MB':>6} {'snapshot':>9} {'lint':>7} {'psrpcore':>9} {'lxml':>6} "
        f"{'x psrpcore':>10} {'lint/lxml':>9} {'RSS MB':>7} {'RSS/input':>9} {'floor':>6} {'max x':>6}"
    )
    for servers, size, snapshot, lint, psrpcore, lxml, rss, floor_parse in rows:
        print(
            f"  {servers:>7} {size / 1e6:>6.1f} {snapshot:>9.2f} {lint:>7.2f} {psrpcore:>9.2f} {lxml:>6.2f} "
            f"{psrpcore / snapshot:>10.1f} {lint / lxml:>9.1f} {rss / 1024:>7.0f} {rss * 1024 / size:>9.1f} "
            f"{floor_parse:>6.2f} {psrpcore / floor_parse:>6.1f}"
        )
    print("  floor: a process that only parses the on-premises files with lxml; max x: psrpcore / floor")
    if len(rows) >= 2:
        (_, size_a, _, lint_a, *_), (_, size_b, _, lint_b, *_) = rows[-2], rows[-1]
        print(f"  growth: x{size_b / size_a:.1f} input, x{lint_b / lint_a:.2f} lint time (target: at most x4.4 for x4)")
    print(f"  small sample lint: {small * 1000:.0f} ms (target <= 250 ms)")
    print(
        f"  --help: {help_time * 1000:.0f} ms; import floor (typer, rich): {floor * 1000:.0f} ms "
        f"(x{help_time / floor:.2f}, target <= x1.25)"
    )
    json.dump(
        [
            dict(
                zip(
                    ("servers", "bytes", "snapshot_s", "lint_s", "psrpcore_s", "lxml_s", "rss_kib", "parse_floor_s"),
                    r,
                    strict=True,
                )
            )
            for r in rows
        ],
        sys.stderr,
    )


if __name__ == "__main__":
    main()
