"""Which kinds of object an expression looks up by name: `objects("InboundConnector", "exchange-online")`,
`find("ExchangeCertificate", ...)`, `server_objects("ReceiveConnector", server)`.

Read from the parse trees as the rule cache keeps them (JSON data, see `grammar.tree_to_json`), so
that the coverage of a lint can name every export a rule needs, not only the kind it applies to.
A kind given by an expression rather than a literal cannot be known, and is not listed.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from linter.rules.expressions.compiler import string_literal

# function -> the side its lookups are on when the call does not say (server_objects: a server's objects)
_LOOKUPS = {"objects": None, "find": None, "server_objects": "on-premises"}


def looked_up_kinds(trees: Iterable[Any]) -> set[tuple[str, str | None]]:
    """(kind, side or None) for every lookup with a literal kind in the parse trees."""
    found: set[tuple[str, str | None]] = set()
    for tree in trees:
        for name, arguments in _calls(tree):
            if not arguments or arguments[0] is None:
                continue
            side = _LOOKUPS[name]
            if name == "objects" and len(arguments) > 1:
                side = arguments[1]
            found.add((arguments[0], side))
    return found


def _calls(data: Any) -> Iterator[tuple[str, list[str | None]]]:
    if not isinstance(data, list) or not data or data[0] != "T":
        return
    _, node, _, _, children = data
    if node == "call" and children and children[0][0] == "K" and children[0][2] in _LOOKUPS:
        yield children[0][2], [_literal(child) for child in children[1:] if child is not None]
    for child in children:
        yield from _calls(child)


def _literal(data: Any) -> str | None:
    if data[0] == "T" and data[1] == "string" and data[4] and data[4][0][0] == "K":
        return string_literal(data[4][0][2])
    return None
