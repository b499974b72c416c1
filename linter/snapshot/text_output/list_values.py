"""Format-List list values (`{a, b, c}`, `{}`, `{a, b, c...}`) parsed with a lark grammar.

A list is written in braces, items joined by ", " (NOTES.md 5.1 of the text corpus). A comma
with no space after it stays inside an item (`CN=a,DC=b`). When `$FormatEnumerationLimit` cut
the list, PowerShell writes `...` (`…` in PowerShell 7) at the end of the last item it shows. A
value not in braces is one scalar, flag enums included (`Tls, Integrated` has no braces).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from lark import Lark

_GRAMMAR = r"""
start: "{" [item (_SEPARATOR item)*] "}"
item: ITEM

_SEPARATOR: /, +/
ITEM: /[^,{}]+(?:,(?! )[^,{}]*)*/
"""
_CUT_MARKERS = ("...", "\u2026")


@dataclass(frozen=True, slots=True)
class ListValue:
    items: tuple[str, ...]
    cut: bool  # $FormatEnumerationLimit cut it: more items existed than were written


class NotAList(ValueError):
    """Braces that do not hold a list PowerShell could have written."""


@lru_cache(maxsize=1)
def _parser() -> Lark:
    from lark import Lark  # imported when a text export is read: most snapshots have none

    from linter.support.cache import cache_file

    cache = cache_file("format-list-values.lark")
    if cache is not None:
        try:
            return Lark(_GRAMMAR, parser="lalr", cache=cache)
        except OSError:
            pass
    return Lark(_GRAMMAR, parser="lalr")


def parse_list(text: str) -> ListValue:
    """The items of a braced value; NotAList when the braces hold something else."""
    from lark import Tree
    from lark.exceptions import LarkError

    try:
        tree = _parser().parse(text)
    except LarkError as error:
        raise NotAList(str(error).strip().splitlines()[0]) from None
    items = [str(child.children[0]).strip() for child in tree.children if isinstance(child, Tree)]
    cut = bool(items) and items[-1].endswith(_CUT_MARKERS)
    if cut:
        last = items[-1]
        items[-1] = (last[:-3] if last.endswith("...") else last[:-1]).strip()
        if not items[-1]:
            items.pop()
    return ListValue(tuple(items), cut)
