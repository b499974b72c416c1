"""Large organisations for the speed benchmarks, generated from real object shapes.

    python benchmarks/organisation.py TARGET --servers 200

The healthy sample (samples/exchange-se-healthy, itself built from the real CSS-Exchange exports)
is one organisation with one server. This copies it with N servers: each server gets its own
receive connectors, certificates and Get-ExchangeServer record, copied from the sample's with the
server renamed and every RefId renumbered, written as Export-Clixml writes them (UTF-16 LE with a
BOM, CRLF). The organisation-wide files (send connectors, domains, HybridConfiguration, the
Exchange Online JSON) are kept as they are. 200 servers make about 45 MB of exports.
"""

from __future__ import annotations

import argparse
import re
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "samples" / "exchange-se-healthy"
PER_SERVER = ("Get-ReceiveConnector.xml", "Get-ExchangeCertificate.xml", "Get-ExchangeServer.xml")
_REF_ID = re.compile(r'RefId="(\d+)"')


def _per_server_copies(text: str, servers: int) -> str:
    """The export `text` (one server's objects) repeated for `servers` servers EX0001..."""
    head, body = text.split(">", 1)  # the <Objs ...> start tag
    body = body.rsplit("</Objs>", 1)[0]
    stride = max((int(n) for n in _REF_ID.findall(body)), default=0) + 1
    parts = [head + ">"]
    for number in range(servers):
        offset = number * stride
        chunk = _REF_ID.sub(lambda m, o=offset: f'RefId="{int(m.group(1)) + o}"', body)
        parts.append(re.sub(r"\bEX01\b", f"EX{number + 1:04d}", chunk))
    parts.append("</Objs>\r\n")
    return "".join(parts)


def generate(target: Path, servers: int) -> int:
    """Write the organisation into `target`; return its size in bytes."""
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(SAMPLE, target)
    for name in PER_SERVER:
        path = target / "onprem" / name
        text = path.read_bytes()[2:].decode("utf-16-le")  # after the BOM
        path.write_bytes(b"\xff\xfe" + _per_server_copies(text, servers).encode("utf-16-le"))
    return sum(p.stat().st_size for p in target.rglob("*") if p.is_file())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("target", type=Path)
    parser.add_argument("--servers", type=int, default=200)
    args = parser.parse_args()
    size = generate(args.target, args.servers)
    print(f"{args.target}: {args.servers} servers, {size / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
