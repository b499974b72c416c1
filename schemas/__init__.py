"""The JSON Schemas, published for editors; shipped inside the wheel as `linter.schemas`."""
