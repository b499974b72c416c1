"""Protocol logs at scale: a generated folder of SmtpReceive logs linted whole-process, with its
peak memory, against the size of the folder.

    python benchmarks/logs.py [--megabytes 1024] [--sessions-per-file 20000]
    python benchmarks/logs.py --one-log 1000000 [--unclosed]

The folder is built from the session shapes of the built fixtures (tests/fixtures/protocol-logs:
Exchange Online sessions on the Default Frontend connector and on a relay connector, and
internal relays), with session ids, addresses and times varied, in hourly files of the documented
format, beside the exports of the broken sample. Sessions that show the same thing are grouped
into one object, so memory should follow the open sessions and the distinct groups, not the size
of the folder: the figure to read is peak RSS against the folder's size.

`--one-log N` is the hostile shape instead: one log file of N sessions (a million by default in
the issue's wording), written session after session; with `--unclosed` no session ever ends, so
every one of them stays open until the reader's bound (MAX_OPEN_SESSIONS) closes the oldest. The
run must end with exit 0 and findings, never a traceback, in memory that does not follow N.
"""

from __future__ import annotations

import argparse
import random
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HYBRIDLINT = str(Path(sys.executable).parent / "hybridlint")
PREAMBLE = (
    "#Software: Microsoft Exchange Server\r\n#Version: 15.0.0.0\r\n#Log-type: SMTP Receive Protocol Log\r\n"
    "#Date: {date}\r\n#Fields: date-time,connector-id,session-id,sequence-number,local-endpoint,remote-endpoint,"
    "event,data,context\r\n"
)
TLS = (
    '"TLS protocol SP_PROT_TLS1_2_SERVER negotiation succeeded using bulk encryption algorithm CALG_AES_256 '
    "with strength 256 bits, MAC hash algorithm CALG_SHA_384 with strength 0 bits and key exchange algorithm "
    'CALG_ECDH_EPHEM with strength 384 bits"'
)


def session_rows(rng: random.Random, number: int, hour: int) -> list[str]:
    """One session: Exchange Online on the Default Frontend (most), on the relay connector, or a scanner."""
    kind = rng.random()
    if kind < 0.8:
        connector, remote, ehlo = (
            "EX01\\Default Frontend EX01",
            f"40.107.{rng.randrange(256)}.{rng.randrange(256)}",
            (f"NAM{rng.randrange(10, 13)}-DM6-obe.outbound.protection.outlook.com"),
        )
        capability = "TlsDomainCapabilities='mail.protection.outlook.com:AcceptCloudServicesMail'; Status='Success'"
    elif kind < 0.9:
        connector, remote, ehlo = (
            "EX01\\Relay - scan appliances",
            f"40.107.{rng.randrange(256)}.{rng.randrange(256)}",
            ("NAM12-DM6-obe.outbound.protection.outlook.com"),
        )
        capability = "TlsDomainCapabilities='None'; Status='Success'"
    else:
        connector, remote, ehlo = (
            "EX01\\Relay - scan appliances",
            f"10.20.30.{rng.randrange(1, 250)}",
            "scanner.contoso.com",
        )
        capability = "TlsDomainCapabilities='None'; Status='NoRemoteCertificate'"
    session = f"08DD{hour:02d}{number:012X}"
    stamp = f"2026-11-18T{hour:02d}:{rng.randrange(60):02d}:{rng.randrange(60):02d}"
    events = [
        ("+", "", ""),
        (
            ">",
            f'"220 EX01.contoso.com Microsoft ESMTP MAIL Service ready at Tue, 18 Nov 2026 {hour:02d}:00:00 +0100"',
            "",
        ),
        ("<", f"EHLO {ehlo}", ""),
        (
            ">",
            f"250  EX01.contoso.com Hello [{remote}] SIZE 37748736 PIPELINING DSN ENHANCEDSTATUSCODES STARTTLS "
            "X-ANONYMOUSTLS AUTH NTLM 8BITMIME BINARYMIME CHUNKING XRDST",
            "",
        ),
        ("<", "STARTTLS", ""),
        (">", "220 2.0.0 SMTP server ready", ""),
        ("*", "", TLS),
        ("<", f"EHLO {ehlo}", ""),
        ("*", "", capability),
        ("<", "MAIL FROM:<user@contoso.com>", ""),
        (">", "250 2.1.0 Sender OK", ""),
        ("-", "", "Remote"),
    ]
    port = rng.randrange(1024, 65535)
    return [
        f"{stamp}.{n:03d}Z,{connector},{session},{n},10.0.0.11:25,{remote}:{port},{e},{d},{c}"
        for n, (e, d, c) in enumerate(events)
    ]


def generate(folder: Path, megabytes: int, per_file: int, seed: int = 1) -> int:
    shutil.copytree(ROOT / "samples" / "exchange-se-broken", folder)
    logs = folder / "logs"
    logs.mkdir()
    rng = random.Random(seed)
    written, hour, number = 0, 0, 0
    while written < megabytes * 1024 * 1024:
        rows: list[str] = []
        for _ in range(per_file):
            rows.extend(session_rows(rng, number, hour % 24))
            number += 1
        rows.sort()  # by time, as Exchange writes them: sessions interleave, each in its own order
        text = PREAMBLE.format(date=f"2026-11-18T{hour % 24:02d}:00:00.000Z") + "\r\n".join(rows) + "\r\n"
        path = logs / f"RECV20261118{hour % 24:02d}-{hour // 24 + 1}.LOG"
        path.write_bytes(text.encode("utf-8"))
        written += len(text)
        hour += 1
    return written


def generate_one_log(folder: Path, sessions: int, closed: bool, seed: int = 1) -> int:
    """One RECV log of `sessions` sessions, streamed to disk, beside the broken sample's exports."""
    shutil.copytree(ROOT / "samples" / "exchange-se-broken", folder)
    logs = folder / "logs"
    logs.mkdir()
    rng = random.Random(seed)
    path = logs / "RECV2026111800-1.LOG"
    with path.open("w", encoding="utf-8", newline="") as out:
        out.write(PREAMBLE.format(date="2026-11-18T00:00:00.000Z"))
        for number in range(sessions):
            rows = session_rows(rng, number, 0)
            out.write("\r\n".join(rows if closed else rows[:-1]) + "\r\n")
    return path.stat().st_size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--megabytes", type=int, default=1024)
    parser.add_argument("--sessions-per-file", type=int, default=20_000)
    parser.add_argument("--one-log", type=int, metavar="SESSIONS", help="one log of this many sessions instead")
    parser.add_argument("--unclosed", action="store_true", help="with --one-log: no session ever ends")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch) / "org"
        if args.one_log:
            size = generate_one_log(folder, args.one_log, closed=not args.unclosed)
        else:
            size = generate(folder, args.megabytes, args.sessions_per_file)
        files = len(list((folder / "logs").iterdir()))
        report = Path(scratch) / "report.json"
        # Measured in a wrapper process, so that only the lint's own peak counts.
        wrapper = (
            "import resource, subprocess, sys, time\n"
            "started = time.perf_counter()\n"
            "code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode\n"
            "print(code, time.perf_counter() - started, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
        )
        command = [HYBRIDLINT, "lint", str(folder), "--fail-on", "never", "--format", "json", "-o", str(report)]
        output = subprocess.run([sys.executable, "-c", wrapper, *command], capture_output=True, text=True, check=True)
        code, seconds, peak = output.stdout.split()
        text = report.read_text(encoding="utf-8") if report.exists() else ""
        findings = text.count('"rule_id": "HYB-LOG-004"')
    peak_kib = int(peak)
    print(f"protocol logs: {size / 1e6:.0f} MB in {files} files, lint exit {code} in {float(seconds):.1f} s")
    ratio = peak_kib * 1024 / size
    print(f"  peak RSS {peak_kib / 1024:.0f} MB ({ratio:.3f} x the logs' size); HYB-LOG-004 findings: {findings}")
    if args.one_log:
        shape = "never closed" if args.unclosed else "each closed"
        print(f"  one log of {args.one_log:,} sessions ({shape})")


if __name__ == "__main__":
    main()
