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


# ------------------------------------------------------------------ a scene file's refusals

_BUILDERS = {"_error", "file_error", "field_error"}


def test_a_scene_s_refusals_are_built_from_registered_templates_only():
    """No ``SceneError(f"...")``, ``SceneError("...")`` or ``ValueError(f"...")`` in
    core/scene.py and core/scene_paths.py: a refusal is a registered template (a name) with
    its values, placed at its field (``located``), or a caught error's Message passed on."""
    import gradscape.core.scene as scene_module
    import gradscape.core.scene_paths as paths_module

    built = 0
    for module in (scene_module, paths_module):
        tree = ast.parse(Path(module.__file__).read_text(encoding="utf-8"))
        for call in _calls(tree, {"SceneError", "ValueError"}):
            (arg,) = call.args
            assert isinstance(arg, ast.Call), ast.unparse(call)
            assert ast.unparse(arg.func) in {"located", "message_of"}, ast.unparse(call)
        for call in _calls(tree, {"located"}):
            problem = call.args[1]
            assert not isinstance(problem, (ast.Constant, ast.JoinedStr, ast.BinOp)), (
                ast.unparse(call)
            )
        # every builder's problem is a module-level registered template (the builders
        # themselves pass theirs on)
        inside = {
            id(n)
            for f in ast.walk(tree)
            if isinstance(f, ast.FunctionDef) and f.name in _BUILDERS
            for n in ast.walk(f)
        }
        for call in _calls(tree, _BUILDERS):
            if id(call) in inside:
                continue
            problem = call.args[1]
            assert isinstance(problem, ast.Name), ast.unparse(call)
            assert getattr(module, problem.id) in TEMPLATES, ast.unparse(call)
            built += 1
    assert built >= 50
    # and at run time: a text that is no registered template is refused as a bug
    with pytest.raises(TypeError, match="not a registered template"):
        scene_module.file_error("steps", "some words")
    with pytest.raises(TypeError, match="not a registered template"):
        paths_module.field_error("paths", "some words")


def _core_words() -> set[str]:
    """core's words a Message may hold as a value without values of its own: what each
    registry holds ("optimizer"), the surfaces' names (tools/i18n.py lists them for the
    translators)."""
    from gradscape.core.activations import ACTIVATIONS
    from gradscape.core.losses import LOSSES
    from gradscape.core.optimizers import OPTIMIZERS
    from gradscape.core.schedules import SCHEDULES
    from gradscape.core.surfaces import SURFACES

    kinds = {r.kind for r in (OPTIMIZERS, ACTIVATIONS, LOSSES, SURFACES, SCHEDULES)}
    return kinds | {SURFACES[k].display_name for k in SURFACES}


_VALID = {"surface": "rosenbrock", "optimizers": ["adam"], "steps": 10}
_CAMERA = {"azimuth": 1, "elevation": 10, "distance": 1, "center": [0, 0, 0]}
_PATH = {"name": "p", "points": [[0, 0]], "loss": [1]}
BAD_SCENES = [
    {"steps": -1}, {"steps": 10**400}, {"seed": "x"}, {"batch_size": 3},
    {"surface": "neuron", "batch_size": 99}, {"bound": -1}, {"title": 3}, {"start": [1]},
    {"start": [1, float("nan")]}, {"start": [[1, 2], [3]]}, {"start": "x"},
    {"start": [[0, 0]] * 10_001}, {"optimizers": []}, {"optimizers": ["adam"] * 101},
    {"optimizers": ["adamm"]}, {"optimizers": ["zzzzzz"]}, {"optimizers": [3]},
    {"optimizers": [{"name": 3}]}, {"optimizers": [{"name": "adam", "x": 1}]},
    {"optimizers": [{"name": "adam", "hyper": 3}]},
    {"optimizers": [{"name": "adam", "hyper": {"lr2": 1}}]},
    {"optimizers": [{"name": "adam", "hyper": {"eta": {"base": 1}}}]},
    {"optimizers": [{"name": "adam", "hyper": {"eta": {"schedule": "warp"}}}]},
    {"optimizers": [{"name": "lbfgs", "hyper": {"history": {"schedule": "constant"}}}]},
    {"surface": "himelblau"}, {"surface": 3}, {"surface_params": 3},
    {"surface_params": {"colour": 1}}, {"view": 3}, {"view": {"x": 1}}, {"view": {"camera": 3}},
    {"view": {"camera": {"azimuth": 1}}}, {"view": {"camera": {**_CAMERA, "elevation": 100}}},
    {"view": {"camera": {**_CAMERA, "distance": -1}}},
    {"view": {"camera": {**_CAMERA, "center": [0, 0]}}},
    {"view": {"camera": {**_CAMERA, "azimuth": "a"}}},
    {"view": {"camera": {**_CAMERA, "zoom": 2}}}, {"view": {"x" * 100: 1}},
    {"paths": 3}, {"paths": [3]}, {"paths": [{"name": "a"}]}, {"paths": [{**_PATH, "x": 1}]},
    {"paths": [{**_PATH, "name": ""}]}, {"paths": [{**_PATH, "points": []}]},
    {"paths": [{**_PATH, "points": [[0]]}]}, {"paths": [{**_PATH, "points": [[0, "x"]]}]},
    {"paths": [{**_PATH, "loss": 3}]}, {"paths": [{**_PATH, "loss": [1, 2]}]},
    {"paths": [_PATH] * 17}, {"steps": 1_000_000, "start": [[0, 0]] * 5000},
    {"format": "x"}, {"version": 2}, {"bogus": 1},
]  # fmt: skip


@pytest.mark.parametrize("change", BAD_SCENES, ids=lambda c: repr(c)[:50])
def test_every_refusal_of_a_scene_s_field_is_made_of_registered_templates(change):
    data = {**_VALID, **change}
    with pytest.raises(SceneError) as err:
        Scene.from_dict(data)
    m = message_of(err.value)
    assert isinstance(m, Message), f"an untranslatable refusal: {m!r}"
    assert m.template == LOCATED and m.args["where"] != ""
    words = _core_words()
    for t in _templates_of(m):
        assert t in TEMPLATES or t in words, (t, str(m))
    assert str(m) == str(err.value)  # the English sentence itself


def test_a_registry_s_unknown_name_keeps_its_kind_and_suggestions_as_values():
    from gradscape.core._registry import EITHER, UNKNOWN_NAME, UNKNOWN_NAME_CLOSE
    from gradscape.core.optimizers import OPTIMIZERS

    names = ", ".join(OPTIMIZERS.names())
    m = OPTIMIZERS.unknown("adamm")
    assert m == f"unknown optimizer 'adamm'; did you mean adam or adamw? valid names: {names}"
    assert m.template == UNKNOWN_NAME_CLOSE and m.args["kind"] == "optimizer"
    close = m.args["close"]
    assert close.template == EITHER and close.args == {"first": "adam", "second": "adamw"}
    one = OPTIMIZERS.unknown("rmsprp")
    assert one.args["close"] == "rmsprop" and type(one.args["close"]) is str
    none = OPTIMIZERS.unknown(3)
    assert none == f"unknown optimizer 3; valid names: {names}" and none.template == UNKNOWN_NAME
    with pytest.raises(ValueError) as err:
        OPTIMIZERS.key("adamm")
    assert message_of(err.value) == m and message_of(err.value).template == UNKNOWN_NAME_CLOSE
