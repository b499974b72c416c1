"""Dated reference data that ships with hybridlint and can be replaced by an import (the EOP ranges)."""
