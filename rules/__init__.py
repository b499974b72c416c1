"""The built-in rule packs, one folder per pack; shipped inside the wheel as `linter.rulepacks`."""
