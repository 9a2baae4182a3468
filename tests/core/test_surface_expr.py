"""The custom surface: a formula in w and b, its exact derivatives, the whitelist that
keeps the text from ever running, and scenes that carry it."""

from __future__ import annotations

import ast
import builtins
import math
import os
import pickle
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import gradscape.core.surfaces._expr as expr_mod
from gradscape.core.scene import Scene, SceneError
from gradscape.core.surfaces import get_surface
from gradscape.core.surfaces._expr_parse import MAX_DEPTH, MAX_LENGTH, parse_expression
from gradscape.core.trajectory import race

ROSENBROCK = "(1 - w)**2 + 100*(b - w**2)**2"


def surf(text, **kw):
    return get_surface("expr", expression=text, **kw)


def sig(u):
    return 1.0 / (1.0 + np.exp(-u))


# -- exact derivatives ---------------------------------------------------------------------

# (formula, z, ∂z/∂w, ∂z/∂b, ∂²z/∂w², ∂²z/∂w∂b, ∂²z/∂b²), derived by hand
CLOSED = [
    (
        ROSENBROCK,
        lambda w, b: (1 - w) ** 2 + 100 * (b - w**2) ** 2,
        lambda w, b: -2 * (1 - w) - 400 * w * (b - w**2),
        lambda w, b: 200 * (b - w**2),
        lambda w, b: 2 - 400 * b + 1200 * w**2,
        lambda w, b: -400 * w + 0 * b,
        lambda w, b: 200 + 0 * w,
    ),
    (
        # softplus(−3wb); with s = σ(−3wb): z_w = −3b·s, z_ww = 9b²·s(1 − s),
        # z_wb = −3s + 9wb·s(1 − s), z_bb = 9w²·s(1 − s)
        "log(1 + exp(-3*w*b))",
        lambda w, b: np.log1p(np.exp(-3 * w * b)),
        lambda w, b: -3 * b * sig(-3 * w * b),
        lambda w, b: -3 * w * sig(-3 * w * b),
        lambda w, b: 9 * b**2 * sig(-3 * w * b) * (1 - sig(-3 * w * b)),
        lambda w, b: -3 * sig(-3 * w * b) + 9 * w * b * sig(-3 * w * b) * (1 - sig(-3 * w * b)),
        lambda w, b: 9 * w**2 * sig(-3 * w * b) * (1 - sig(-3 * w * b)),
    ),
    (
        "sin(w)*exp(b) + w**3/3 - sqrt(b**2 + 1)",
        lambda w, b: np.sin(w) * np.exp(b) + w**3 / 3 - np.sqrt(b**2 + 1),
        lambda w, b: np.cos(w) * np.exp(b) + w**2,
        lambda w, b: np.sin(w) * np.exp(b) - b / np.sqrt(b**2 + 1),
        lambda w, b: -np.sin(w) * np.exp(b) + 2 * w,
        lambda w, b: np.cos(w) * np.exp(b),
        lambda w, b: np.sin(w) * np.exp(b) - (b**2 + 1) ** -1.5,
    ),
    (
        # tanh' = 1 − tanh², tanh'' = −2 tanh (1 − tanh²); atan' = 1/(1 + x²)
        "tanh(w*b) + atan(b) + abs(w)",
        lambda w, b: np.tanh(w * b) + np.arctan(b) + np.abs(w),
        lambda w, b: b * (1 - np.tanh(w * b) ** 2) + np.sign(w),
        lambda w, b: w * (1 - np.tanh(w * b) ** 2) + 1 / (1 + b**2),
        lambda w, b: -2 * b**2 * np.tanh(w * b) * (1 - np.tanh(w * b) ** 2),
        lambda w, b: (1 - np.tanh(w * b) ** 2) * (1 - 2 * w * b * np.tanh(w * b)),
        lambda w, b: (
            -2 * w**2 * np.tanh(w * b) * (1 - np.tanh(w * b) ** 2) - 2 * b / (1 + b**2) ** 2
        ),
    ),
    (
        "sigmoid(w - 2*b) + softplus(b) + cosh(w)/sinh(2 + b**2) + pi*e*cos(b)",
        lambda w, b: (
            sig(w - 2 * b)
            + np.log1p(np.exp(b))
            + np.cosh(w) / np.sinh(2 + b**2)
            + np.pi * np.e * np.cos(b)
        ),
        lambda w, b: sig(w - 2 * b) * (1 - sig(w - 2 * b)) + np.sinh(w) / np.sinh(2 + b**2),
        lambda w, b: (
            -2 * sig(w - 2 * b) * (1 - sig(w - 2 * b))
            + sig(b)
            - np.cosh(w) * np.cosh(2 + b**2) * 2 * b / np.sinh(2 + b**2) ** 2
            - np.pi * np.e * np.sin(b)
        ),
        None,
        None,
        None,
    ),
]


@pytest.mark.parametrize("case", CLOSED, ids=[c[0] for c in CLOSED])
def test_value_gradient_and_hessian_equal_the_hand_derived_forms(case):
    text, z, zw, zb, hww, hwb, hbb = case
    s = surf(text)
    rng = np.random.default_rng(3)
    w = rng.uniform(-2.5, 2.5, 300)
    b = rng.uniform(-2.5, 2.5, 300)
    w[0] = 0.3  # (away from |w|'s kink, where sign and the hand form agree anyway)
    loss, gw, gb = s.loss_and_grad(w, b)
    for got, want in ((loss, z), (gw, zw), (gb, zb)):
        np.testing.assert_allclose(got, want(w, b), rtol=1e-12, atol=1e-12)
    np.testing.assert_array_equal(s.loss(w, b), loss)
    if hww is None:
        return
    h = s.hessian(w, b)
    assert h.shape == (300, 2, 2)
    np.testing.assert_allclose(h[:, 0, 0], hww(w, b), rtol=1e-11, atol=1e-11)
    np.testing.assert_allclose(h[:, 0, 1], hwb(w, b), rtol=1e-11, atol=1e-11)
    np.testing.assert_allclose(h[:, 1, 0], hwb(w, b), rtol=1e-11, atol=1e-11)
    np.testing.assert_allclose(h[:, 1, 1], hbb(w, b), rtol=1e-11, atol=1e-11)


@pytest.mark.parametrize("text", [c[0] for c in CLOSED])
@settings(max_examples=30, deadline=None)
@given(w=st.floats(-2.0, 2.0), b=st.floats(-2.0, 2.0))
def test_gradient_and_hessian_match_central_differences(text, w, b):
    if "abs" in text and abs(w) < 1e-3:
        return  # |w| has no derivative at 0
    s = surf(text)
    h = 1e-6
    gw, gb = s.grad(w, b)
    fd_w = (s.loss(w + h, b) - s.loss(w - h, b)) / (2 * h)
    fd_b = (s.loss(w, b + h) - s.loss(w, b - h)) / (2 * h)
    scale = max(1.0, abs(float(s.loss(w, b))))
    assert abs(gw - fd_w) <= 1e-6 * abs(fd_w) + 1e-7 * scale
    assert abs(gb - fd_b) <= 1e-6 * abs(fd_b) + 1e-7 * scale
    # the Hessian against differences of the exact gradient
    hh = 1e-5
    hess = s.hessian(w, b)
    col_w = (np.array(s.grad(w + hh, b)) - np.array(s.grad(w - hh, b))) / (2 * hh)
    col_b = (np.array(s.grad(w, b + hh)) - np.array(s.grad(w, b - hh))) / (2 * hh)
    fd = np.stack([col_w, col_b], axis=1)
    gscale = max(1.0, float(np.abs(hess).max()))
    np.testing.assert_allclose(hess, fd, rtol=1e-6, atol=1e-6 * gscale)


def test_rosenbrock_typed_gives_the_builtin_trajectories():
    builtin = get_surface("rosenbrock")
    typed = surf(ROSENBROCK, domain=builtin.domain)
    opts = ["sgd", "msgd", "nag", "adagrad", "rmsprop", "adam", "nadam", "sam", "santae", "eve"]
    runs = [(o, builtin.demo_hyper(o)) for o in opts]
    mine = race(typed, runs, (-1.2, 1.0), 500, seed=0)
    ref = race(builtin, runs, (-1.2, 1.0), 500, seed=0)
    for a, r in zip(mine, ref, strict=True):
        assert a.n == r.n == 500
        np.testing.assert_allclose(a.params, r.params, rtol=0, atol=1e-12)
        np.testing.assert_allclose(a.loss, r.loss, rtol=1e-12, atol=1e-12)
        # in fact to the last bit (the README says so): the formula keeps its factors, so
        # its derivatives are the built-in's own operations
        np.testing.assert_array_equal(a.params, r.params)
        np.testing.assert_array_equal(a.grads, r.grads)
    # and the same exact Hessian as the built-in's closed form at its start
    np.testing.assert_allclose(typed.hessian(-1.2, 1.0), [[1330.0, 480.0], [480.0, 200.0]])


def test_results_are_fresh_arrays_of_the_points_shape():
    s = surf("w")
    w = np.array([1.0, 2.0])
    z = s.loss(w, np.zeros(2))
    assert z is not w and z.base is None
    w[0] = 99.0  # the engine moves its points in place
    assert z[0] == 1.0
    c = surf("3")
    z, gw, gb = c.loss_and_grad(np.zeros((2, 3)), np.ones((2, 3)))
    assert z.shape == gw.shape == gb.shape == (2, 3)
    assert (z == 3.0).all() and (gw == 0.0).all() and (gb == 0.0).all()
    assert np.ndim(c.loss(1.0, 2.0)) == 0
    assert c.hessian(np.zeros(4), 1.0).shape == (4, 2, 2)


def test_softplus_sigmoid_and_abs_are_stable_and_exact():
    s = surf("softplus(w) + sigmoid(b)")
    z, gw, gb = s.loss_and_grad(np.array([1000.0, -1000.0]), np.array([-1000.0, 1000.0]))
    np.testing.assert_array_equal(z, [1000.0, 1.0])  # no overflow to inf or nan
    np.testing.assert_array_equal(gw, [1.0, 0.0])
    np.testing.assert_array_equal(gb, [0.0, 0.0])
    a = surf("abs(w)*b + abs(log(b))")
    gw, gb = a.grad(np.array([-2.0, 3.0]), np.array([0.5, 4.0]))
    np.testing.assert_allclose(gw, [-0.5, 4.0])
    # |log b|' = sign(log b)/b
    np.testing.assert_allclose(gb, [2.0 - 1 / 0.5, 3.0 + 1 / 4.0], atol=1e-15)
    h = a.hessian(-2.0, 0.5)
    # |w|'' = 0 off the kink; (sign(log b)/b)' = −sign(log b)/b²
    np.testing.assert_allclose(h, [[0.0, -1.0], [-1.0, 1 / 0.25]])


def test_constants_and_unicode_operators_read_as_written():
    s = surf("(−1 + w)·b × 2 ÷ 4 + 0x10 + 1_000*pi/e + 2**(1/2)")
    w, b = 1.5, -0.25
    expect = (-1 + w) * b * 2 / 4 + 16 + 1000 * math.pi / math.e + math.sqrt(2)
    assert s.loss(w, b) == pytest.approx(expect, rel=1e-15)
    assert surf("e**w").loss(2.0, 0.0) == pytest.approx(math.exp(2.0), rel=1e-15)
    # a 17-digit literal survives exactly (sympy would print 15 digits by default)
    assert surf("0.12345678901234568*w").loss(1.0, 0.0) == 0.12345678901234568


# -- the whitelist -------------------------------------------------------------------------

HOSTILE = [
    "__import__('os').system('touch {marker}')",
    "open('{marker}', 'w')",
    'exec(\'open("{marker}", "w")\')',
    "eval('1')",
    "compile('1', 'f', 'eval')",
    "w.__class__",
    "().__class__.__bases__",
    "().__class__.__bases__[0].__subclasses__()",
    "lambda: 1",
    "[w for w in b]",
    "(w for w in b)",
    "{w: b}",
    "w if b else 1",
    "9**9**9",
    "10**400",
    "(2**100)**100",
    "w**1000",
    "w" * 10_000,
    "(" * 200 + "w" + ")" * 200,
    "-" * 200 + "w",
    "exp(" * 60 + "w" + ")" * 60,
    "globals()",
    "getattr(w, 'real')",
    "sin.__call__(w)",
    "__builtins__",
    "x + y",
    "w[0]",
    "w, b",
    "(w := 1)",
    "'w'",
    "f'{w}'",
    "True",
    "None",
    "...",
    "1j*w",
    "w < b",
    "w and b",
    "exp(w, b)",
    "exp(x=w)",
    "exp(*w)",
    "w^2",
    "w//2",
    "w % 2",
    "w @ b",
    "not w",
    "~w",
    "w\n+b",
    "w\x00",
    "1/0",
    "log(0)",
    "0**-1",
    "log(w - w)",
    "1e999",
    "",
    "w +",
]


def test_hostile_inputs_are_refused_and_nothing_runs(monkeypatch, tmp_path):
    marker = tmp_path / "ran"
    calls: list[str] = []
    real_import, real_open, real_compile = builtins.__import__, builtins.open, builtins.compile

    def spy(name):
        def record(*args, **kw):
            calls.append(name)
            raise AssertionError(f"{name} called")

        return record

    def only_ast_compile(source, filename, mode, flags=0, *args, **kw):
        # ast.parse goes through compile() with PyCF_ONLY_AST: a syntax tree, no code
        if not flags & ast.PyCF_ONLY_AST:
            calls.append("compile")
        return real_compile(source, filename, mode, flags, *args, **kw)

    def recording_import(name, *args, **kw):
        calls.append(f"import {name}")
        return real_import(name, *args, **kw)

    def recording_open(*args, **kw):
        calls.append("open")
        return real_open(*args, **kw)

    symbolic: list[str] = []
    monkeypatch.setattr(expr_mod, "_sympy_kit", lambda: symbolic.append("sympy") or 1 / 0)
    expr_mod.compile_expression.cache_clear()
    messages = []
    for text in HOSTILE:
        text = text.replace("{marker}", str(marker))
        # the spies watch the call alone (not pytest's own machinery around it)
        with monkeypatch.context() as m:
            m.setattr(builtins, "open", recording_open)
            m.setattr(builtins, "eval", spy("eval"))
            m.setattr(builtins, "exec", spy("exec"))
            m.setattr(builtins, "compile", only_ast_compile)
            m.setattr(os, "system", spy("os.system"))
            m.setattr(subprocess, "Popen", spy("Popen"))
            m.setattr(builtins, "__import__", recording_import)  # last: setattr imports
            try:
                get_surface("expr", expression=text)
            except ValueError as e:
                messages.append(str(e))
            else:
                messages.append(f"accepted {text!r}")
    assert len(messages) == len(HOSTILE)
    for message in messages:
        assert message.startswith("expression: ") and "\n" not in message, message
        assert len(message) < 300
    assert calls == [] and not marker.exists()
    # every refusal came before the symbolic stage, except the one that needs it to see
    # that w − w is 0 (and there sympy had a checked tree, not the text)
    assert symbolic == ["sympy"]


def test_refusals_name_the_problem_and_its_column():
    cases = {
        "w + x": "unknown name 'x'; the variables are w and b at column 5",
        "2*w + open(b)": "unknown function 'open'",
        "w + b.real": "attributes (.) are not allowed at column 6",
        "w + b[0]": "subscripts ([ ]) are not allowed at column 6",
        "w**2 + 9**9**9": "the exponent 3.8742e+08 is too large (at most 100 in size) at column 11",
        "w/(b - b*0) + 1/0": "division by zero at column 17",
        "w^2": "write ** (e.g. w**2) at column 1",
        "w**2 +": "it ends too early",
        "exp(w, b)": "exp() takes one argument, got 2 at column 1",
        "(" * 51 + "w" + ")" * 51: f"nested deeper than {MAX_DEPTH} parentheses at column 51",
        "w" * (MAX_LENGTH + 1): f"at most {MAX_LENGTH} characters, got {MAX_LENGTH + 1}",
        "sqrt(-1 - w**2)": "has no finite value on w ∈ [-3, 3], b ∈ [-3, 3]",
    }
    for text, part in cases.items():
        with pytest.raises(ValueError, match="^expression: ") as err:
            surf(text)
        assert part in str(err.value), (text, str(err.value))
    with pytest.raises(ValueError, match="expression: missing"):
        get_surface("expr")
    with pytest.raises(ValueError, match="expression: must be text"):
        get_surface("expr", expression=["w"])


def test_limits_accept_what_they_allow():
    # 50 levels of parentheses, 500 characters, a long sum (one level however long)
    assert surf("(" * 50 + "w" + ")" * 50).loss(2.0, 0.0) == 2.0
    text = "+".join(["w*b"] * 125)
    assert len(text) == 499
    assert surf(text).loss(2.0, 3.0) == 6.0 * 125
    assert surf("w**100").loss(1.0, 0.0) == 1.0
    tree = parse_expression("-(w) + +b")
    assert tree == ("+", ("neg", ("var", "w")), ("var", "b"))


def test_a_formula_too_complex_to_differentiate_is_refused():
    with pytest.raises(ValueError, match="too complex: its gradient has"):
        surf("w**" * 30 + "b")


def test_importing_the_surfaces_does_not_import_sympy():
    code = "import core.surfaces, core.scene, sys; print('sympy' in sys.modules)"
    root = Path(__file__).resolve().parents[2]
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True,
        env={**os.environ, "PYTHONPATH": str(root)}, cwd=root,
    )  # fmt: skip
    assert out.stdout.strip() == "False"


# -- the surface in scenes -----------------------------------------------------------------


def test_a_scene_carries_the_expression_and_round_trips(tmp_path):
    scene = Scene(
        surface="expr",
        surface_params={"expression": "log(1 + exp(-3*w*b))", "domain": [[-2, 2], [-1, 3]]},
        optimizers=[("adam", {"eta": 0.1}), ("sgd", {"eta": 0.5})],
        start=[-1.5, 1.0],
        steps=60,
    )
    assert scene.surface_params == {
        "expression": "log(1 + exp(-3*w*b))",
        "resolution": 100,
        "domain": [[-2.0, 2.0], [-1.0, 3.0]],
    }
    path = tmp_path / "custom.json"
    scene.save(path)
    again = Scene.load(path)
    assert again == scene
    for a, r in zip(again.run(), scene.run(), strict=True):
        np.testing.assert_array_equal(a.params, r.params)
    # the loss along the run is the formula's
    traj = scene.run()[0]
    w, b = traj.params[:, 0], traj.params[:, 1]
    np.testing.assert_allclose(traj.loss, np.log1p(np.exp(-3 * w * b)), rtol=1e-13)


def test_a_scene_file_with_a_hostile_expression_is_refused_naming_the_field(tmp_path):
    marker = tmp_path / "ran"
    good = Scene(surface="expr", surface_params={"expression": "w**2 + b**2"}).to_dict()
    for text in (f"__import__('os').system('touch {marker}')", "w.__class__", "w" * 5000):
        data = {**good, "surface_params": {"expression": text}}
        with pytest.raises(SceneError, match=r"^surface_params: expression: "):
            Scene.from_dict(data)
    data = {**good, "surface_params": {"expression": 12}}
    with pytest.raises(SceneError, match="surface_params: expression: must be text"):
        Scene.from_dict(data)
    assert not marker.exists()


def test_pickled_surface_rebuilds_its_functions():
    s = surf(ROSENBROCK, domain=((-2, 2), (-1, 3)), resolution=40)
    again = pickle.loads(pickle.dumps(s))
    assert again.to_dict() == s.to_dict()
    w = np.linspace(-2, 2, 9)
    for a, r in zip(again.loss_and_grad(w, w), s.loss_and_grad(w, w), strict=True):
        np.testing.assert_array_equal(a, r)


def test_demo_eta_keeps_the_first_step_inside_a_quarter_of_the_domain():
    s = surf(ROSENBROCK, domain=((-2, 2), (-1, 3)))
    w0, b0 = s.start
    assert (w0, b0) == pytest.approx((-1.2, 2.2))
    g = math.hypot(-2 * (1 - w0) - 400 * w0 * (b0 - w0**2), 200 * (b0 - w0**2))
    quarter = 0.25 * math.hypot(4, 4)
    eta = s.demo_hyper("sgd")["eta"]
    assert 0.0875 * g > quarter  # the series' η would jump out of the picture
    assert eta * g == pytest.approx(quarter, rel=5e-3)  # (η kept to 3 digits)
    assert s.demo_hyper("adam")["eta"] == 0.25  # Adam's first step is η per axis: small
    gentle = surf("w**2/10 + b**2/10")
    assert gentle.demo_hyper("sgd")["eta"] == 0.0875


def test_description_and_words():
    s = surf("  w**2 + b**2 ", domain=((-1, 1), (0, 2)))
    assert s.expression == "w**2 + b**2"
    assert s.description == "z = w**2 + b**2   on w ∈ [-1, 1], b ∈ [0, 2]"
    assert s.min_value is None and s.minima == []
    assert "not known" in s.minimum_text
    assert get_surface("rosenbrock").description == get_surface("rosenbrock").doc


def test_after_prepare_expressions_a_first_formula_imports_nothing_more():
    # the window prepares in the background while a formula is typed: Apply must then do
    # the formula's own work only, no import (those cost ~0.6 s on the GUI thread)
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from gradscape.core.surfaces import prepare_expressions, compile_expression\n"
        "prepare_expressions()\n"
        "before = set(sys.modules)\n"
        "c = compile_expression('(1 - w)**2 + 100*(b - w**2)**2 + tanh(w*b)/sqrt(1 + b*b)')\n"
        "c.loss_grad(0.5, 0.25)\n"
        "print(sorted(set(sys.modules) - before))\n"
    )
    got = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert got.returncode == 0, got.stderr
    assert got.stdout.strip() == "[]"
