"""The typer command line: one module per command or group; thin over `linter.run` and `linter.report`."""
