"""A short mutation-fuzz run on every test run: a few hundred seeded mutants of the corpus and the
samples, as files, folders and zips, none of which may end in a traceback (exit 3) or hang.
`make fuzz` runs the long one (10,000 mutants)."""

from __future__ import annotations

import os

import pytest
from fuzz.fuzz import run

MUTANTS = int(os.environ.get("HYBRIDLINT_FUZZ_MUTANTS", "200"))


@pytest.mark.parametrize("seed", [11])
def test_no_mutant_ends_in_a_traceback_or_a_hang(seed: int) -> None:
    summary = run(MUTANTS, seed)
    problems = [f"mutant {f.seed} ({f.kind}):\n{f.problem}" for f in summary.failures]
    assert not problems, "\n\n".join(problems)
    assert sum(summary.exit_codes.values()) == MUTANTS
    assert summary.exit_codes["exit 2"] > 0 and summary.exit_codes["exit 0"] > 0  # both kinds of input were made
