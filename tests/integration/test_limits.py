"""Every limit of docs/limits.md, at the limit and one past it, and each fuzzing failure class of
issue 12 as a regression test: one line naming the file, exit 2, never a traceback (exit 3)."""

from __future__ import annotations

import io
import json
import os
import zipfile
from pathlib import Path

import pytest
from testkit import FIXTURES_DIR, SAMPLES
from typer.testing import CliRunner

from linter.cli.app import app
from linter.snapshot import inputs, loader
from linter.snapshot.json_export import values as json_values
from linter.support import userfiles

runner = CliRunner()
ACCEPTED = '[{"Identity":"contoso.com","DomainName":"contoso.com","DomainType":"Authoritative"}]'


def lint(*paths: Path | str, fmt: str = "json") -> tuple[int, str, str]:
    result = runner.invoke(
        app, ["lint", *map(str, paths), "--as-of", "2026-11-28", "--format", fmt, "--fail-on", "never"]
    )
    assert result.exit_code != 3, result.stderr  # never an internal error
    return result.exit_code, result.stdout, result.stderr


def one_error(stderr: str) -> str:
    lines = [line for line in stderr.splitlines() if not line.startswith("warning: the ")]
    assert len(lines) == 1, stderr
    return lines[0]


def folder(tmp_path: Path, files: dict[str, str | bytes]) -> Path:
    for name, content in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return tmp_path


# -- files, folders and zips ---------------------------------------------------------------------


def test_a_file_at_the_size_limit_is_read_and_one_past_it_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(inputs, "MAX_FILE_BYTES", len(ACCEPTED))
    folder(tmp_path, {"Get-AcceptedDomain.json": ACCEPTED})
    assert lint(tmp_path)[0] == 0
    (tmp_path / "Get-AcceptedDomain.json").write_text(ACCEPTED + " ", encoding="utf-8")
    code, _, err = lint(tmp_path)
    assert code == 2 and "is larger than the" in one_error(err)


def test_a_protocol_log_on_disk_is_streamed_past_the_file_size_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    log = (FIXTURES_DIR / "protocol-logs" / "built-RECV2026111810-1.log").read_bytes()
    monkeypatch.setattr(inputs, "MAX_FILE_BYTES", len(log) // 4)
    folder(tmp_path, {"Get-AcceptedDomain.json": ACCEPTED, "logs/RECV2026111810-1.LOG": log})
    code, out, err = lint(tmp_path)
    assert code == 0, err
    assert "RECV2026111810-1.LOG" in out
    with zipfile.ZipFile(tmp_path / "logs.zip", "w") as archive:  # a zip entry is inflated in memory: bounded
        archive.writestr("RECV2026111810-1.LOG", log)
    (tmp_path / "logs" / "RECV2026111810-1.LOG").unlink()
    code, _, err = lint(tmp_path)
    assert code == 2 and "is larger than the" in one_error(err)


def test_a_snapshot_over_the_total_size_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(inputs, "MAX_SNAPSHOT_BYTES", 2 * len(ACCEPTED) - 1)
    folder(tmp_path, {"a/Get-AcceptedDomain.json": ACCEPTED, "b/Get-AcceptedDomain.json": ACCEPTED})
    code, _, err = lint(tmp_path)
    assert code == 2 and "more than the" in one_error(err)


def test_an_archive_over_its_inflated_size_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(inputs, "MAX_ZIP_TOTAL_BYTES", len(ACCEPTED) - 1)
    archive = tmp_path / "export.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("Get-AcceptedDomain.json", ACCEPTED)
    code, _, err = lint(archive)
    assert code == 2 and "zip bomb" in one_error(err)


@pytest.mark.parametrize("damage", ["deflate", "offset"])
def test_a_damaged_zip_entry_is_one_line(tmp_path: Path, damage: str) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("Get-AcceptedDomain.json", ACCEPTED * 50)
    data = bytearray(buffer.getvalue())
    if damage == "deflate":
        data[40:60] = b"\xff" * 20  # inside the compressed stream of the only entry
    else:
        central = data.rfind(b"PK\x01\x02")
        data[central + 42 : central + 46] = (2**31 - 1).to_bytes(4, "little")  # the entry's offset points nowhere
    archive = tmp_path / "export.zip"
    archive.write_bytes(bytes(data))
    code, _, err = lint(archive)
    assert code == 2 and str(archive) in one_error(err) and "damaged zip" in one_error(err)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_pipe_or_device_named_on_the_command_line_is_refused_before_any_read(tmp_path: Path) -> None:
    fifo = tmp_path / "export.xml"
    os.mkfifo(fifo)
    code, _, err = lint(fifo)  # would block forever if it were opened
    assert code == 2 and "not a regular file or folder" in one_error(err)
    if Path("/dev/zero").exists():
        code, _, err = lint("/dev/zero")
        assert code == 2 and "not a regular file or folder" in one_error(err)


def test_more_objects_than_the_limit_are_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(loader, "MAX_OBJECTS", 1)
    two = '[{"Identity":"a.com","DomainName":"a.com"},{"Identity":"b.com","DomainName":"b.com"}]'
    folder(tmp_path, {"Get-AcceptedDomain.json": two})
    code, _, err = lint(tmp_path)
    assert code == 2 and "more than 1 objects" in one_error(err)


# -- JSON values ------------------------------------------------------------------------------------


def test_a_value_at_the_depth_limit_is_read_and_one_level_deeper_is_unreadable(tmp_path: Path) -> None:
    limit = json_values.MAX_VALUE_DEPTH

    def nested(levels: int) -> str:
        return '{"a":' * levels + "1" + "}" * levels

    folder(tmp_path, {"Get-AcceptedDomain.json": f'[{{"Identity":"x","DomainName":"x.com","Extra":{nested(limit)}}}]'})
    code, out, _ = lint(tmp_path)
    assert code == 0 and not json.loads(out)["snapshot"]["warnings"]
    folder(
        tmp_path, {"Get-AcceptedDomain.json": f'[{{"Identity":"x","DomainName":"x.com","Extra":{nested(limit + 2)}}}]'}
    )
    code, out, _ = lint(tmp_path)
    warnings = json.loads(out)["snapshot"]["warnings"]
    assert code == 0 and any(f"nested deeper than {limit} levels" in w["message"] for w in warnings)


@pytest.mark.parametrize("depth", [490, 979, 5000])
def test_json_nested_beyond_any_export_is_one_line(tmp_path: Path, depth: int) -> None:
    body = "[" * depth + "]" * depth
    folder(tmp_path, {"Get-SendConnector.json": f'[{{"Identity":"x","SmartHosts":{body}}}]'})
    code, _, err = lint(tmp_path)
    assert code in (0, 2)
    if code == 2:
        assert "nested" in one_error(err)


@pytest.mark.parametrize(
    "value",
    ["{}", "[]", '{"value__":{}}', '[[[["x"]]]]'],
    ids=["empty-object", "list", "value-object", "nested-list"],
)
def test_an_enum_written_as_a_container_is_unreadable_not_a_crash(tmp_path: Path, value: str) -> None:
    folder(tmp_path, {"Get-AcceptedDomain.json": f'[{{"Identity":"x","DomainName":"x.com","DomainType":{value}}}]'})
    assert lint(tmp_path)[0] == 0


@pytest.mark.parametrize("digits", ["99999999999999999999", "-99999999999999999999", "9" * 5000])
def test_a_date_out_of_range_is_unreadable_not_a_crash(tmp_path: Path, digits: str) -> None:
    date = f"\\\\/Date({digits})\\\\/"
    folder(tmp_path, {"Get-AcceptedDomain.json": f'[{{"Identity":"x","DomainName":"x.com","WhenCreated":"{date}"}}]'})
    assert lint(tmp_path)[0] == 0


def test_a_clixml_list_followed_by_a_value_is_one_line(tmp_path: Path) -> None:
    xml = (
        '<Objs Version="1.1.0.1" xmlns="http://schemas.microsoft.com/powershell/2004/04"><Obj RefId="0">'
        '<TN RefId="0"><T>Deserialized.Microsoft.Exchange.Data.Directory.SystemConfiguration.AcceptedDomain</T></TN>'
        '<Props><S N="Identity">x</S><Obj N="DomainName" RefId="1"><LST><S>a</S></LST><I32>5</I32></Obj></Props>'
        "</Obj></Objs>"
    )
    folder(tmp_path, {"Get-AcceptedDomain.xml": xml})
    code, _, err = lint(tmp_path)
    assert code == 2 and "already holds a <LST>" in one_error(err)


# -- YAML the user writes -----------------------------------------------------------------------------

BOMB = "\n".join(
    ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    + [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 12)]
)


@pytest.mark.parametrize("where", ["snapshot.yaml", ".hybridlint.yaml", "rules/bomb.yaml"])
def test_a_yaml_alias_bomb_is_refused_in_every_user_file(tmp_path: Path, where: str) -> None:
    snapshot = folder(tmp_path / "snapshot", {"Get-AcceptedDomain.json": ACCEPTED})
    target = tmp_path / "rules" / "bomb.yaml" if where.startswith("rules") else snapshot / where
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(BOMB + "\n", encoding="utf-8")
    extra = ["--rules", str(target.parent)] if where.startswith("rules") else []
    result = runner.invoke(app, ["lint", str(snapshot), *extra, "--as-of", "2026-11-28", "--format", "json"])
    assert result.exit_code == 2 and "alias bomb" in one_error(result.stderr)


def test_yaml_at_the_expansion_limit_is_read(monkeypatch: pytest.MonkeyPatch) -> None:
    tree = userfiles.parse_yaml("x.yaml", "a: &a [1, 2, 3]\nb: [*a, *a]\n", positions=False)
    assert tree["b"] == [[1, 2, 3], [1, 2, 3]]
    monkeypatch.setattr(userfiles, "MAX_YAML_VALUES", 5)
    with pytest.raises(Exception, match="more than 5 values"):
        userfiles.parse_yaml("x.yaml", "a: &a [1, 2, 3]\nb: [*a, *a]\n", positions=False)


def test_a_reused_anchor_is_one_line_not_a_warning(tmp_path: Path) -> None:
    snapshot = folder(tmp_path, {"Get-AcceptedDomain.json": ACCEPTED, "snapshot.yaml": "a: &x 1\nb: &x 2\nc: *x\n"})
    code, _, err = lint(snapshot)
    assert code == 2 and "snapshot.yaml" in one_error(err) and "Warning" not in err


@pytest.mark.parametrize("date", ["2026-02-30", '"2026-02-30"'])
def test_an_impossible_expiry_date_is_one_line(tmp_path: Path, date: str) -> None:
    config = f"suppressions:\n  - rule: HYB-SEND-003\n    reason: test entry\n    expires: {date}\n"
    snapshot = folder(tmp_path, {"Get-AcceptedDomain.json": ACCEPTED, ".hybridlint.yaml": config})
    code, _, err = lint(snapshot)
    assert code == 2 and ".hybridlint.yaml" in one_error(err)


def test_more_suppressions_than_the_limit_are_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from linter.findings import suppressions

    monkeypatch.setattr(suppressions, "MAX_SUPPRESSIONS", 1)
    entry = "  - rule: HYB-SEND-00{n}\n    reason: test entry\n"
    config = "suppressions:\n" + entry.format(n=1)
    snapshot = folder(tmp_path, {"Get-AcceptedDomain.json": ACCEPTED, ".hybridlint.yaml": config})
    assert lint(snapshot)[0] == 0
    (snapshot / ".hybridlint.yaml").write_text(config + entry.format(n=2), encoding="utf-8")
    code, _, err = lint(snapshot)
    assert code == 2 and "more than the 1 read" in one_error(err)


# -- rule expressions -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "expression",
    [" and ".join(["true"] * 246), "not " * 489 + "true", " + ".join(["1"] * 488) + " > 0", "[" * 324 + "]" * 324],
    ids=["and", "not", "plus", "lists"],
)
def test_an_expression_nested_too_deeply_is_refused_at_its_position(tmp_path: Path, expression: str) -> None:
    from linter.rules.expressions.grammar import MAX_EXPRESSION_DEPTH, ExpressionSyntaxError, parse

    with pytest.raises(ExpressionSyntaxError, match=f"more than {MAX_EXPRESSION_DEPTH} levels") as caught:
        parse(expression)
    assert caught.value.column > 1


def test_an_expression_at_the_depth_limit_parses() -> None:
    from linter.rules.expressions.grammar import MAX_EXPRESSION_DEPTH, parse

    assert parse("not " * (MAX_EXPRESSION_DEPTH // 2) + "true") is not None


def test_an_invalid_regular_expression_is_one_line_without_re2_logging(
    tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    rules = folder(
        tmp_path / "rules",
        {
            "HYB-USER-001.yaml": (
                "id: HYB-USER-001\ntitle: A test rule\nseverity: info\ncategory: hcw-drift\narea: hybrid-setup\n"
                "applies_to: {kind: AcceptedDomain}\n"
                'check: DomainName matches "(a"\nmessage: a message\nremediation: "# none"\nrationale: a rationale\n'
                "references:\n  - https://learn.microsoft.com/exchange/hybrid-configuration-wizard\nstatus: stable\n"
                "tests:\n  - name: f\n    snapshot: {AcceptedDomain: [{Identity: a}]}\n    expect: [{identity: a}]\n"
                "  - name: s\n    snapshot: {AcceptedDomain: []}\n    expect: []\n"
            )
        },
    )
    result = runner.invoke(app, ["lint", str(SAMPLES / "exchange-se-healthy"), "--rules", str(rules)])
    assert result.exit_code == 2 and "invalid regular expression '(a': missing )" in one_error(result.stderr)
    assert "re2" not in capfd.readouterr().err.lower()  # RE2's own logging stays off


# -- output ---------------------------------------------------------------------------------------------


def test_control_characters_from_exports_are_escaped_in_text_and_kept_in_json(tmp_path: Path) -> None:
    identity = "x\u001b]0;PWNED\u0007y\r\nFAKE LINE"
    folder(tmp_path, {"Get-AcceptedDomain.json": json.dumps([{"Identity": identity, "DomainName": "x.com"}])})
    (tmp_path / "evil\x1b[31mred.json").write_text('[{"Identity":"z","DomainName":"z.com"}]', encoding="utf-8")
    for command in (["lint", "--format", "text", "--verbose"], ["snapshot"]):
        result = runner.invoke(app, [command[0], str(tmp_path), *command[1:]])
        shown = result.stdout + result.stderr
        assert "\x1b" not in shown and "\x07" not in shown and "\r" not in shown
        assert "\\x1b" in shown
    result = runner.invoke(app, ["snapshot", str(tmp_path), "--format", "json"])
    assert identity in [o["identity"] for o in json.loads(result.stdout)["objects"]]  # exact in JSON


def test_an_internal_error_is_one_line_and_exit_3(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from linter.run import pipeline

    def broken(*args: object, **kwargs: object) -> None:
        raise KeyError("a bug")

    monkeypatch.setattr(pipeline, "lint_snapshot", broken)
    snapshot = folder(tmp_path, {"Get-AcceptedDomain.json": ACCEPTED})
    result = runner.invoke(app, ["lint", str(snapshot)])
    assert result.exit_code == 3
    assert result.stderr.strip() == f"{snapshot}: internal error (KeyError: 'a bug'); please report it"
