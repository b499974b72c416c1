"""`hybridlint rules ...`: list, show, validate, test and document rules."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from linter.cli.common import load_rules, write
from linter.cli.options import NO_PATHS, RuleFolders
from linter.support.errors import InputError

rules_app = typer.Typer(
    rich_markup_mode=None, help="List, show, validate, test and document rules.", no_args_is_help=True
)


@rules_app.command("list")
def rules_list(
    rules: RuleFolders = NO_PATHS,
) -> None:
    """One line per rule: id, severity, category, kind, title."""
    for rule in load_rules(rules):
        typer.echo(f"{rule.id:<16} {rule.severity:<8} {rule.category:<22} {rule.kind:<20} {rule.title}")


@rules_app.command("show")
def rules_show(
    rule_id: Annotated[str, typer.Argument(help="Rule ids, former ids, globs (HYB-SEND-*) or comma lists.")],
    rules: RuleFolders = NO_PATHS,
) -> None:
    """Everything about the rules named, as Markdown."""
    from linter.rules.docs import rule_markdown
    from linter.rules.selector import UnknownRule, resolve

    loaded = load_rules(rules)
    try:
        chosen = resolve([rule_id], loaded)
    except UnknownRule as exc:
        raise typer.BadParameter(str(exc), param_hint="RULE_ID") from None
    sys.stdout.write("\n".join(rule_markdown(rule) for rule in loaded if rule.id in chosen))


@rules_app.command("validate")
def rules_validate(
    paths: Annotated[list[Path], typer.Argument(help="Rule files or folders of rule files.")],
) -> None:
    """Check every rule of PATHS: schema, expressions, property names, tests, duplicate ids.

    Every problem of every file is listed, one line each (file:line:col: problem); exit 2 if any.
    """
    from linter.rules.loader import rule_files, validate_rule_files

    for path in paths:
        if not path.exists():
            raise InputError(str(path), "no such rule file or folder")
        if path.is_dir() and not rule_files(path):
            raise InputError(str(path), "no rule files (.yaml, .yml) in this folder")
    rules, problems = validate_rule_files(paths)
    for problem in problems:
        typer.echo(str(problem), err=True)
    if problems:
        typer.echo(f"{len(problems)} problem(s); {len(rules)} rule(s) valid", err=True)
        raise typer.Exit(2)
    typer.echo(f"{len(rules)} rule(s) valid in {', '.join(map(str, paths))}")


@rules_app.command("test")
def rules_test(
    paths: Annotated[
        list[Path] | None, typer.Argument(help="Rule files or folders to test (default: the built-in rules).")
    ] = None,
) -> None:
    """Run the test cases inside each rule; exit 1 if any fails, 2 if PATHS hold no rule to test."""
    from linter.rules.loader import load_rule_file, load_rules, rule_files
    from linter.rules.testing import run_tests
    from linter.support.resources import builtin_rules_dir

    loaded = []
    for path in paths or [builtin_rules_dir()]:
        if not path.exists():
            raise InputError(str(path), "no such rule file or folder")
        if path.is_dir():
            if not rule_files(path):
                raise InputError(str(path), "no rule files (.yaml, .yml) in this folder")
            loaded += load_rules([path])
        else:
            loaded.append(load_rule_file(path))
    results = run_tests(loaded)
    if not results:  # a run that tested nothing must not look like a pass
        raise InputError(" ".join(map(str, paths or [])), "no rule tests to run")
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
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Write to this file (a folder: its reference.md) instead of stdout."),
    ] = None,
    rules: RuleFolders = NO_PATHS,
) -> None:
    """The rule reference in Markdown, from the rules' metadata (`-o docs/rules/` for the project's)."""
    from linter.rules.docs import reference

    text = reference(load_rules(rules))
    if output is None:
        sys.stdout.write(text)
    else:
        write(text, output / "reference.md" if output.is_dir() else output)
