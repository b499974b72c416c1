"""`snapshot.yaml`: what the admin knows about the export that the files cannot say.

```yaml
organization: Contoso
export_date: 2026-11-20
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
from typing import Any

from linter.snapshot.inputs import InputFile
from linter.snapshot.model import Manifest
from linter.support.errors import InputError


@dataclass(slots=True)
class FileFacts:
    side: str | None = None
    kind: str | None = None
    server: str | None = None


@dataclass(slots=True)
class LoadedManifest:
    manifest: Manifest
    rules: list[tuple[str, FileFacts]] = field(default_factory=list)

    def facts_for(self, relative: str) -> FileFacts:
        facts = FileFacts()
        for pattern, rule in self.rules:
            if fnmatch.fnmatchcase(relative.lower(), pattern.lower()):
                facts.side = rule.side or facts.side
                facts.kind = rule.kind or facts.kind
                facts.server = rule.server or facts.server
        return facts


def load(item: InputFile) -> LoadedManifest:
    from ruamel.yaml import YAML
    from ruamel.yaml.error import MarkedYAMLError, YAMLError

    yaml = YAML(typ="safe", pure=True)
    try:
        document = yaml.load(item.data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise InputError(item.display, "snapshot.yaml is not UTF-8") from None
    except MarkedYAMLError as exc:
        mark = exc.problem_mark
        raise InputError(item.display, f"invalid YAML: {exc.problem}",
                         mark.line + 1 if mark else None, mark.column + 1 if mark else None) from None
    except YAMLError as exc:
        raise InputError(item.display, f"invalid YAML: {exc}") from None
    if document is None:
        document = {}
    if not isinstance(document, dict):
        raise InputError(item.display, "snapshot.yaml must be a mapping")
    _validate(item.display, document)
    manifest = Manifest(
        organization=_opt_str(document.get("organization")),
        export_date=_opt_str(document.get("export_date")),
        exchange_versions={str(k): str(v) for k, v in (document.get("exchange_versions") or {}).items()},
        source=item.display,
    )
    loaded = LoadedManifest(manifest)
    for pattern, facts in (document.get("files") or {}).items():
        loaded.rules.append((str(pattern), FileFacts(facts.get("side"), facts.get("kind"), facts.get("server"))))
        for name in ("side", "kind", "server"):
            if facts.get(name):
                getattr(manifest, name + "s")[str(pattern)] = str(facts[name])
    return loaded


def _opt_str(value: Any) -> str | None:
    return None if value is None else str(value)


def _validate(file: str, document: dict[str, Any]) -> None:
    from jsonschema import Draft202012Validator

    from linter.support.resources import load_schema

    schema = load_schema("manifest.schema.json")
    errors = sorted(Draft202012Validator(schema).iter_errors(_jsonable(document)), key=lambda e: list(e.path))
    if errors:
        error = errors[0]
        where = "/".join(str(p) for p in error.path) or "(top level)"
        raise InputError(file, f"snapshot.yaml: {where}: {error.message}")


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    return str(value)  # dates that YAML parsed
