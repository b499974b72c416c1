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

KEYWORDS = frozenset({"let", "in", "and", "or", "not", "matches", "true", "false", "null", "where",
                      "any", "all", "none", "count", "select", "map"})


@lru_cache(maxsize=1)
def parser() -> Lark:
    from lark import Lark

    return Lark(GRAMMAR, parser="lalr", lexer="contextual", propagate_positions=True, maybe_placeholders=True)


class ExpressionSyntaxError(ValueError):
    """A syntax error at a position (1-based line and column) inside the expression text."""

    def __init__(self, message: str, line: int, column: int) -> None:
        super().__init__(message)
        self.line = line
        self.column = column


def parse(text: str) -> Any:
    from lark.exceptions import UnexpectedCharacters, UnexpectedEOF, UnexpectedInput, UnexpectedToken

    try:
        return parser().parse(text)
    except UnexpectedToken as exc:
        token = exc.token
        found = "the end of the expression" if token.type == "$END" else f"'{token}'"
        expected = sorted(_readable(e) for e in exc.expected)[:6]
        raise ExpressionSyntaxError(f"unexpected {found}; expected {' or '.join(expected)}",
                                    exc.line, exc.column) from None
    except UnexpectedCharacters as exc:
        raise ExpressionSyntaxError(f"unexpected character {text[exc.pos_in_stream or 0]!r}",
                                    exc.line, exc.column) from None
    except UnexpectedEOF:
        lines = text.splitlines() or [""]
        raise ExpressionSyntaxError("the expression ends too early", len(lines), len(lines[-1]) + 1) from None
    except UnexpectedInput as exc:  # pragma: no cover - the three above are all lark raises
        raise ExpressionSyntaxError(str(exc), getattr(exc, "line", 1), getattr(exc, "column", 1)) from None


_TERMINALS = {"NAME": "a name", "STRING": "a string", "NUMBER": "a number", "COMPARATOR": "a comparison",
              "RPAR": "')'", "LPAR": "'('", "RSQB": "']'", "LSQB": "'['", "COMMA": "','", "DOT": "'.'",
              "QUANTIFIER": "any/all/none/count", "ADD_OP": "'+' or '-'", "MUL_OP": "'*' or '/'",
              "EQUAL": "'='", "MINUS": "'-'"}


def _readable(terminal: str) -> str:
    if terminal == "$END":
        return "the end of the expression"
    if terminal in _TERMINALS:
        return _TERMINALS[terminal]
    return f"'{terminal.lower()}'" if terminal.isupper() else terminal
