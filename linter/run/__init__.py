"""A run from paths to results: the pipeline (read, lint, suppress, compare), the batch, the result types."""
