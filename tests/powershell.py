"""PowerShell checked without PowerShell: a fix is parsed with tree-sitter-powershell and read for
text that only a bug puts there.

tree-sitter-powershell reports a script made only of comments as an error
(hybrid-facts.md 10.3), so a fix is parsed with a final `$null` statement appended.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

# What a fix never holds unless a value leaked into it the wrong way: the engine's markers for a
# value it could not compute, and Python's spelling of null, booleans and containers.
_LEAKS = [
    (re.compile(r"\(unknown[:)]"), "an unknown value"),
    (re.compile(r"Unknown\(reasons="), "an unknown value's Python repr"),
    (re.compile(r"\(could not be (computed|built)"), "a value the rule could not compute"),
    (re.compile(r"(?<![$\w'-])(None|True|False)(?![\w'-])"), "a Python None/True/False"),
    (re.compile(r"\[(True|False|None|'[^']*')(, |\])"), "a Python list"),
]


@cache
def _parser() -> Any:
    import tree_sitter
    import tree_sitter_powershell

    return tree_sitter.Parser(tree_sitter.Language(tree_sitter_powershell.language()))


def nodes(node: Any, wanted: str) -> list[Any]:
    """Every node of type `wanted` under `node`, in document order."""
    found, stack = [], [node]
    while stack:
        current = stack.pop()
        if current.type == wanted:
            found.append(current)
        stack.extend(reversed(current.children))
    return found


def syntax_errors(script: str) -> list[str]:
    """Where `script` does not parse as PowerShell: 'line:column: near <text>' per error."""
    source = (script + "\n$null\n").encode("utf-8")
    tree = _parser().parse(source)
    problems: list[str] = []
    stack = [tree.root_node]
    while stack:
        node = stack.pop()
        if node.is_error or node.is_missing:
            row, column = node.start_point
            near = source[node.start_byte : node.end_byte][:40].decode("utf-8", "replace")
            problems.append(f"{row + 1}:{column + 1}: {'missing' if node.is_missing else 'near'} {near!r}")
        elif node.has_error:
            stack.extend(node.children)
    return sorted(problems)


# A command that YAML folding joined onto a comment line ("# Re-run the HCW, or: New-X -Name ...")
# is part of the comment, and never runs (hybrid-facts.md 10.3).
_FOLDED = re.compile(
    r"^[ \t]*#[^\n]*?(?:[:;]|, or)[ \t]+(?:Set|New|Remove|Enable|Disable|Import|Export|Add)-[A-Z]\w+ -\w", re.M
)


# A placeholder for the reader to fill in (`<other thumbprint>`) belongs in a comment: in a command it
# runs with the placeholder as its value. `<I>` and `<S>` are part of TlsCertificateName values.
_PLACEHOLDER = re.compile(r"<(?![IS]>)[^<>\n]{2,}>")


_X500_PART = re.compile(r"<[IS]>([^<'\n]*)")


def placeholders_in_commands(script: str) -> list[str]:
    """Placeholders outside comments: the script with its comment nodes blanked, searched."""
    source = bytearray((script + "\n").encode("utf-8"))
    stack = [_parser().parse(bytes(source)).root_node]
    while stack:
        node = stack.pop()
        if node.type == "comment":
            source[node.start_byte : node.end_byte] = b" " * (node.end_byte - node.start_byte)
        else:
            stack.extend(node.children)
    code = source.decode("utf-8", "replace")
    found = [f"a placeholder in a command: {m.group(0)!r}" for m in _PLACEHOLDER.finditer(code)]
    # A TlsCertificateName whose issuer or subject is no X.500 name ('<I>issuer<S>subject of ...').
    found += [
        f"a placeholder certificate name in a command: {m.group(0)!r}"
        for m in _X500_PART.finditer(code)
        if "=" not in m.group(1)
    ]
    return found


def leaks(script: str) -> list[str]:
    """Text in a fix that only a bug puts there (see _LEAKS); comments are read too."""
    return [f"{label}: {match.group(0)!r}" for pattern, label in _LEAKS for match in pattern.finditer(script)]


def folded_commands(script: str) -> list[str]:
    return [f"a command inside a comment line: {m.group(0).strip()!r}" for m in _FOLDED.finditer(script)]


def fix_problems(script: str) -> list[str]:
    return syntax_errors(script) + leaks(script) + folded_commands(script) + placeholders_in_commands(script)
