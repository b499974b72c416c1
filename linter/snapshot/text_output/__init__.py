"""Readers of cmdlet text output: Format-List (read) and Format-Table (recognised and refused)."""
