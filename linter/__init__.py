"""hybridlint: an offline linter for Exchange hybrid mail flow."""

__version__ = "0.1.0"
