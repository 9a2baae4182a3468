"""The whitelist of a custom surface's expression: text in, a checked tree out, nothing run.

An expression such as ``(1 - w)**2 + 100*(b - w**2)**2`` can arrive in a scene file, so it
is a security boundary.  :func:`parse_expression` reads it with :func:`ast.parse` (which
only builds a syntax tree: nothing is compiled or evaluated) and accepts, node by node,
only what is listed here: numbers, the variables ``w`` and ``b``, the constants ``pi`` and
``e``, ``+ - * / **``, unary minus and plus, parentheses, and calls of the functions in
:data:`FUNCTIONS` with one argument.  Anything else (names, attributes, subscripts, other
calls, keywords, lambdas, comprehensions, strings, comparisons, ...) is refused with a
ValueError naming the problem and its column (a :class:`core._message.Message`: the English
sentence, which the app says in its language).  So are inputs longer than
:data:`MAX_LENGTH` characters or nested deeper than :data:`MAX_DEPTH`, exponents larger
than :data:`MAX_EXPONENT` in size, and constant parts that are not finite real numbers
(``9**9**9``, ``1/0``, ``log(0)``): later stages never see them.

The result is a small tree of tuples (:data:`Node`), the only thing the symbolic stage
(:mod:`core.surfaces._expr`) reads.  This module imports nothing beyond the standard
library.
"""

from __future__ import annotations

import ast
import math
from collections.abc import Callable
from typing import Any

from gradscape.core._message import TEMPLATES, Message, template
from gradscape.core._text import shorten

#: Longest expression accepted (characters).
MAX_LENGTH = 500
#: Deepest nesting accepted (parentheses, and operators or calls inside one another).
MAX_DEPTH = 50
#: Largest size of a constant exponent.
MAX_EXPONENT = 100
#: Largest size of a constant part (a number, or numbers combined).
MAX_CONSTANT = 1e300

#: The variables.
VARIABLES = ("w", "b")
#: Named constants.
CONSTANTS: dict[str, float] = {"pi": math.pi, "e": math.e}


def _sigmoid(x: float) -> float:
    return 0.5 * (1.0 + math.tanh(0.5 * x))


def _softplus(x: float) -> float:
    return max(x, 0.0) + math.log1p(math.exp(-abs(x)))


#: The functions an expression may call (one argument each), with their values on
#: constants; ``sigmoid(x) = 1/(1 + exp(-x))`` and ``softplus(x) = log(1 + exp(x))``.
FUNCTIONS: dict[str, Callable[[float], float]] = {
    "exp": math.exp,
    "log": math.log,
    "sqrt": math.sqrt,
    "abs": abs,
    "sin": math.sin,
    "cos": math.cos,
    "tan": math.tan,
    "atan": math.atan,
    "sinh": math.sinh,
    "cosh": math.cosh,
    "tanh": math.tanh,
    "sigmoid": _sigmoid,
    "softplus": _softplus,
}

#: A checked expression: ``("num", text_value)`` with an int or float, ``("var", name)``
#: (w, b, pi or e), ``("neg", node)``, ``(op, left, right)`` with op one of ``+ - * / **``,
#: ``("call", function, node)``.
Node = tuple[Any, ...]

_BINARY = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/", ast.Pow: "**"}
_LEVEL = {ast.Add: 1, ast.Sub: 1, ast.Mult: 2, ast.Div: 2}

# -- the refusals' words: every one a registered template (core._message), so the app says
# it in its language with the same values
#: The whole message: what is refused, and where.
AT_COLUMN = template("expression: {problem} at column {column}")
NOWHERE = template("expression: {problem}")
NOT_TEXT = template("expression: must be text in w and b, got {kind}")
TOO_LONG = template("expression: at most {limit} characters, got {length}")
EMPTY = template("expression: empty; type a formula in w and b, e.g. w**2 + 3*b**2")
# the problems
ENDS_EARLY = template("not a formula: it ends too early")
NOT_A_FORMULA = template("not a formula ({error})")
UNREADABLE = template("cannot be read ({error})")
DEEP_BRACKETS = template("nested deeper than {limit} parentheses")
ONE_LINE = template("must be one line")
CONSTANT_TOO_LARGE = template("the constant part is too large (at most {limit})")
DEEP_LEVELS = template("nested deeper than {limit} levels")
TEXT_NOT_NUMBER = template("text is not a number")
NOT_NUMBER = template("{value} is not a number")
NUMBER_TOO_LARGE = template("the number is too large (at most {limit})")
UNKNOWN_NAME = template("unknown name '{name}'; the variables are w and b")
UNARY = template("only - and + may stand before a term")
NODE_NOT_ALLOWED = template("{node} is not allowed")
OPERATOR_NOT_ALLOWED = template("operator not allowed")
DIVISION_BY_ZERO = template("division by zero")
EXPONENT_TOO_LARGE = template("the exponent {exponent} is too large (at most {limit} in size)")
ZERO_TO_NEGATIVE = template("division by zero (0 to a negative power)")
FRACTIONAL_POWER = template("a negative number to a fractional power is not real")
NOT_NAMED_CALL = template("only the named functions may be called ({functions})")
UNKNOWN_FUNCTION = template("unknown function '{name}'; the functions are {functions}")
NO_KEYWORDS = template("{name}() takes no keywords")
ONE_ARGUMENT = template("{name}() takes one argument, got {count}")
CALL_TOO_LARGE = template("{call} is too large")
CALL_NOT_REAL = template("{call} is not a real number")

_COMPREHENSIONS = template("comprehensions are not allowed")
_NO = {
    ast.Attribute: template("attributes (.) are not allowed"),
    ast.Subscript: template("subscripts ([ ]) are not allowed"),
    ast.Lambda: template("lambdas are not allowed"),
    ast.ListComp: _COMPREHENSIONS,
    ast.SetComp: _COMPREHENSIONS,
    ast.DictComp: _COMPREHENSIONS,
    ast.GeneratorExp: _COMPREHENSIONS,
    ast.IfExp: template("conditional expressions (if/else) are not allowed"),
    ast.Compare: template("comparisons are not allowed"),
    ast.BoolOp: template("and/or are not allowed"),
    ast.NamedExpr: template("assignments (:=) are not allowed"),
    ast.Starred: template("starred arguments (*) are not allowed"),
    ast.JoinedStr: template("strings are not allowed"),
    ast.List: template("lists are not allowed"),
    ast.Tuple: template("tuples (commas) are not allowed"),
    ast.Set: template("sets are not allowed"),
    ast.Dict: template("dictionaries are not allowed"),
    ast.Await: template("await is not allowed"),
}
_OPERATORS = {
    ast.BitXor: template("^ is not a power here: write ** (e.g. w**2)"),
    ast.MatMult: template("@ is not allowed"),
    ast.FloorDiv: template("// is not allowed: write /"),
    ast.Mod: template("% is not allowed"),
    ast.BitAnd: template("& is not allowed"),
    ast.BitOr: template("| is not allowed"),
    ast.LShift: template("<< is not allowed"),
    ast.RShift: template(">> is not allowed"),
}
#: Unicode operators a user may paste, read as their ASCII form (one character for one,
#: so the columns of messages stay the typed ones).
_UNICODE = str.maketrans({"−": "-", "×": "*", "·": "*", "⋅": "*", "÷": "/"})


class _Refused(Exception):
    """A part of the expression outside the whitelist, at a column (1-based): the problem is
    a registered template and its values (a :class:`~core._message.Message`)."""

    def __init__(self, problem: str, column: int | None, **values: Any) -> None:
        if problem not in TEMPLATES:
            raise TypeError(f"not a registered template: {problem!r}")
        self.problem = Message(problem, **values)
        super().__init__(self.problem)
        self.column = column


def allowed_text() -> str:
    """One line listing what an expression may hold."""
    return (
        f"numbers, {' and '.join(VARIABLES)}, {', '.join(CONSTANTS)}, + - * / **, "
        f"parentheses and {', '.join(FUNCTIONS)}"
    )


def parse_expression(text: Any) -> Node:
    """Check ``text`` against the whitelist and return its tree.

    Raises
    ------
    ValueError
        ``"expression: <problem> at column N"`` (one line, a
        :class:`~core._message.Message` made of this module's templates) for anything
        outside the whitelist; nothing of the text is ever run.
    """
    if not isinstance(text, str):
        raise ValueError(Message(NOT_TEXT, kind=type(text).__name__))
    if len(text) > MAX_LENGTH:
        raise ValueError(Message(TOO_LONG, limit=MAX_LENGTH, length=len(text)))
    if not text.strip():
        raise ValueError(Message(EMPTY))
    source = text.translate(_UNICODE)
    try:
        _check_brackets(source)
        try:
            tree = ast.parse(source, mode="eval")
        except SyntaxError as e:
            column = e.offset if e.lineno in (None, 1) and e.offset else None
            if e.msg == "invalid syntax" and (column is None or column > len(source)):
                raise _Refused(ENDS_EARLY, None) from None
            raise _Refused(NOT_A_FORMULA, column, error=e.msg) from None
        except (ValueError, RecursionError, MemoryError) as e:  # null bytes, deep input
            raise _Refused(UNREADABLE, None, error=type(e).__name__) from None
        node, _ = _check(tree.body, source, 1)
    except _Refused as r:
        if r.column is None:
            raise ValueError(Message(NOWHERE, problem=r.problem)) from None
        raise ValueError(Message(AT_COLUMN, problem=r.problem, column=r.column)) from None
    return node


def _check_brackets(source: str) -> None:
    """Refuse nesting deeper than MAX_DEPTH before the parser sees it."""
    depth = 0
    for i, ch in enumerate(source):
        if ch in "([{":
            depth += 1
            if depth > MAX_DEPTH:
                raise _Refused(DEEP_BRACKETS, i + 1, limit=MAX_DEPTH)
        elif ch in ")]}":
            depth -= 1
        elif ch == "\n" or ch == "\r":
            raise _Refused(ONE_LINE, i + 1)


def _column(node: ast.AST, source: str) -> int:
    """The 1-based character column of ``node`` (ast counts UTF-8 bytes); for an
    attribute or a subscript, of its "." or "[" (what is refused)."""
    if isinstance(node, (ast.Attribute, ast.Subscript)):
        offset = getattr(node.value, "end_col_offset", None) or 0
    else:
        offset = getattr(node, "col_offset", 0)
    return len(source.encode("utf-8")[:offset].decode("utf-8", errors="ignore")) + 1


def _number(value: float, node: ast.AST, source: str) -> float:
    """``value`` if it is a finite constant of at most MAX_CONSTANT in size."""
    if not (math.isfinite(value) and abs(value) <= MAX_CONSTANT):
        raise _Refused(CONSTANT_TOO_LARGE, _column(node, source), limit=f"{MAX_CONSTANT:g}")
    return value


def _check(node: ast.AST, source: str, depth: int) -> tuple[Node, float | None]:
    """The checked tree of ``node`` and its value when it is constant (else None)."""
    col = _column(node, source)
    if depth > MAX_DEPTH:
        raise _Refused(DEEP_LEVELS, col, limit=MAX_DEPTH)
    if isinstance(node, ast.Constant):
        v = node.value
        if isinstance(v, bool) or not isinstance(v, (int, float)):
            if isinstance(v, (str, bytes)):
                raise _Refused(TEXT_NOT_NUMBER, col)
            raise _Refused(NOT_NUMBER, col, value=repr(v) if v is None else shorten(v))
        if isinstance(v, int) and abs(v) > MAX_CONSTANT:
            raise _Refused(NUMBER_TOO_LARGE, col, limit=f"{MAX_CONSTANT:g}")
        return ("num", v), _number(float(v), node, source)
    if isinstance(node, ast.Name):
        if node.id in VARIABLES:
            return ("var", node.id), None
        if node.id in CONSTANTS:
            return ("var", node.id), CONSTANTS[node.id]
        # (an identifier: quoted as repr() would, and cut to size)
        raise _Refused(UNKNOWN_NAME, col, name=shorten(node.id))
    if isinstance(node, ast.UnaryOp):
        if not isinstance(node.op, (ast.USub, ast.UAdd)):
            raise _Refused(UNARY, col)
        inner, v = _check(node.operand, source, depth + 1)
        if isinstance(node.op, ast.UAdd):
            return inner, v
        return ("neg", inner), None if v is None else -v
    if isinstance(node, ast.BinOp):
        return _binary(node, source, depth, col)
    if isinstance(node, ast.Call):
        return _call(node, source, depth, col)
    for refused, problem in _NO.items():
        if isinstance(node, refused):
            raise _Refused(problem, col)
    raise _Refused(NODE_NOT_ALLOWED, col, node=type(node).__name__)


def _binary(node: ast.BinOp, source: str, depth: int, col: int) -> tuple[Node, float | None]:
    op = _BINARY.get(type(node.op))
    if op is None:
        raise _Refused(_OPERATORS.get(type(node.op), OPERATOR_NOT_ALLOWED), col)
    # a chain of sums (or of products) is one level, however long: a + b + c nests in
    # the syntax tree, not in the formula
    level = _LEVEL.get(type(node.op))
    chained = (
        level is not None
        and isinstance(node.left, ast.BinOp)
        and _LEVEL.get(type(node.left.op)) == level
    )
    left, a = _check(node.left, source, depth if chained else depth + 1)
    right, c = _check(node.right, source, depth + 1)
    rcol = _column(node.right, source)
    if op == "/" and c == 0.0:
        raise _Refused(DIVISION_BY_ZERO, rcol)
    if op == "**" and c is not None and abs(c) > MAX_EXPONENT:
        raise _Refused(EXPONENT_TOO_LARGE, rcol, exponent=f"{c:g}", limit=MAX_EXPONENT)
    if a is None or c is None:
        return (op, left, right), None
    if op == "**" and a == 0.0 and c < 0.0:
        raise _Refused(ZERO_TO_NEGATIVE, col)
    if op == "**" and a < 0.0 and c != int(c):
        raise _Refused(FRACTIONAL_POWER, col)
    try:
        if op == "+":
            v = a + c
        elif op == "-":
            v = a - c
        elif op == "*":
            v = a * c
        elif op == "/":
            v = a / c
        else:
            v = math.pow(a, c)
    except (OverflowError, ZeroDivisionError):
        raise _Refused(CONSTANT_TOO_LARGE, col, limit=f"{MAX_CONSTANT:g}") from None
    return (op, left, right), _number(v, node, source)


def _call(node: ast.Call, source: str, depth: int, col: int) -> tuple[Node, float | None]:
    if not isinstance(node.func, ast.Name):
        raise _Refused(NOT_NAMED_CALL, col, functions=", ".join(FUNCTIONS))
    name = node.func.id
    if name not in FUNCTIONS:
        functions = ", ".join(FUNCTIONS)
        raise _Refused(UNKNOWN_FUNCTION, col, name=shorten(name), functions=functions)
    if node.keywords:
        raise _Refused(NO_KEYWORDS, col, name=name)
    if len(node.args) != 1:
        raise _Refused(ONE_ARGUMENT, col, name=name, count=len(node.args))
    inner, v = _check(node.args[0], source, depth + 1)
    if v is None:
        return ("call", name, inner), None
    try:
        value = float(FUNCTIONS[name](v))
    except OverflowError:
        raise _Refused(CALL_TOO_LARGE, col, call=f"{name}({v:g})") from None
    except ValueError:
        raise _Refused(CALL_NOT_REAL, col, call=f"{name}({v:g})") from None
    return ("call", name, inner), _number(value, node, source)


def node_depth(node: Node) -> int:
    """Levels of ``node`` (a check for tests and the symbolic stage)."""
    if node[0] in ("num", "var"):
        return 1
    return 1 + max(node_depth(c) for c in node[1:] if isinstance(c, tuple))
