"""`hybridlint collector`: the script parses as PowerShell, only reads, exports every kind a rule
needs on its side under a name the reader maps to that kind, writes a snapshot.yaml the manifest
schema accepts, and its layout, filled with a sample's files, lints to the sample's findings."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from powershell import _parser, nodes, syntax_errors
from testkit import SAMPLES
from typer.testing import CliRunner

from linter.cli.app import app
from linter.collector import script_text
from linter.rules.loader import load_rules
from linter.snapshot import kinds
from linter.snapshot.json_export.reader import kind_from_file_name
from linter.snapshot.loader import load_snapshot
from linter.snapshot.model import EVIDENCE_KINDS, EXCHANGE_ONLINE, ON_PREMISES
from linter.support.resources import builtin_rules_dir, validator

runner = CliRunner()
SCRIPT = script_text()
# Commands the script may run besides Get-*: host output, files in its own output folder, and
# pipeline helpers. Nothing here changes Exchange, Exchange Online or anything outside the folder.
ALLOWED = {
    "Write-Host",
    "Write-Progress",
    "Write-Warning",
    "Export-Clixml",
    "ConvertTo-Json",
    "ConvertFrom-Json",
    "Out-File",
    "Out-Null",
    "Join-Path",
    "Test-Path",
    "Select-Object",
    "Where-Object",
    "Copy-Item",
    "Compress-Archive",
    "New-Item",
}
OWN_FUNCTION_VERBS = {"Get", "Write", "Export", "Copy"}


def _tree() -> Any:
    return _parser().parse(SCRIPT.encode("utf-8"))


def export_table(variable: str) -> list[dict[str, str]]:
    """The entries of `$OnPremisesExports` or `$ExchangeOnlineExports`, as the script declares them."""
    (assignment,) = [
        a for a in nodes(_tree().root_node, "assignment_expression") if a.children[0].text.decode().strip() == variable
    ]
    table = []
    for literal in nodes(assignment, "hash_literal_expression"):
        entries = {
            entry.children[0].text.decode(): entry.children[2].text.decode().strip("'")
            for entry in nodes(literal, "hash_entry")
        }
        if "Kind" in entries:
            table.append(entries)
    return table


def test_the_script_parses_as_powershell() -> None:
    assert SCRIPT.startswith("<#")
    assert syntax_errors(SCRIPT) == []


def test_the_cli_prints_the_script_and_writes_it_with_a_bom(tmp_path: Path) -> None:
    printed = runner.invoke(app, ["collector"])
    assert printed.exit_code == 0 and printed.stdout == SCRIPT
    assert "__HYBRIDLINT_VERSION__" not in SCRIPT
    target = tmp_path / "Collect-HybridSnapshot.ps1"
    written = runner.invoke(app, ["collector", "-o", str(target)])
    assert written.exit_code == 0, written.output
    data = target.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and b"\r\n" in data  # 5.1 reads a BOM-less script as ANSI
    assert data.decode("utf-8-sig").replace("\r\n", "\n") == SCRIPT


def test_the_script_only_reads() -> None:
    tree = _tree()
    functions = {
        child.text.decode()
        for node in nodes(tree.root_node, "function_statement")
        for child in node.children
        if child.type == "function_name"
    }
    assert functions, "the script's own functions were not found"
    assert all(name.split("-", 1)[0] in OWN_FUNCTION_VERBS for name in functions), functions
    commands = {node.text.decode() for node in nodes(tree.root_node, "command_name")}
    not_allowed = sorted(c for c in commands if not c.startswith("Get-") and c not in ALLOWED and c not in functions)
    assert not_allowed == []
    # The one dynamic call runs a command found by a name that starts with the literal 'Get-'.
    assert SCRIPT.count("& $command") == 1
    assert "$name = 'Get-' + $Prefix + $Noun" in SCRIPT
    for entry in export_table("$OnPremisesExports") + export_table("$ExchangeOnlineExports"):
        assert re.fullmatch(r"[A-Za-z]+", entry["Noun"]), entry  # a noun, never a verb-noun


def test_the_script_exports_no_secrets_or_mailbox_content() -> None:
    commands = {node.text.decode() for node in nodes(_tree().root_node, "command_name")}
    nouns = {e["Noun"] for e in export_table("$OnPremisesExports") + export_table("$ExchangeOnlineExports")}
    reading = {c.removeprefix("Get-") for c in commands if c.startswith("Get-")} | nouns
    assert not reading & {"Mailbox", "MailboxFolder", "MessageTrace", "MailboxPermission", "Credential", "Secret"}
    assert "-ExportPrivateKey" not in SCRIPT and "Export-ExchangeCertificate" not in SCRIPT


def _needed() -> set[tuple[str, str]]:
    """(kind, side) of every export a built-in rule needs."""
    needed: set[tuple[str, str]] = set()
    for rule in load_rules([builtin_rules_dir()]):
        for kind, side in {(rule.kind, rule.side), *rule.reads}:
            if kind in EVIDENCE_KINDS:
                continue
            implied = kinds.implied_side(kind)
            sides = [side] if side else [implied] if implied else [ON_PREMISES, EXCHANGE_ONLINE]
            needed.update((kind, s) for s in sides)
    return needed


def test_every_kind_a_rule_needs_is_exported_on_its_side() -> None:
    exported = {(e["Kind"], ON_PREMISES) for e in export_table("$OnPremisesExports")}
    exported |= {(e["Kind"], EXCHANGE_ONLINE) for e in export_table("$ExchangeOnlineExports")}
    exported.add(("ExchangeCertificate", ON_PREMISES))  # per server, in its own loop
    assert "Get-ExchangeCertificate -Server $server.Name |" in SCRIPT
    missing = sorted(_needed() - exported)
    assert missing == []


def test_every_file_name_maps_to_its_kind() -> None:
    for entry in export_table("$OnPremisesExports") + export_table("$ExchangeOnlineExports"):
        assert kind_from_file_name(entry["File"]) == entry["Kind"], entry
        assert entry["Noun"] == entry["Kind"]
    assert kind_from_file_name("Get-ExchangeCertificate-EX01.xml") == "ExchangeCertificate"


def _manifest_keys() -> tuple[set[str], set[str]]:
    (assignment,) = [
        a
        for a in nodes(_tree().root_node, "assignment_expression")
        if a.children[0].text.decode().strip() == "$manifest"
    ]
    top = nodes(assignment, "hash_literal_expression")[0]
    body = next(c for c in top.children if c.type == "hash_literal_body")
    top_keys = {e.children[0].text.decode() for e in body.children if e.type == "hash_entry"}
    collector = nodes(top, "hash_literal_expression")[1]
    collector_keys = {e.children[0].text.decode() for e in nodes(collector, "hash_entry")}
    return top_keys, collector_keys


def collector_manifest(files: dict[str, dict[str, str]], failed: list[dict[str, str]]) -> str:
    """snapshot.yaml as the script writes it: Windows PowerShell 5.1's ConvertTo-Json of
    `$manifest` (4-space indents, two spaces after the colon), which YAML reads as it is."""
    document = {
        "organization": "Contoso",
        "export_date": "2026-11-20",
        "exchange_versions": {"EX01": "Version 15.2 (Build 2562.37)"},
        "files": files,
        "collector": {
            "version": "0.9.0",
            "sides": ["on-premises", "exchange-online"],
            "powershell_edition": "Desktop",
            "powershell_version": "5.1.20348.2849",
            "modules": {"ExchangeOnlineManagement": "3.7.1"},
            "failed": failed,
        },
    }
    top, collector = _manifest_keys()
    assert set(document) == top and set(document["collector"]) == collector  # the keys the script writes
    return json.dumps(document, indent=4).replace('": ', '":  ') + "\n"


def test_the_manifest_the_script_writes_validates() -> None:
    text = collector_manifest({"onprem/Get-SendConnector.xml": {"side": "on-premises", "kind": "SendConnector"}}, [])
    assert not list(validator("manifest.schema.json").iter_errors(json.loads(text)))


def layout_from_sample(sample: Path, target: Path, failed: list[dict[str, str]]) -> Path:
    """The folder the script would write for the organisation the sample holds."""
    files: dict[str, dict[str, str]] = {}
    on_premises = {e["File"]: e["Kind"] for e in export_table("$OnPremisesExports")}
    online = {e["File"] + ".json": e["Kind"] for e in export_table("$ExchangeOnlineExports")}
    for path in sorted((sample / "onprem").glob("*.xml")):
        name = path.name
        if name == "Get-ExchangeCertificate.xml":
            name = "Get-ExchangeCertificate-EX01.xml"
            files["onprem/" + name] = {"side": "on-premises", "kind": "ExchangeCertificate", "server": "EX01"}
        else:
            files["onprem/" + name] = {"side": "on-premises", "kind": on_premises[name]}
        (target / "onprem").mkdir(parents=True, exist_ok=True)
        shutil.copy(path, target / "onprem" / name)
    for path in sorted((sample / "exo").glob("*.json")):
        files["exo/" + path.name] = {"side": "exchange-online", "kind": online[path.name]}
        (target / "exo").mkdir(parents=True, exist_ok=True)
        shutil.copy(path, target / "exo" / path.name)
    (target / "snapshot.yaml").write_text(collector_manifest(files, failed), encoding="utf-8-sig")
    return target


def _findings(folder: Path) -> list[tuple[str, str, str]]:
    result = runner.invoke(
        app, ["lint", str(folder), "--format", "json", "--fail-on", "never", "--as-of", "2026-11-28"]
    )
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    return sorted(
        (f["rule_id"], f["object"]["identity"], f["outcome"])
        for f in report["findings"]
        if f["object"]["kind"] not in EVIDENCE_KINDS
    )


@pytest.mark.parametrize("sample", ["exchange-se-broken", "exchange-se-healthy"])
def test_the_collectors_layout_lints_to_the_samples_findings(tmp_path: Path, sample: str) -> None:
    source = tmp_path / "sample"
    shutil.copytree(SAMPLES / sample, source, ignore=shutil.ignore_patterns("evidence"))
    collected = layout_from_sample(SAMPLES / sample, tmp_path / "collected", [])
    assert _findings(collected) == _findings(source)


def test_a_cmdlet_that_failed_during_collection_is_said(tmp_path: Path) -> None:
    failed = [
        {
            "side": "exchange-online",
            "cmdlet": "Get-OnPremisesOrganization",
            "error": "The term 'Get-OnPremisesOrganization' is not recognized",
        }
    ]
    collected = layout_from_sample(SAMPLES / "exchange-se-healthy", tmp_path / "collected", failed)
    (collected / "exo" / "Get-OnPremisesOrganization.json").unlink()
    snapshot = load_snapshot([str(collected)])
    warnings = [w for w in snapshot.warnings if w.code == "collector-failed"]
    assert [w.message for w in warnings] == [
        "Get-OnPremisesOrganization failed when the snapshot was collected (exchange-online): "
        "The term 'Get-OnPremisesOrganization' is not recognized"
    ]
