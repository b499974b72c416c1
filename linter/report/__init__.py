"""Output formats: one module per format, looked up in `registry`. Each renders only the result it is given."""
