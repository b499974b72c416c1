"""Rule loading, the expression language, built-ins and evaluation (see docs/rules.md)."""
