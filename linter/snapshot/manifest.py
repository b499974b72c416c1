"""`snapshot.yaml`: what the admin knows about the export that the files cannot say.

```yaml
organization: Contoso
export_date: 2026-11-20
cloud: gcc-high              # worldwide, gcc, gcc-high, dod or 21vianet (GCC High and DoD share names)
exchange_versions: {EX01: "15.2.1544.4"}
files:                       # glob (relative to this file) -> facts about the matching files
  onprem/*.xml: {side: on-premises}
  exo/inbound.json: {side: exchange-online, kind: InboundConnector}
  certs-ex02.xml: {server: EX02}
```
"""

from __future__ import annotations

import fnmatch
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from linter.snapshot.model import Manifest
from linter.support.cache import remember_validated, validated_before
from linter.support.errors import InputError
from linter.support.userfiles import line_of, parse_yaml, plain_data, schema_problem

if TYPE_CHECKING:  # a type only: the gatherer sniffs text with readers that read manifests' facts
    from linter.snapshot.inputs import InputFile


@dataclass(slots=True)
class FileFacts:
    side: str | None = None
    kind: str | None = None
    server: str | None = None


@dataclass(slots=True)
class LoadedManifest:
    manifest: Manifest
    rules: list[tuple[str, FileFacts]] = field(default_factory=list)
    # What the collector script could not export: (side, cmdlet, error), said in every report.
    collector_failures: list[tuple[str, str, str]] = field(default_factory=list)

    def facts_for(self, relative: str) -> FileFacts:
        facts = FileFacts()
        for pattern, rule in self.rules:
            if fnmatch.fnmatchcase(relative.lower(), pattern.lower()):
                facts.side = rule.side or facts.side
                facts.kind = rule.kind or facts.kind
                facts.server = rule.server or facts.server
        return facts


def load(item: InputFile) -> LoadedManifest:
    try:
        text = item.read().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(item.display, "snapshot.yaml is not UTF-8") from None
    document = validated_before("manifest", text)
    if not isinstance(document, dict):
        tree = parse_yaml(item.display, text, positions=True)
        if tree is None:
            tree = {}
        if not isinstance(tree, dict):
            raise InputError(item.display, "snapshot.yaml must be a mapping")
        document = plain_data(tree)
        problem = schema_problem("manifest.schema.json", document, "(top level)")
        if problem is not None:
            raise InputError(item.display, f"snapshot.yaml: {problem.message}", *line_of(tree, problem.path))
        remember_validated("manifest", text, document)
    manifest = Manifest(
        organization=_opt_str(document.get("organization")),
        export_date=_opt_str(document.get("export_date")),
        exchange_versions={str(k): str(v) for k, v in (document.get("exchange_versions") or {}).items()},
        cloud=_opt_str(document.get("cloud")),
        source=item.display,
    )
    loaded = LoadedManifest(manifest)
    for failure in (document.get("collector") or {}).get("failed") or []:
        loaded.collector_failures.append((str(failure["side"]), str(failure["cmdlet"]), str(failure["error"])))
    for pattern, facts in (document.get("files") or {}).items():
        loaded.rules.append((str(pattern), FileFacts(facts.get("side"), facts.get("kind"), facts.get("server"))))
        for name in ("side", "kind", "server"):
            if facts.get(name):
                getattr(manifest, name + "s")[str(pattern)] = str(facts[name])
    return loaded


def _opt_str(value: Any) -> str | None:
    return None if value is None else str(value)
