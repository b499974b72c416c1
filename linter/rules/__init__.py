"""Rules: loading and validation, evaluation over a snapshot, rule tests and docs (see docs/rules.md)."""
