"""`hybridlint lint --batch`: progress on stderr, a report folder per snapshot, the summary table.

Exit code: 2 when any snapshot could not be read (after the others are done and reported),
otherwise 1 when any snapshot has a finding at or above --fail-on, otherwise 0.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import Path

import typer

from linter.cli.common import warn_if_stale
from linter.findings.model import SEVERITIES, FailOn, fails
from linter.report import batch_summary
from linter.report.registry import FORMATS, render_all
from linter.rules.model import Rule
from linter.run.batch import default_jobs, run_batch
from linter.run.pipeline import LintOptions
from linter.run.results import SnapshotOutcome
from linter.support.output import write_output
from linter.support.text import one_line


@contextmanager
def _progress(total: int) -> Iterator[Callable[[SnapshotOutcome], None]]:
    """A progress bar when stderr is a terminal; otherwise one line per finished snapshot, for logs."""
    done = 0

    def line(outcome: SnapshotOutcome) -> None:
        nonlocal done
        done += 1
        result = outcome.error or ", ".join(f"{outcome.counts[s]} {s}" for s in SEVERITIES)
        typer.echo(f"[{done}/{total}] {outcome.path}: {result}", err=True)

    if not sys.stderr.isatty():
        yield line
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    with Progress(
        TextColumn("linting"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("{task.description}"),
        console=Console(stderr=True),
        transient=True,
    ) as progress:
        task = progress.add_task("", total=total)

        def advance(outcome: SnapshotOutcome) -> None:
            progress.update(task, advance=1, description=outcome.path)
            if outcome.error:
                progress.console.print(outcome.error, markup=False, highlight=False)

        yield advance


def lint_batch(
    paths: list[str],
    rules: list[Rule],
    rule_dirs: list[Path],
    options: LintOptions,
    formats: tuple[str, ...],
    output: Path | None,
    jobs: int,
    fail_on: FailOn,
) -> int:
    if output is None and formats != ("text",):
        raise typer.BadParameter("--batch with a format other than text needs --output FOLDER", param_hint="--output")
    with _progress(len(paths)) as on_done:
        outcomes = run_batch(
            paths, rules, rule_dirs, options, partial(render_all, formats), jobs or default_jobs(), on_done
        )
    files: dict[str, dict[str, str]] = {}
    if output is None:
        for outcome in outcomes:
            sys.stdout.write(one_line(f"== {outcome.path}") + "\n")
            sys.stdout.write(outcome.rendered["text"] if outcome.error is None else one_line(outcome.error) + "\n")
            sys.stdout.write("\n")
    else:
        for outcome in outcomes:
            for name, text in outcome.rendered.items():
                relative = f"{outcome.name}/{FORMATS[name].file_name}"
                write_output(output / relative, text)
                files.setdefault(outcome.name, {})[name] = relative
        write_output(output / "summary.json", batch_summary.render_json(outcomes, files))
        if "html" in formats:
            write_output(output / "index.html", batch_summary.render_html(outcomes, files))
        typer.echo(f"wrote {len(files)} report folder(s) and the summary to {output}", err=True)
    sys.stdout.write(batch_summary.render_text(outcomes))
    for eop in {o.eop_dataset.instance: o.eop_dataset for o in outcomes if o.eop_dataset is not None}.values():
        warn_if_stale(eop)
    if any(o.error is not None for o in outcomes):
        return 2
    return 1 if fails([worst for o in outcomes if (worst := o.worst()) is not None], fail_on) else 0
