"""Surfaces: values against closed forms, gradients against finite differences, the neuron
through the dense layer, minima, Hessians, registry and validation."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gradscape.core.activations import get_act
from gradscape.core.optimizers import OPTIMIZERS, get_opt
from gradscape.core.surfaces import ACTIVATION_KEYS, SURFACES, Surface, get_surface
from gradscape.core.trajectory import descend

#: the surfaces that have a default instance (a landscape is built from its file: its
#: own tests are in test_surface_landscape.py)
BUILT = [n for n in SURFACES.names() if not SURFACES[n].from_file]
TEST_SURFACES = [n for n in BUILT if n != "neuron"]


def sig(u):
    return 1.0 / (1.0 + np.exp(-u))


# Independent closed forms, written from the textbook definitions (not from the module).
CLOSED = {
    "saddle": lambda x, y: y**2 - x**2,
    "plateau": lambda x, y: np.tanh(x) ** 2 + np.tanh(y) ** 2,
    "ripples": lambda x, y: (
        -(np.sin(np.pi * x) / (np.pi * x) + np.sin(np.pi * y) / (np.pi * y)) + (x**2 + y**2) / 10
    ),
    "ridge": lambda x, y: 0.125 * (x**2 + y**2) + np.tanh(10 * x) ** 2,
    "quadratic": lambda x, y: x**2 / 20 + y**2,
    "rosenbrock": lambda x, y: (1 - x) ** 2 + 100 * (y - x**2) ** 2,
    "beale": lambda x, y: (
        (1.5 - x + x * y) ** 2 + (2.25 - x + x * y**2) ** 2 + (2.625 - x + x * y**3) ** 2
    ),
    "himmelblau": lambda x, y: (x**2 + y - 11) ** 2 + (x + y**2 - 7) ** 2,
    "rastrigin": lambda x, y: (
        20 + x**2 - 10 * np.cos(2 * np.pi * x) + y**2 - 10 * np.cos(2 * np.pi * y)
    ),
    "ackley": lambda x, y: (
        -20 * np.exp(-0.2 * np.sqrt(0.5 * (x**2 + y**2)))
        - np.exp(0.5 * (np.cos(2 * np.pi * x) + np.cos(2 * np.pi * y)))
        + np.e
        + 20
    ),
    "booth": lambda x, y: (x + 2 * y - 7) ** 2 + (2 * x + y - 5) ** 2,
    "sixhumpcamel": lambda x, y: (
        (4 - 2.1 * x**2 + x**4 / 3) * x**2 + x * y + (-4 + 4 * y**2) * y**2
    ),
}


def test_registry_lists_the_series_planes_and_the_classics():
    assert set(SURFACES.names()) == set(CLOSED) | {"neuron", "landscape", "expr"}
    # built from what the user gives (a file, a typed formula): no blank instance
    assert [n for n in SURFACES.names() if SURFACES[n].from_file] == ["landscape", "expr"]
    # the order users see: the neuron, the series' four planes, then the classics
    assert SURFACES.names() == [
        "neuron", "saddle", "plateau", "ripples", "ridge", "quadratic", "rosenbrock",
        "beale", "himmelblau", "rastrigin", "ackley", "booth", "sixhumpcamel", "landscape",
        "expr",
    ]  # fmt: skip
    assert get_surface("Rosen-Brock").name == "rosenbrock"
    with pytest.raises(ValueError, match="unknown surface 'nope'.*rosenbrock"):
        get_surface("nope")
    for _key, cls in SURFACES.items():
        assert issubclass(cls, Surface) and cls.display_name and cls.doc
        assert len(cls.axis_names) == 2


def test_every_surface_class_in_the_module_is_registered():
    import gradscape.core.surfaces as mod

    classes = {
        c for c in vars(mod).values()
        if isinstance(c, type) and issubclass(c, Surface) and c is not Surface
    }  # fmt: skip
    assert classes == {cls for _, cls in SURFACES.items()}


@pytest.mark.parametrize("name", TEST_SURFACES)
def test_values_equal_the_closed_forms(name):
    s = get_surface(name)
    rng = np.random.default_rng(1)
    (w0, w1), (b0, b1) = s.domain
    w = rng.uniform(w0, w1, 200)
    b = rng.uniform(b0, b1, 200)
    np.testing.assert_allclose(s.loss(w, b), CLOSED[name](w, b), rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize(
    "name, point, value",
    [
        ("saddle", (1.0, 2.0), 3.0),
        ("plateau", (0.0, 0.0), 0.0),
        ("ripples", (0.0, 0.0), -2.0),  # sinc(0) = 1
        ("ripples", (1.0, 0.0), -0.9),  # sinc(1) = 0
        ("ridge", (0.0, 2.0), 0.5),
        ("quadratic", (10.0, 1.0), 6.0),
        ("rosenbrock", (0.0, 0.0), 1.0),
        ("beale", (0.0, 0.0), 1.5**2 + 2.25**2 + 2.625**2),
        ("himmelblau", (0.0, 0.0), 121.0 + 49.0),
        ("rastrigin", (0.5, 0.5), 40.5),  # cos(π) = −1
        ("booth", (0.0, 0.0), 74.0),
    ],
)
def test_hand_computed_values(name, point, value):
    assert get_surface(name).loss(*point) == pytest.approx(value, abs=1e-14)


@pytest.mark.parametrize("name", TEST_SURFACES)
def test_known_minima_have_the_minimum_value_and_zero_gradient(name):
    s = get_surface(name)
    if not s.bounded_below:
        assert s.minima == [] and s.min_value is None
        assert "unbounded" in s.minimum_text
        return
    assert s.minima, name
    for w, b in s.minima:
        assert s.loss(w, b) == pytest.approx(s.min_value, abs=1e-12)
        gw, gb = s.grad(w, b)
        assert abs(gw) < 1e-9 and abs(gb) < 1e-9
    # f = 0 at the documented minima of the classics (the ripples' minimum is −2, the
    # six-hump camel's −1.0316284535, its published value to 10 digits)
    expected = {"ripples": -2.0, "sixhumpcamel": pytest.approx(-1.0316284535, abs=1e-10)}
    assert s.min_value == expected.get(name, 0.0)


def test_himmelblau_minima_match_their_published_six_digit_values():
    mins = sorted(get_surface("himmelblau").minima)
    published = sorted(
        [(3.0, 2.0), (-2.805118, 3.131312), (-3.779310, -3.283186), (3.584428, -1.848126)]
    )
    np.testing.assert_allclose(mins, published, atol=1e-6)


def fd_grad(f, w, b, h=1e-6):
    hw = h * np.maximum(1.0, np.abs(w))
    hb = h * np.maximum(1.0, np.abs(b))
    return (f(w + hw, b) - f(w - hw, b)) / (2 * hw), (f(w, b + hb) - f(w, b - hb)) / (2 * hb)


def assert_grad_matches(s, w, b):
    gw, gb = s.grad(w, b)
    fw, fb = fd_grad(s.loss, w, b)
    # relative error < 1e-6 (absolute near a zero gradient, scaled by the loss' size)
    scale = np.maximum(1.0, np.abs(s.loss(w, b)))
    for g, fd in ((gw, fw), (gb, fb)):
        err = np.abs(g - fd)
        ok = err <= 1e-6 * np.abs(fd) + 1e-7 * scale
        assert ok.all(), (w[~ok], b[~ok], g[~ok], fd[~ok])


@pytest.mark.parametrize("name", TEST_SURFACES)
@settings(max_examples=40, deadline=None)
@given(u=st.floats(0.0, 1.0), v=st.floats(0.0, 1.0))
def test_gradients_match_central_finite_differences(name, u, v):
    s = get_surface(name)
    (w0, w1), (b0, b1) = s.domain
    w = np.array(w0 + u * (w1 - w0))
    b = np.array(b0 + v * (b1 - b0))
    if name == "ackley" and math.hypot(w, b) < 1e-3:
        return  # the cone's tip is not differentiable
    assert_grad_matches(s, w, b)


def test_sinc_gradient_is_accurate_near_zero_where_the_direct_formula_cancels():
    # ∂z/∂x = −sinc'(x) + x/5 and sinc'(x) = −π²x/3 + π⁴x³/30 − ...; at these x the two
    # leading terms are exact to 1e-13 relative, while (cos πx − sinc x)/x loses every digit
    s = get_surface("ripples")
    for x in (1e-9, 1e-6, 1e-4, -3e-4):
        gw, _ = s.grad(x, 0.0)
        expect = np.pi**2 * x / 3 - np.pi**4 * x**3 / 30 + x / 5
        assert gw == pytest.approx(expect, rel=1e-12)
    assert s.grad(0.0, 0.0) == (0.0, 0.0)
    # on both sides of the switch to the series at |x| = 1e-2, a 4th-order difference
    f = lambda t: -np.sinc(t) + t * t / 10  # noqa: E731
    h = 1e-3
    for x in (9.99e-3, 1.001e-2, -1e-2, 0.3):
        fd = (f(x - 2 * h) - 8 * f(x - h) + 8 * f(x + h) - f(x + 2 * h)) / (12 * h)
        assert s.grad(x, 0.0)[0] == pytest.approx(fd, abs=1e-9)


def test_broadcasting_and_grid_indexing():
    s = get_surface("rosenbrock")
    w = np.linspace(-1, 1, 3)[:, None]
    b = np.linspace(0, 2, 4)[None, :]
    z = s.loss(w, b)
    gw, gb = s.grad(w, b)
    assert z.shape == gw.shape == gb.shape == (3, 4)
    np.testing.assert_array_equal(z, CLOSED["rosenbrock"](w, b))
    ws, bs, Z = s.grid(7)
    assert ws.shape == (7,) and bs.shape == (7,) and Z.shape == (7, 7)
    assert ws[0] == -2.0 and ws[-1] == 2.0 and bs[0] == -1.0 and bs[-1] == 3.0
    for i in (0, 3, 6):
        for j in (1, 5):
            assert Z[i, j] == CLOSED["rosenbrock"](ws[i], bs[j])
    assert s.grid()[2].shape == (100, 100)
    assert get_surface("booth", resolution=9).grid()[2].shape == (9, 9)


def test_scalar_inputs_give_0d_results():
    s = get_surface("booth")
    assert np.ndim(s.loss(1.0, 3.0)) == 0
    assert s.loss(1.0, 3.0) == 0.0
    gw, gb = s.grad(0.0, 0.0)
    assert (gw, gb) == (2 * (-7) + 4 * (-5), 4 * (-7) + 2 * (-5))


@pytest.mark.parametrize(
    "name, point, expected",
    [
        ("quadratic", (3.0, -2.0), [[0.1, 0.0], [0.0, 2.0]]),
        # ∂²/∂x² = 2 − 400(y − 3x²), ∂²/∂x∂y = −400x, ∂²/∂y² = 200
        ("rosenbrock", (1.0, 1.0), [[802.0, -400.0], [-400.0, 200.0]]),
        ("rosenbrock", (-1.2, 1.0), [[2 - 400 * (1.0 - 3 * 1.44), 480.0], [480.0, 200.0]]),
        ("booth", (0.0, 0.0), [[10.0, 8.0], [8.0, 10.0]]),
        ("saddle", (0.3, 0.1), [[-2.0, 0.0], [0.0, 2.0]]),
    ],
)
def test_hessian_against_hand_derivatives(name, point, expected):
    h = get_surface(name).hessian(*point)
    np.testing.assert_allclose(h, expected, rtol=1e-6, atol=1e-6)


def test_hessian_broadcasts():
    h = get_surface("himmelblau").hessian(np.zeros((2, 3)), np.ones((2, 3)))
    # ∂²/∂x² = 12x² + 4y − 42, ∂²/∂x∂y = 4x + 4y, ∂²/∂y² = 4x + 12y² − 26
    assert h.shape == (2, 3, 2, 2)
    np.testing.assert_allclose(h[1, 2], [[-38.0, 4.0], [4.0, -14.0]], atol=1e-5)


# -- the neuron -----------------------------------------------------------------------


def test_activation_keys_are_the_registry_of_the_core():
    from gradscape.core.activations import ACTIVATIONS

    assert ACTIVATION_KEYS == tuple(ACTIVATIONS.names())
    assert len(ACTIVATION_KEYS) == 26


def test_neuron_defaults_are_the_seed():
    s = get_surface("neuron")
    assert s.samples == [(1.0, 0.5)]
    assert s.domain == ((-2.0, 2.0), (-2.0, 2.0))
    assert s.axis_names == ("w", "b")
    assert s.act == "sigmoid" and s.loss_name == "square"
    assert s.minima == [] and "w + b" in s.minimum_text and "= 0" in s.minimum_text


def test_neuron_equals_the_closed_form_to_round_off():
    s = get_surface("neuron")
    ws, bs, Z = s.grid(201)
    W, B = np.meshgrid(ws, bs, indexing="ij")
    closed = 0.5 * (sig(1.0 * W + B) - 0.5) ** 2
    np.testing.assert_allclose(Z, closed, rtol=1e-13, atol=1e-17)
    # the valley of minima: every point of w + b = 0
    w = np.linspace(-2, 2, 9)
    assert np.all(s.loss(w, -w) == 0.0)
    # the hand derivative ∂L/∂w = (σ − ½)σ(1 − σ)x, ∂L/∂b = (σ − ½)σ(1 − σ)
    gw, gb = s.grad(W, B)
    sg = sig(W + B)
    np.testing.assert_allclose(gw, (sg - 0.5) * sg * (1 - sg), rtol=1e-12, atol=1e-17)
    np.testing.assert_allclose(gb, (sg - 0.5) * sg * (1 - sg), rtol=1e-12, atol=1e-17)


def test_neuron_with_several_samples_averages_the_loss():
    data = [(1.0, 0.5), (-2.0, 0.9), (0.5, 0.1)]
    s = get_surface("neuron", samples=data)
    w = np.array([-1.0, 0.3, 1.7])
    b = np.array([0.4, -0.8, 0.0])
    expect = np.mean([0.5 * (sig(x * w + b) - y) ** 2 for x, y in data], axis=0)
    np.testing.assert_allclose(s.loss(w, b), expect, rtol=1e-13)
    bce = get_surface("neuron", samples=data, loss="binary")
    expect = np.mean(
        [-(y * np.log(sig(x * w + b)) + (1 - y) * np.log(1 - sig(x * w + b))) for x, y in data],
        axis=0,
    )
    np.testing.assert_allclose(bce.loss(w, b), expect, rtol=1e-12)
    tanh = get_surface("neuron", samples=data, act="tanh")
    expect = np.mean([0.5 * (np.tanh(x * w + b) - y) ** 2 for x, y in data], axis=0)
    np.testing.assert_allclose(tanh.loss(w, b), expect, rtol=1e-13)


# kinks of the piecewise activations (their derivative jumps there)
_KINKS = np.array([0.0, -0.5, 0.5, -1.0, 1.0, -2.5, 2.5, 6.0])


@pytest.mark.parametrize("act", ACTIVATION_KEYS)
def test_neuron_gradient_matches_finite_differences_for_every_activation(act):
    data = [(1.0, 0.5), (-0.7, 0.2), (1.9, -0.3)]
    s = get_surface("neuron", samples=data, act=act)
    rng = np.random.default_rng(7)
    w = rng.uniform(-2, 2, 60)
    b = rng.uniform(-2, 2, 60)
    u = np.array([x * w + b for x, _ in data])
    far = (np.abs(u[..., None] - _KINKS).min(axis=(0, 2))) > 1e-3
    w, b = w[far], b[far]
    assert w.size > 20
    assert_grad_matches(s, w, b)


@pytest.mark.parametrize("act", ["sigmoid", "hardsigmoid"])
def test_neuron_binary_loss_gradient(act):
    s = get_surface("neuron", samples=[(1.0, 0.8), (-1.5, 0.1)], act=act, loss="binary")
    w = np.linspace(-1.9, 1.9, 23)
    b = np.linspace(1.3, -1.7, 23)
    assert_grad_matches(s, w, b)


@pytest.mark.parametrize("act", ["tanh", "identity", "softsign"])
def test_neuron_binary_loss_gradient_where_the_output_leaves_0_1(act):
    # The cross-entropy is undefined for y outside [0, 1]; the loss clips y there and is
    # flat, so its gradient must be 0 there, not the clipped formula's ±1e15.
    samples = [(1.0, 0.8), (-1.5, 0.1)]
    s = get_surface("neuron", samples=samples, act=act, loss="binary")
    rng = np.random.default_rng(5)
    w, b = rng.uniform(-2, 2, 400), rng.uniform(-2, 2, 400)
    y = [get_act(act).forward(x * w + b) for x, _ in samples]
    # central differences must not straddle the clip points y = 0 and y = 1
    far = np.all([(np.abs(v) > 1e-3) & (np.abs(v - 1) > 1e-3) for v in y], axis=0)
    outside = np.any([(v < 0) | (v > 1) for v in y], axis=0)
    assert (far & outside).sum() > 50 and (far & ~outside).sum() > 10
    assert_grad_matches(s, w[far], b[far])
    gw, gb = s.grad(w[far], b[far])
    assert np.abs(gw).max() < 1e3 and np.abs(gb).max() < 1e3


def test_neuron_sigmoid_binary_gradient_is_the_fused_y_minus_t():
    s = get_surface("neuron", samples=[(2.0, 1.0)], loss="binary")
    gw, gb = s.grad(np.array([30.0]), np.array([-90.0]))  # σ(−30) ≈ 9e-14: deep saturation
    assert gb[0] == pytest.approx(sig(-30.0) - 1.0, rel=1e-12)
    assert gw[0] == pytest.approx(2.0 * (sig(-30.0) - 1.0), rel=1e-12)


def test_neuron_gradient_against_torch_autograd():
    torch = pytest.importorskip("torch")
    data = [(1.0, 0.5), (-2.0, 0.9), (0.5, 0.1)]
    w = np.array([-1.0, 0.3, 1.7])
    b = np.array([0.4, -0.8, 0.0])
    for act, tf in (("sigmoid", torch.sigmoid), ("tanh", torch.tanh), ("mish", None)):
        s = get_surface("neuron", samples=data, act=act)
        tw = torch.tensor(w, requires_grad=True, dtype=torch.float64)
        tb = torch.tensor(b, requires_grad=True, dtype=torch.float64)
        x = torch.tensor([d[0] for d in data], dtype=torch.float64)
        y = torch.tensor([d[1] for d in data], dtype=torch.float64)
        u = tw[:, None] * x + tb[:, None]
        out = tf(u) if tf is not None else torch.nn.functional.mish(u)
        loss = (0.5 * (out - y) ** 2).mean(dim=1)
        loss.sum().backward()
        gw, gb = s.grad(w, b)
        np.testing.assert_allclose(s.loss(w, b), loss.detach().numpy(), rtol=1e-12)
        np.testing.assert_allclose(gw, tw.grad.numpy(), rtol=1e-10, atol=1e-15)
        np.testing.assert_allclose(gb, tb.grad.numpy(), rtol=1e-10, atol=1e-15)


def test_neuron_hessian_closed_forms():
    # at u = 0: σ = ½, σ' = ¼, σ − y* = 0, so the square loss' h = σ'² = 1/16
    s = get_surface("neuron")
    np.testing.assert_allclose(s.hessian(0.0, 0.0), np.full((2, 2), 1 / 16), rtol=1e-14)
    # binary loss with sigmoid: h = σ' = ¼
    s = get_surface("neuron", loss="binary")
    np.testing.assert_allclose(s.hessian(0.0, 0.0), np.full((2, 2), 0.25), rtol=1e-14)
    # away from 0 and with several samples: against finite differences of the gradient
    s = get_surface("neuron", samples=[(1.0, 0.5), (-2.0, 0.9)])
    w, b, h = 0.7, -0.4, 1e-5
    gp, gm = s.grad(w + h, b), s.grad(w - h, b)
    col_w = [(gp[0] - gm[0]) / (2 * h), (gp[1] - gm[1]) / (2 * h)]
    gp, gm = s.grad(w, b + h), s.grad(w, b - h)
    col_b = [(gp[0] - gm[0]) / (2 * h), (gp[1] - gm[1]) / (2 * h)]
    np.testing.assert_allclose(s.hessian(w, b), np.array([col_w, col_b]).T, rtol=1e-7)
    # other activations fall back to finite differences of the analytic gradient
    t = get_surface("neuron", act="tanh")
    sech2 = 1 - np.tanh(0.3) ** 2
    hu = sech2**2 + (np.tanh(0.3) - 0.5) * (-2 * np.tanh(0.3) * sech2)
    np.testing.assert_allclose(t.hessian(0.1, 0.2), np.full((2, 2), hu), rtol=1e-7)


def test_neuron_minibatch_gradient_uses_only_the_chosen_samples():
    data = [(1.0, 0.5), (-2.0, 0.9), (0.5, 0.1), (1.5, 0.7)]
    s = get_surface("neuron", samples=data)
    one = get_surface("neuron", samples=[data[1], data[3]])
    w, b = np.array([0.2, -1.0]), np.array([0.1, 0.5])
    got = s.loss_and_grad(w, b, batch=np.array([1, 3]))
    exp = one.loss_and_grad(w, b)
    for g, e in zip(got, exp, strict=True):
        np.testing.assert_allclose(g, e, rtol=1e-15)
    with pytest.raises(ValueError, match="batch indices"):
        s.loss_and_grad(w, b, batch=np.array([4]))
    with pytest.raises(ValueError, match="no data samples"):
        get_surface("booth").loss_and_grad(w, b, batch=np.array([0]))


def test_neuron_works_from_several_threads():
    from concurrent.futures import ThreadPoolExecutor

    s = get_surface("neuron", samples=[(1.0, 0.5), (-2.0, 0.9)])
    grids = [np.full(5000, v) for v in np.linspace(-2, 2, 8)]
    expect = [s.loss(g, g) for g in grids]
    with ThreadPoolExecutor(4) as ex:
        got = list(ex.map(lambda g: s.loss(g, g), grids * 5))
    for i, z in enumerate(got):
        np.testing.assert_array_equal(z, expect[i % 8])


# -- validation, demo table, scenes ------------------------------------------------------


@pytest.mark.parametrize(
    "kw, match",
    [
        ({"domain": ((2, -2), (-2, 2))}, "domain needs min < max"),
        ({"domain": ((0, float("inf")), (-2, 2))}, "domain must be finite"),
        ({"domain": "wide"}, "domain must be"),
        ({"resolution": 1}, "resolution must be in \\[2, 2000\\], got 1"),
        ({"resolution": 2.5}, "resolution must be an integer"),
        ({"colour": 1}, "unknown keyword 'colour'"),
    ],
)
def test_bad_parameters_raise_naming_the_parameter(kw, match):
    with pytest.raises(ValueError, match=match):
        get_surface("booth", **kw)


@pytest.mark.parametrize(
    "kw, match",
    [
        ({"samples": []}, "non-empty"),
        ({"samples": [(1.0,)]}, "samples must"),
        ({"samples": [(1.0, float("nan"))]}, "samples must be finite"),
        ({"samples": "abc"}, "samples must"),
        (
            {"samples": [(1.0, 1.5)], "loss": "binary"},
            r"needs targets y\* in \[0, 1\], got y\* = 1.5$",
        ),
        ({"act": "nope"}, "unknown activation 'nope'"),
        ({"loss": "cross"}, "loss must be one of 'square', 'binary', got 'cross'"),
        ({"loss": "hinge"}, "loss must be one of"),
        ({"samples": [(True, False)]}, "samples must be a list of \\(x, y\\*\\) number pairs"),
        ({"colour": 1}, "Neuron got an unknown keyword 'colour'; valid: samples, act, loss"),
    ],
)
def test_bad_neuron_parameters(kw, match):
    with pytest.raises(ValueError, match=match):
        get_surface("neuron", **kw)


def test_neuron_accepts_any_spelling_of_act_and_loss():
    s = get_surface("neuron", act="Leaky-ReLU", loss="BinaryCrossEntropy")
    assert s.act == "leakyrelu" and s.loss_name == "binary"


@pytest.mark.parametrize("name", BUILT)
def test_to_dict_rebuilds_the_same_surface(name):
    kw = {"samples": [(1.0, 0.2), (2.0, 0.7)], "act": "tanh"} if name == "neuron" else {}
    s = get_surface(name, domain=((-1, 3), (-2, 0.5)), resolution=33, **kw)
    d = s.to_dict()
    again = get_surface(d["name"], **d["params"])
    assert again.to_dict() == d
    w = np.linspace(-1, 3, 11)
    np.testing.assert_array_equal(again.loss(w, w / 3), s.loss(w, w / 3))


@pytest.mark.parametrize("name", BUILT)
def test_demo_hyperparameters_build_every_optimizer(name):
    s = get_surface(name)
    for key in OPTIMIZERS.names():
        hyper = s.demo_hyper(key)
        opt = get_opt(key, **hyper)
        assert opt.hyper["eta"] > 0
    eve = s.demo_hyper("Eve")
    if s.min_value is not None:
        assert eve["f_star"] == s.min_value
    with pytest.raises(ValueError, match="unknown optimizer"):
        s.demo_hyper("nope")


@pytest.mark.parametrize("name", BUILT)
def test_loss_and_loss_and_grad_agree_bit_for_bit(name):
    s = get_surface(name)
    rng = np.random.default_rng(11)
    (w0, w1), (b0, b1) = s.domain
    w = rng.uniform(w0, w1, 500)
    b = rng.uniform(b0, b1, 500)
    z, gw, gb = s.loss_and_grad(w, b)
    np.testing.assert_array_equal(z, s.loss(w, b))
    np.testing.assert_array_equal(gw, s.grad(w, b)[0])
    np.testing.assert_array_equal(gb, s.grad(w, b)[1])


def test_neuron_chunks_large_requests_without_changing_a_bit(monkeypatch):
    import gradscape.core.surfaces._neuron as mod

    data = [(float(x), 0.3) for x in np.linspace(-1, 1, 7)]
    s = get_surface("neuron", samples=data, act="tanh")
    w = np.linspace(-2, 2, 41)[:, None] * np.ones((1, 9))
    b = np.linspace(-1, 1, 9)[None, :] * np.ones((41, 1))
    whole = s.loss_and_grad(w, b)
    whole_batch = s.loss_and_grad(w, b, batch=np.array([0, 3, 6]))
    grid = s.grid(30)[2]
    monkeypatch.setattr(mod, "NEURON_CHUNK", 50)  # 7 points (or 16 with 3 samples) a pass
    for a, c in zip(s.loss_and_grad(w, b), whole, strict=True):
        np.testing.assert_array_equal(a, c)
        assert a.shape == (41, 9)
    for a, c in zip(s.loss_and_grad(w, b, batch=np.array([0, 3, 6])), whole_batch, strict=True):
        np.testing.assert_array_equal(a, c)
    np.testing.assert_array_equal(s.grid(30)[2], grid)


def test_neuron_runs_through_the_dense_layer_with_stacked_parameters(monkeypatch):
    # The surface drives the layer through the entry points Network.fit uses for every
    # minibatch (_forward, _loss_of, _delta_of, _backward_delta): the training passes.
    from gradscape.core.layers import OutputLayer

    seen = []
    forward, backward = OutputLayer._forward, OutputLayer._backward_delta
    loss_of, delta_of = OutputLayer._loss_of, OutputLayer._delta_of

    def spy_forward(self, x):
        y = forward(self, x)
        seen.append(("forward", self.w.shape, self.b.shape, x.shape, y.shape))
        return y

    def spy_loss(self, t):
        z = loss_of(self, t)
        seen.append(("loss", t.shape, np.shape(z)))
        return z

    def spy_delta(self, t):
        d = delta_of(self, t)
        seen.append(("delta", t.shape, d.shape))
        return d

    def spy_backward(self, delta, input_grad):
        out = backward(self, delta, input_grad)
        seen.append(("backward", self.grad_w.shape, self.grad_b.shape))
        return out

    monkeypatch.setattr(OutputLayer, "_forward", spy_forward)
    monkeypatch.setattr(OutputLayer, "_loss_of", spy_loss)
    monkeypatch.setattr(OutputLayer, "_delta_of", spy_delta)
    monkeypatch.setattr(OutputLayer, "_backward_delta", spy_backward)
    s = get_surface("neuron", samples=[(1.0, 0.5), (2.0, 0.1), (-1.0, 0.9)])
    w, b = np.zeros((3, 4)), np.ones((3, 4))
    z, gw, gb = s.loss_and_grad(w, b)
    assert seen == [
        ("forward", (3, 4, 1, 1), (3, 4, 1), (3, 1), (3, 4, 3, 1)),
        ("loss", (3, 1), (3, 4)),
        ("delta", (3, 1), (3, 4, 3, 1)),
        ("backward", (3, 4, 1, 1), (3, 4, 1)),
    ]
    assert z.shape == gw.shape == gb.shape == (3, 4)


def test_neuron_caveat_names_binary_loss_with_outputs_outside_0_1():
    from gradscape.core.activations import ACTIVATIONS

    flagged = []
    for act in ACTIVATIONS.names():
        assert get_surface("neuron", act=act).caveat is None  # squared error: never
        text = get_surface("neuron", act=act, loss="binary").caveat
        if text is not None:
            assert "(0, 1)" in text and ACTIVATIONS[act].display_name in text
            flagged.append(act)
    assert "tanh" in flagged and "identity" in flagged and "relu" in flagged
    assert not {"sigmoid", "hardsigmoid", "step"} & set(flagged)
    assert get_surface("rosenbrock").caveat is None
    # what it warns about is true: tanh(x·w + b) < 0 at (−1, −1), and the gradient there is 0
    s = get_surface("neuron", act="tanh", loss="binary")
    gw, gb = s.grad(np.array([-1.0, -0.5]), np.array([-1.0, -1.2]))
    np.testing.assert_array_equal(gw, 0.0)
    np.testing.assert_array_equal(gb, 0.0)
    tr = descend(s, ("adam", {"eta": 0.1}), (-1.0, -1.0), 50)
    np.testing.assert_array_equal(tr.params, np.tile([-1.0, -1.0], (51, 1)))
