"""core/'s messages keep their template and values (``core._message``): the English text for
every caller, the words for a translator; the formula checker refuses only in such messages.
"""

from __future__ import annotations

import ast
import pickle
from pathlib import Path

import pytest

import gradscape.core.surfaces._expr_parse as expr_parse
from gradscape.core._message import (
    LOCATED,
    TEMPLATES,
    Message,
    located,
    message_of,
    template,
    unlocated,
)
from gradscape.core._registry import Param
from gradscape.core.scene import Scene, SceneError
from gradscape.core.surfaces import get_surface, parse_expression
from gradscape.core.trajectory._reasons import LEFT_BOUNDS, REASONS, Reason

PARSER = Path(expr_parse.__file__)


def test_a_message_is_its_english_sentence_and_keeps_template_and_values():
    m = Message("the exponent {exponent} is too large (at most {limit} in size)",
                exponent="1e+03", limit=100)  # fmt: skip
    assert m == "the exponent 1e+03 is too large (at most 100 in size)"
    assert isinstance(m, str) and str(m) == m
    assert m.template == "the exponent {exponent} is too large (at most {limit} in size)"
    assert m.args == {"exponent": "1e+03", "limit": "100"}  # values as the sentence shows them
    assert Message("no values {here}") == "no values {here}"  # a template without values


def test_messages_travel_to_other_processes_with_their_template_and_nested_values():
    inner = Message("unknown name '{name}'; the variables are w and b", name="os")
    outer = located("surface_params", ValueError(inner))
    assert outer == "surface_params: unknown name 'os'; the variables are w and b"
    back = pickle.loads(pickle.dumps(outer))
    assert back == outer and back.template == LOCATED
    assert type(back.args["problem"]) is Message
    assert back.args["problem"].template == inner.template
    reason = Reason(LEFT_BOUNDS, w="1", b="2", bound="3")
    again = pickle.loads(pickle.dumps(reason))
    assert type(again) is Reason and again == reason and again.args == reason.args


def test_message_of_located_and_unlocated():
    m = Message("division by zero")
    assert message_of(ValueError(m)) is m
    assert message_of(ValueError("plain")) == "plain"
    assert message_of("text") == "text"
    where = located("optimizers[0].hyper", ValueError("plain words"))
    assert where == "optimizers[0].hyper: plain words" and where.args["problem"] == "plain words"
    assert unlocated(located("surface_params", ValueError(m)), "surface_params") is m
    assert unlocated(m, "surface_params") is m  # a message placed nowhere stays whole
    assert unlocated("surface_params: text", "surface_params") == "text"
    other = located("steps", ValueError(m))
    assert unlocated(other, "surface_params") is other


def test_bounded_keeps_the_template_and_cuts_the_text():
    m = Message("{where}: {problem}", where="x", problem="y" * 400)
    cut = m.bounded(100)
    assert len(cut) == 100 and cut.endswith("…") and cut.template == LOCATED
    assert cut.args == m.args
    assert m.bounded(1000) is m


def test_a_scene_error_keeps_the_formula_s_message_under_its_field():
    with pytest.raises(SceneError) as err:
        Scene(surface="expr", surface_params={"expression": "w + os"})
    assert str(err.value) == (
        "surface_params: expression: unknown name 'os'; the variables are w and b at column 5"
    )
    m = message_of(err.value)
    assert m.template == LOCATED and m.args["where"] == "surface_params"
    problem = m.args["problem"]
    assert problem.template == "expression: {problem} at column {column}"
    assert problem.args["column"] == "5"
    assert problem.args["problem"].template == "unknown name '{name}'; the variables are w and b"


def test_the_reasons_are_registered_templates():
    assert set(REASONS) <= set(TEMPLATES)


# ------------------------------------------------------------------ the formula checker

REFUSED = [
    "__import__('os')", "w + os", "w.real", "w[0]", "lambda: 1", "[w for w in b]", "w if b else 1",
    "w < b", "w and b", "(x := 1)", "f(*w)", "'text'", "[w]", "(w, b)", "{w}", "{w: b}",
    "w ^ 2", "w @ b", "w // 2", "w % 2", "w & b", "w | b", "w << 2", "w >> 2", "~w", "not w",
    "w / 0", "w ** 1000", "0 ** -1", "(-1) ** 0.5", "exp(1000)", "log(-1)", "sin(w, b)",
    "sin(x=w)", "w.sin(1)", "foo(w)", "1e309", "10 ** 300 * 10 ** 300", "w +", "w )(",
    "(" * 60 + "w" + ")" * 60, "-" * 60 + "w", "w\nb", "None", "...", "", "w" * 501, "w\x00",
    "f'{w}'", "b'x'", "1j", "True", "w == b",
]  # fmt: skip


def _templates_of(m: Message) -> list[str]:
    out = [m.template]
    for v in m.args.values():
        if isinstance(v, Message):
            out += _templates_of(v)
    return out


@pytest.mark.parametrize("text", REFUSED, ids=repr)
def test_every_refusal_is_made_of_registered_templates(text):
    with pytest.raises(ValueError) as err:
        parse_expression(text)
    m = message_of(err.value)
    assert isinstance(m, Message), f"an untranslatable refusal: {m!r}"
    assert all(t in TEMPLATES for t in _templates_of(m)), _templates_of(m)
    assert str(err.value).startswith("expression: ")


def _calls(tree: ast.AST, names: set[str]) -> list[ast.Call]:
    return [
        n for n in ast.walk(tree)
        if isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and n.func.id in names
    ]  # fmt: skip


def test_the_checker_builds_no_message_from_literal_text():
    """No ``_Refused(f"...")`` or ``ValueError("...")``: the text of every refusal is a
    registered template (a name), its values keywords."""
    tree = ast.parse(PARSER.read_text(encoding="utf-8"))
    refused = _calls(tree, {"_Refused"})
    assert len(refused) >= 25
    for call in refused:
        first = call.args[0]
        assert not isinstance(first, (ast.Constant, ast.JoinedStr, ast.BinOp)), ast.unparse(call)
    for call in _calls(tree, {"ValueError"}):
        (arg,) = call.args
        assert isinstance(arg, ast.Call) and ast.unparse(arg.func) == "Message", ast.unparse(call)
    # and at run time: a text that is no registered template is refused as a bug
    with pytest.raises(TypeError, match="not a registered template"):
        expr_parse._Refused("some words", 1)


def test_the_formula_surface_s_refusals_are_messages_too():
    for params in (
        {"expression": "sqrt(-1 - w**2)"},  # real nowhere in the domain
        {"expression": "log(w - w)"},  # undefined everywhere
        {"expression": 3},
        {},
    ):
        with pytest.raises(ValueError) as err:
            get_surface("expr", **params)
        m = message_of(err.value)
        assert isinstance(m, Message) and all(t in TEMPLATES for t in _templates_of(m)), m


# ------------------------------------------------------------------ other notes and refusals


def test_the_caveat_badge_and_a_parameter_s_refusal_are_messages():
    caveat = get_surface("neuron", act="relu", loss="binary").caveat
    assert isinstance(caveat, Message) and caveat.template in TEMPLATES
    assert caveat.args["activation"] == "ReLU" and "but ReLU can leave that range" in caveat
    assert get_surface("neuron", act="sigmoid", loss="binary").caveat is None
    with pytest.raises(ValueError) as err:
        get_surface("neuron", loss="binary", samples=[[0, 2], [1, 0.5], [2, -1]])
    assert str(err.value) == "binary cross-entropy needs targets y* in [0, 1], got y* = 2, -1"
    assert message_of(err.value).template in TEMPLATES
    p = Param("beta1", 0.9, "decay", low=0.0, high=1.0, high_open=True)
    with pytest.raises(ValueError) as err:
        p.validate(1.5)
    assert str(err.value) == "beta1 must be in [0, 1), got 1.5"
    m = message_of(err.value)
    assert m.template in TEMPLATES and m.args["range"].template in TEMPLATES


def test_a_shortened_text_is_a_message_a_short_one_plain_text():
    from gradscape.core._text import SHORTENED, shorten

    cut = shorten("é" * 70)
    assert cut == "é" * 60 + "… (70 characters)" and cut.template == SHORTENED
    assert cut.args == {"text": "é" * 60, "length": "70"}
    assert type(shorten("short")) is str
    with pytest.raises(ValueError) as err:
        parse_expression("x" * 100)
    name = message_of(err.value).args["problem"].args["name"]
    assert name.template == SHORTENED and name.args["length"] == "100"


def test_template_registers_once_and_returns_its_text():
    text = "a test's own template {x}"
    try:
        assert template(text) is text and template(text) == text
        assert list(TEMPLATES).count(text) == 1
    finally:
        del TEMPLATES[text]
