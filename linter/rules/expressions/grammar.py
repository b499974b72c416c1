"""The grammar of rule expressions (docs/rules.md) and its parser.

The parser is built once per process (lark LALR, contextual lexer) and kept; parse trees are
compiled to Python closures by `compiler.py`. Nothing is ever passed to `eval`.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from lark import Lark

GRAMMAR = r"""
?start: expr

?expr: let_expr | or_expr
let_expr: "let" binding ("," binding)* "in" expr
binding: NAME "=" sum  // a comparison as a value needs parentheses: `let ok = (a == b) in ...`

?or_expr: and_expr | or_expr "or" and_expr -> or_
?and_expr: not_expr | and_expr "and" not_expr -> and_
?not_expr: "not" not_expr -> not_
         | comparison

?comparison: sum
           | sum COMPARATOR sum -> compare
           | sum "in" sum -> in_
           | sum "not" "in" sum -> not_in
           | sum "matches" sum -> matches

?sum: product
    | sum ADD_OP product -> arithmetic
?product: unary
        | product MUL_OP unary -> arithmetic
?unary: "-" unary -> negate
      | postfix
?postfix: primary
        | postfix "." NAME -> attribute
        | postfix "[" expr "]" -> index

?primary: STRING -> string
        | NUMBER -> number
        | "true" -> true
        | "false" -> false
        | "null" -> null
        | QUANTIFIER "(" NAME "in" expr ["where" expr] ")" -> quantifier
        | "map" "(" NAME "in" expr ":" expr ")" -> mapping
        | NAME "(" [expr ("," expr)*] ")" -> call
        | NAME -> name
        | "[" [expr ("," expr)*] "]" -> list
        | "(" expr ")"

QUANTIFIER.2: "any" | "all" | "none" | "count" | "select"
COMPARATOR: "==" | "!=" | "<=" | ">=" | "<" | ">"
ADD_OP: "+" | "-"
MUL_OP: "*" | "/"
STRING: /"(?:[^"\\\n]|\\.)*"/ | /'(?:[^'\\\n]|\\.)*'/
NUMBER: /\d+(\.\d+)?/
NAME: /(?!(?:and|or|not|in|let|matches|true|false|null|where|map)\b)[A-Za-z_][A-Za-z0-9_]*/

%import common.WS
%ignore WS
%ignore /#[^\n]*/
"""

KEYWORDS = frozenset(
    {
        "let",
        "in",
        "and",
        "or",
        "not",
        "matches",
        "true",
        "false",
        "null",
        "where",
        "any",
        "all",
        "none",
        "count",
        "select",
        "map",
    }
)


@lru_cache(maxsize=1)
def parser() -> Lark:
    from lark import Lark

    from linter.support.cache import cache_file

    cache = cache_file("expression-grammar.lark")
    options = dict(parser="lalr", lexer="contextual", propagate_positions=True, maybe_placeholders=True)
    if cache is not None:
        try:
            return Lark(GRAMMAR, cache=cache, **options)
        except OSError:
            pass  # an unwritable or vanished cache only costs time
    return Lark(GRAMMAR, **options)


class ExpressionSyntaxError(ValueError):
    """A syntax error at a position (1-based line and column) inside the expression text."""

    def __init__(self, message: str, line: int, column: int) -> None:
        super().__init__(message)
        self.line = line
        self.column = column


# How deeply an expression may nest (operators, calls, lists): the compiler and the cache walk
# the tree recursively, and no rule needs more than a few dozen levels.
MAX_EXPRESSION_DEPTH = 64


def parse(text: str) -> Any:
    from lark.exceptions import UnexpectedCharacters, UnexpectedEOF, UnexpectedInput, UnexpectedToken

    try:
        tree = parser().parse(text)
        _check_depth(tree)
        return tree
    except RecursionError:
        raise ExpressionSyntaxError(
            f"the expression nests more than {MAX_EXPRESSION_DEPTH} levels deep", 1, 1
        ) from None
    except UnexpectedToken as exc:
        token = exc.token
        found = "the expression ends too early" if token.type == "$END" else f"unexpected '{token}'"
        # Kinds of token first (a name, a number), then the punctuation: the first six are shown.
        expected = sorted({_readable(e) for e in exc.expected}, key=lambda e: (not e.startswith("a "), e))[:6]
        raise ExpressionSyntaxError(f"{found}; expected {' or '.join(expected)}", exc.line, exc.column) from None
    except UnexpectedCharacters as exc:
        raise ExpressionSyntaxError(
            f"unexpected character {text[exc.pos_in_stream or 0]!r}", exc.line, exc.column
        ) from None
    except UnexpectedEOF:
        lines = text.splitlines() or [""]
        raise ExpressionSyntaxError("the expression ends too early", len(lines), len(lines[-1]) + 1) from None
    except UnexpectedInput as exc:  # pragma: no cover - the three above are all lark raises
        raise ExpressionSyntaxError(str(exc), getattr(exc, "line", 1), getattr(exc, "column", 1)) from None


def _check_depth(tree: Any) -> None:
    """Refuse a tree deeper than MAX_EXPRESSION_DEPTH, at the first node too deep (iteratively)."""
    from lark import Tree

    stack: list[tuple[Any, int]] = [(tree, 1)]
    while stack:
        node, depth = stack.pop()
        if not isinstance(node, Tree):
            continue
        if depth > MAX_EXPRESSION_DEPTH:
            meta = node.meta
            raise ExpressionSyntaxError(
                f"the expression nests more than {MAX_EXPRESSION_DEPTH} levels deep (operators, calls or lists)",
                getattr(meta, "line", 1) or 1,
                getattr(meta, "column", 1) or 1,
            )
        stack.extend((child, depth + 1) for child in node.children)


_TERMINALS = {
    "NAME": "a name",
    "STRING": "a string",
    "NUMBER": "a number",
    "COMPARATOR": "a comparison",
    "RPAR": "')'",
    "LPAR": "'('",
    "RSQB": "']'",
    "LSQB": "'['",
    "COMMA": "','",
    "DOT": "'.'",
    "QUANTIFIER": "any/all/none/count",
    "ADD_OP": "'+' or '-'",
    "MUL_OP": "'*' or '/'",
    "EQUAL": "'='",
    "MINUS": "'-'",
}


def _readable(terminal: str) -> str:
    if terminal == "$END":
        return "the end of the expression"
    if terminal in _TERMINALS:
        return _TERMINALS[terminal]
    return f"'{terminal.lower()}'" if terminal.isupper() else terminal


class CachedToken(str):
    """A token read back from the rule cache: the text, with lark's `type`, `line` and `column`."""

    type: str
    line: int
    column: int

    def __new__(cls, type_: str, value: str, line: int, column: int) -> CachedToken:
        token = super().__new__(cls, value)
        token.type, token.line, token.column = type_, line, column
        return token


class CachedMeta:
    __slots__ = ("column", "line")

    def __init__(self, line: int, column: int) -> None:
        self.line, self.column = line, column


class CachedTree:
    """A parse tree read back from the rule cache, with the attributes the compiler uses."""

    __slots__ = ("children", "data", "meta")

    def __init__(self, data: str, children: list[Any], line: int, column: int) -> None:
        self.data, self.children, self.meta = data, children, CachedMeta(line, column)


def tree_to_json(node: Any) -> Any:
    """A parse tree as JSON data, so that a warm start needs neither lark nor a parse."""
    if node is None:
        return None
    if hasattr(node, "data"):
        meta = getattr(node, "meta", None)
        line = getattr(meta, "line", 1) if meta is not None and not getattr(meta, "empty", False) else 1
        column = getattr(meta, "column", 1) if meta is not None and not getattr(meta, "empty", False) else 1
        return ["T", str(node.data), line, column, [tree_to_json(child) for child in node.children]]
    return ["K", node.type, str(node), node.line or 1, node.column or 1]


def tree_from_json(data: Any) -> Any:
    if data is None:
        return None
    if data[0] == "T":
        return CachedTree(data[1], [tree_from_json(child) for child in data[4]], data[2], data[3])
    return CachedToken(data[1], data[2], data[3], data[4])
