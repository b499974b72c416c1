"""Readers and the typed snapshot. Knows nothing of rules or reports."""
