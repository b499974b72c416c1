"""The rule expression language: grammar, compiler, evaluation context, operators and built-ins (acyclic)."""
