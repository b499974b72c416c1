"""The Export-Clixml reader: a hardened XML walk into PSObjects."""
