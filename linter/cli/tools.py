"""`hybridlint rules ...` and `hybridlint eop-ranges ...`: the rule packs and the EOP dataset."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from linter.cli.common import as_of_date, fail, load_rules
from linter.support.errors import InputError
from linter.support.output import write_output

rules_app = typer.Typer(help="List, show, validate, test and document rules.", no_args_is_help=True)
eop_app = typer.Typer(help="The Exchange Online Protection SMTP ranges that rules compare with.", no_args_is_help=True)


@eop_app.command("show")
def eop_show(
    as_of: Annotated[str | None, typer.Option("--as-of", help="Date to measure the dataset's age from.")] = None,
) -> None:
    """The dataset in use: its date, origin, current and retired ranges."""
    from linter.datasets.eop_ranges import STALE_AFTER_DAYS, age_in_days, dataset

    today = as_of_date(as_of)
    data = dataset()
    age = age_in_days(today)
    stale = f" (older than {STALE_AFTER_DAYS})" if age > STALE_AFTER_DAYS else ""
    typer.echo(f"EOP SMTP ranges (endpoint set {data.get('endpoint_set_id', 10)}), as of {data['as_of']}, "
               f"{data['origin']}; {age} days old{stale}")
    typer.echo("current:")
    for text in data["ranges"]:
        typer.echo(f"  {text}")
    typer.echo("retired:")
    for retired in data["previously_published_in_set_10_now_removed"]:
        typer.echo(f"  {retired['range']:<28} removed in {retired.get('removed_in', '?')}")


@eop_app.command("import")
def eop_import(
    file: Annotated[Path, typer.Argument(help="JSON from https://endpoints.office.com/endpoints/worldwide?clientrequestid=<guid>")],
    as_of: Annotated[str | None, typer.Option("--as-of", help="Date the file was downloaded (default: today).")] = None,
) -> None:
    """Import the endpoints web service's answer; it takes precedence over the shipped dataset."""
    from linter.datasets.eop_ranges import import_endpoints, save

    try:
        data = import_endpoints(file, as_of_date(as_of))
    except InputError as exc:
        fail(exc)
    path = save(data)
    retired = len(data["previously_published_in_set_10_now_removed"])
    typer.echo(f"imported {len(data['ranges'])} current range(s), {retired} retired, as of {data['as_of']}, "
               f"into {path}")


@rules_app.command("list")
def rules_list(
    rules: Annotated[list[Path], typer.Option("--rules", help="Folder of extra rules (repeatable).")] = [],  # noqa: B006
) -> None:
    """One line per rule: id, severity, category, kind, title."""
    for rule in load_rules(rules):
        typer.echo(f"{rule.id:<16} {rule.severity:<8} {rule.category:<22} {rule.kind:<20} {rule.title}")


@rules_app.command("show")
def rules_show(
    rule_id: Annotated[str, typer.Argument(help="Rule id (or a former id).")],
    rules: Annotated[list[Path], typer.Option("--rules", help="Folder of extra rules (repeatable).")] = [],  # noqa: B006
) -> None:
    """Everything about one rule, as Markdown."""
    from linter.rules.docs import rule_markdown

    for rule in load_rules(rules):
        if rule.id.lower() == rule_id.lower() or rule_id.upper() in rule.aliases:
            sys.stdout.write(rule_markdown(rule))
            return
    typer.echo(f"no rule {rule_id}", err=True)
    raise typer.Exit(2)


@rules_app.command("validate")
def rules_validate(folder: Annotated[Path, typer.Argument(help="Folder of rule files.")]) -> None:
    """Load every rule of FOLDER: schema, expressions, property names, duplicate ids."""
    from linter.rules.loader import load_rules

    if not folder.is_dir():
        fail(InputError(str(folder), "no such rule folder"))
    try:
        loaded = load_rules([folder])
    except InputError as exc:
        fail(exc)
    typer.echo(f"{len(loaded)} rule(s) valid in {folder}")


@rules_app.command("test")
def rules_test(
    folder: Annotated[Path | None, typer.Argument(help="Folder of rules to test (default: built-in).")] = None,
) -> None:
    """Run the test cases inside each rule; exit 1 if any fails."""
    from linter.rules.loader import load_rules
    from linter.rules.testing import run_tests
    from linter.support.resources import builtin_rules_dir

    target = folder or builtin_rules_dir()
    try:
        loaded = load_rules([target])
    except InputError as exc:
        fail(exc)
    results = run_tests(loaded)
    for result in results:
        status = "PASS" if result.passed else "FAIL"
        typer.echo(f"{status} {result.rule.id}: {result.test.name}")
        for problem in result.problems:
            typer.echo(f"     {result.test.position}: {problem}")
    failed = sum(1 for r in results if not r.passed)
    typer.echo(f"{len(results) - failed} passed, {failed} failed")
    if failed:
        raise typer.Exit(1)


@rules_app.command("docs")
def rules_docs(
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", help="Write to this file (a folder: its reference.md) instead of stdout.")] = None,
    rules: Annotated[list[Path], typer.Option("--rules", help="Folder of extra rules (repeatable).")] = [],  # noqa: B006
) -> None:
    """The rule reference in Markdown, from the rules' metadata (`-o docs/rules/` for the project's)."""
    from linter.rules.docs import reference

    text = reference(load_rules(rules))
    if output is None:
        sys.stdout.write(text)
    else:
        if output.is_dir():
            output = output / "reference.md"
        try:
            write_output(output, text)
        except InputError as exc:
            fail(exc)
        typer.echo(f"wrote {output}")
