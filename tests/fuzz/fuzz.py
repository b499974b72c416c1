"""Mutation fuzzing of `hybridlint lint`, `hybridlint fix` and `hybridlint headers`: N seeded mutants of the vendored
corpus, the message evidence and the samples, as single files, folders (with snapshot.yaml), zips
and message files, each run in-process with a time limit.

    python tests/fuzz/fuzz.py --mutants 10000 --seed 1 [--keep FOLDER]

Prints the distribution of exit codes and, for every run that ended in an uncaught exception
(exit 3, "internal error") or exceeded the time limit, the mutant's seed and the file kept as a
reproducer. Exit code 1 when there was any. tests/integration/test_fuzz.py runs a few hundred.
"""

from __future__ import annotations

import argparse
import collections
import io
import random
import shutil
import signal
import sys
import tempfile
import traceback
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SEED_FILES = sorted(
    p
    for folder in (ROOT / "tests" / "corpus" / "real", ROOT / "samples")
    for p in folder.rglob("*")
    if p.is_file() and p.suffix.lower() in (".xml", ".json", ".yaml") and "tools" not in p.parts
)
# Message headers: real ones from the evidence corpus, Outlook .msg files and the hand-made cases, linted as evidence
# (beside exports, or alone) and read by `hybridlint headers`.
MESSAGE_SEEDS = sorted(
    p
    for folder in (
        ROOT / "tests" / "corpus" / "evidence" / "headers",
        ROOT / "tests" / "corpus" / "outlook",
        ROOT / "tests" / "fixtures" / "messages",
    )
    for p in folder.rglob("*")
    if p.is_file()
    and p.suffix.lower() in (".eml", ".msg", ".txt", ".json")
    and not p.name.startswith(("LICENSE", "README"))
    and p.stat().st_size < 1024**2  # lots-of-recipients.msg (2 MB) would slow every mutant
)
# Format-List, Format-Table and Export-Csv text: the real text corpus, the real CSV and the hand-made files.
TEXT_SEEDS = sorted(
    p
    for folder in (
        ROOT / "tests" / "corpus" / "text",
        ROOT / "tests" / "corpus" / "real",
        ROOT / "tests" / "fixtures" / "format-list",
        ROOT / "tests" / "fixtures" / "csv",
    )
    for p in folder.rglob("*")
    if p.suffix.lower() in (".txt", ".csv") and not p.name.startswith("LICENSE")
)
SEED_FILES = SEED_FILES + MESSAGE_SEEDS + TEXT_SEEDS
SEED_FOLDERS = sorted(p for p in (ROOT / "samples").iterdir() if p.is_dir() and p.name != "tools")
TIME_LIMIT_SECONDS = 20.0

# Tokens that have broken parsers before: huge numbers and dates, deep nesting, control and escape
# characters, empty containers where values belong, entity and Ref syntax.
_TOKENS = [
    b"\\/Date(99999999999999999999)\\/",
    b"\\/Date(-99999999999999999999)\\/",
    b"9" * 400,
    b"{}",
    b"[]",
    b"null",
    b'"\\u001b]0;pwned\\u0007"',
    b"\x1b[31m",
    b"\r",
    b"<LST>",
    b"</LST>",
    b'<Ref RefId="0" />',
    b'<Obj RefId="0">',
    b"<Nil />",
    b"&#0;",
    b"&amp;",
    b"\xff\xfe",
    b"\xef\xbb\xbf",
    b"*&a [*a,*a,*a,*a,*a,*a,*a,*a,*a]",
    b"2026-02-30",
    b"\r\n\t",
    b"=?utf-8?B?",
    b"Content-Type: message/rfc822\r\n\r\n",
    b"Content-Type: multipart/mixed; boundary=x\r\n\r\n--x\r\n",
    b"X-MS-Exchange-Organization-AuthAs: Internal\r\n",
    b"Received: from a (1.2.3.4) by b with Microsoft SMTP Server id 15.20.1.1; 31 Feb 2026 99:99:99 +9999\r\n",
]


def _flip(data: bytes, rng: random.Random) -> bytes:
    buffer = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        if buffer:
            buffer[rng.randrange(len(buffer))] = rng.randrange(256)
    return bytes(buffer)


def _delete(data: bytes, rng: random.Random) -> bytes:
    if len(data) < 2:
        return data
    start = rng.randrange(len(data))
    return data[:start] + data[start + rng.randint(1, min(4096, len(data) - start)) :]


def _duplicate(data: bytes, rng: random.Random) -> bytes:
    if not data:
        return data
    start = rng.randrange(len(data))
    chunk = data[start : start + rng.randint(1, 2048)]
    at = rng.randrange(len(data))
    return data[:at] + chunk * rng.randint(1, 4) + data[at:]


def _insert_token(data: bytes, rng: random.Random) -> bytes:
    at = rng.randrange(len(data) + 1)
    return data[:at] + rng.choice(_TOKENS) + data[at:]


def _truncate(data: bytes, rng: random.Random) -> bytes:
    return data[: rng.randrange(len(data) + 1)]


def _nest(data: bytes, rng: random.Random) -> bytes:
    depth = rng.choice([50, 300, 600, 1000, 3000])
    at = rng.randrange(len(data) + 1)
    opener, closer = rng.choice([(b"[", b"]"), (b'{"a":', b"}"), (b"<Obj><MS>", b"</MS></Obj>"), (b"<LST>", b"</LST>")])
    return data[:at] + opener * depth + closer * rng.choice([0, depth]) + data[at:]


def _numbers(data: bytes, rng: random.Random) -> bytes:
    digits = [i for i, c in enumerate(data) if 48 <= c <= 57]
    if not digits:
        return data
    at = rng.choice(digits)
    return data[:at] + rng.choice([b"9" * 30, b"-1", b"0", b"1e999", b"NaN"]) + data[at + 1 :]


MUTATORS: list[Callable[[bytes, random.Random], bytes]] = [
    _flip,
    _delete,
    _duplicate,
    _insert_token,
    _truncate,
    _nest,
    _numbers,
]


def mutate(data: bytes, rng: random.Random) -> bytes:
    for _ in range(rng.choice([1, 1, 2, 3])):
        data = rng.choice(MUTATORS)(data, rng)
    return data


@dataclass
class Outcome:
    seed: int
    kind: str  # the shape of the input: file, folder, zip, zip-bytes, headers (`hybridlint headers`)
    exit_code: int | None
    problem: str = ""  # the traceback or "timed out"
    reproducer: str = ""


@dataclass
class Summary:
    exit_codes: collections.Counter[str] = field(default_factory=collections.Counter)
    failures: list[Outcome] = field(default_factory=list)


class _TimedOut(Exception):
    pass


@contextmanager
def _time_limit(seconds: float) -> Iterator[None]:
    def expire(signum: int, frame: object) -> None:
        raise _TimedOut

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def build_mutant(seed: int, target: Path) -> tuple[str, Path]:
    """Write mutant `seed` under `target`; return its shape and the path to lint."""
    rng = random.Random(seed)
    shape = rng.choice(["file", "file", "folder", "zip", "zip-bytes", "headers"])
    if shape == "headers":
        source = rng.choice(MESSAGE_SEEDS)
        path = target / source.name
        path.write_bytes(mutate(source.read_bytes(), rng))
        return shape, path
    if shape == "file":
        source = rng.choice(SEED_FILES)
        path = target / source.name
        path.write_bytes(mutate(source.read_bytes(), rng))
        return shape, path
    folder = target / "snapshot"
    shutil.copytree(rng.choice(SEED_FOLDERS), folder)
    files = sorted(p for p in folder.rglob("*") if p.is_file())
    for victim in rng.sample(files, k=min(len(files), rng.randint(1, 2))):
        victim.write_bytes(mutate(victim.read_bytes(), rng))
    if shape == "folder":
        return shape, folder
    archive = target / "snapshot.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        for file in sorted(p for p in folder.rglob("*") if p.is_file()):
            zf.write(file, file.relative_to(folder).as_posix())
    shutil.rmtree(folder)
    if shape == "zip-bytes":
        archive.write_bytes(mutate(archive.read_bytes(), rng))
    return shape, archive


def run_one(seed: int, keep: Path | None) -> Outcome:
    from typer.testing import CliRunner

    from linter.cli.app import app

    with tempfile.TemporaryDirectory() as scratch:
        shape, path = build_mutant(seed, Path(scratch))
        args = ["lint", str(path), "--as-of", "2026-11-28", "--format", "json", "--fail-on", "never"]
        if shape == "headers":
            args = ["headers", str(path), "--format", "json"]
        elif shape in ("folder", "zip") and seed % 3 == 0:  # a third of the snapshots: the remediation script
            shape = shape + "-fix"
            args = ["fix", str(path), "--as-of", "2026-11-28"]
        try:
            with _time_limit(TIME_LIMIT_SECONDS):
                result = CliRunner().invoke(app, args, catch_exceptions=True)
        except _TimedOut:
            outcome = Outcome(seed, shape, None, "timed out")
        else:
            if isinstance(result.exception, _TimedOut):
                outcome = Outcome(seed, shape, None, "timed out")
            elif result.exception is not None and not isinstance(result.exception, SystemExit):
                text = "".join(traceback.format_exception(result.exception))
                outcome = Outcome(seed, shape, 3, text)
            elif result.exit_code == 3:
                outcome = Outcome(seed, shape, 3, result.stderr)
            else:
                outcome = Outcome(seed, shape, result.exit_code)
                if args[0] == "fix" and result.exit_code == 0:
                    # The remediation script of any readable input parses as PowerShell.
                    sys.path.insert(0, str(ROOT / "tests"))
                    from powershell import syntax_errors

                    errors = syntax_errors(result.stdout)
                    if errors:
                        outcome = Outcome(seed, shape, 3, "the remediation script does not parse: " + errors[0])
        if outcome.problem and keep is not None:
            saved = keep / f"mutant-{seed}{path.suffix if path.is_file() else ''}"
            if path.is_dir():
                shutil.copytree(path, saved, dirs_exist_ok=True)
            else:
                shutil.copy(path, saved)
            outcome.reproducer = str(saved)
        return outcome


def run(mutants: int, seed: int, keep: Path | None = None, progress: io.TextIOBase | None = None) -> Summary:
    summary = Summary()
    for number in range(mutants):
        outcome = run_one(seed * 1_000_003 + number, keep)
        label = "timed out" if outcome.exit_code is None else f"exit {outcome.exit_code}"
        summary.exit_codes[label] += 1
        if outcome.problem:
            summary.failures.append(outcome)
        if progress is not None and (number + 1) % 500 == 0:
            progress.write(f"{number + 1} mutants: {dict(summary.exit_codes)}\n")
    return summary


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--mutants", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", type=Path, help="folder for the reproducers of failing mutants")
    args = parser.parse_args()
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
    summary = run(args.mutants, args.seed, args.keep, sys.stderr)  # type: ignore[arg-type]
    print(
        f"{args.mutants} mutants (seed {args.seed}): "
        + ", ".join(f"{k}: {v}" for k, v in sorted(summary.exit_codes.items()))
    )
    for failure in summary.failures:
        print(f"\n--- mutant {failure.seed} ({failure.kind}) {failure.reproducer}\n{failure.problem}")
    print(f"tracebacks or hangs: {len(summary.failures)}")
    return 1 if summary.failures else 0


if __name__ == "__main__":
    sys.exit(main())
