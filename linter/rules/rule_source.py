"""A rule file's text and where things are in it, for errors at `file:line:col`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from linter.support.errors import InputError
from linter.support.userfiles import parse_yaml


@dataclass
class RuleSource:
    """A rule file's text; its round-trip tree (with positions) is parsed only when a position is needed."""

    path: str
    text: str
    _tree: Any = None
    # When set, problems are collected here instead of raised (`rules validate` reports them all).
    problems: list[InputError] | None = None

    def report(self, error: InputError) -> None:
        if self.problems is None:
            raise error
        self.problems.append(error)

    @property
    def tree(self) -> Any:
        if self._tree is None:
            self._tree = parse_yaml(self.path, self.text, positions=True)
        return self._tree

    def line_of(self, key: str) -> int:
        """The line of a top-level key, without parsing (for positions every load needs)."""
        for number, line in enumerate(self.text.splitlines(), 1):
            if line.startswith(f"{key}:"):
                return number
        return 1

    def where(self, path: list[Any], key_position: bool = False) -> tuple[int, int]:
        node, line, column = self.tree, 0, 0
        for step in path:
            lc = getattr(node, "lc", None)
            try:
                if lc is not None and isinstance(step, int):
                    line, column = lc.item(step)
                elif lc is not None:
                    line, column = lc.key(step) if key_position or step not in node else lc.value(step)
                    if key_position is False and step in node and not isinstance(node[step], (dict, list)):
                        line, column = lc.value(step)
                node = node[step]
            except (KeyError, IndexError, TypeError):
                break
        return line + 1, column + 1

    def expression_position(self, path: list[Any], inner_line: int, inner_column: int) -> tuple[int, int]:
        """The file position of a character inside the string value at `path`."""
        line, column = self.where(path)
        source_lines = self.text.splitlines()
        first = source_lines[line - 1][column - 1 :] if 0 < line <= len(source_lines) else ""
        if first[:1] in ("|", ">"):
            # Columns inside a block scalar count from the block's indentation (its first line).
            opening = source_lines[line] if line < len(source_lines) else ""
            return line + inner_line, len(opening) - len(opening.lstrip(" ")) + inner_column
        quote = 1 if first[:1] in ("'", '"') else 0
        if inner_line == 1:
            return line, column + quote + inner_column - 1
        return line + inner_line - 1, inner_column
