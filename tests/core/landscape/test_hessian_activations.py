"""Second-order methods of the 26 activations and the 3 losses, against finite differences."""

import numpy as np
import pytest

from gradscape.core.activations import ACTIVATIONS, get_act
from gradscape.core.losses import get_loss

H = 1e-6
#: every kink of the piecewise functions at their default parameters
KINKS = np.array([0.0, -0.5, 0.5, -1.0, 1.0, -2.5, 2.5, 6.0])

NAMES = list(ACTIVATIONS)
VARIANTS = [(name, {}) for name in NAMES] + [
    ("leakyReLU", {"alpha": 0.2}),
    ("ELU", {"alpha": 0.5}),
    ("CELU", {"alpha": 2.0}),
    ("Swish", {"beta": 2.5}),
    ("hardShrink", {"lam": 0.3}),
    ("softShrink", {"lam": 0.3}),
    ("threshold", {"th": 0.7, "value": 2.0}),
]
IDS = [f"{n}-{p}" if p else n for n, p in VARIANTS]


def _points(shape, seed=0):
    """Points in [−4, 7] at least 0.05 away from every kink (also 0.3, 0.7 of the variants)."""
    rng = np.random.default_rng(seed)
    x = rng.uniform(-4.0, 7.0, shape)
    kinks = np.concatenate([KINKS, [-0.3, 0.3, -0.7, 0.7]])
    near = np.abs(x[..., None] - kinks).min(axis=-1) < 0.05
    x[near] += 0.1
    return x


def _fd(fn, x, v):
    return (fn(x + H * v) - fn(x - H * v)) / (2 * H)


def test_the_registry_holds_26_activations():
    assert len(NAMES) == 26


@pytest.mark.parametrize("name, params", VARIANTS, ids=IDS)
def test_jvp_is_the_derivative_of_forward(name, params):
    act = get_act(name, **params)
    x = _points((6, 5))
    v = np.random.default_rng(1).standard_normal(x.shape)
    got = act.jvp(x, act.forward(x), v)
    np.testing.assert_allclose(got, _fd(act.forward, x, v), rtol=1e-6, atol=1e-8)


@pytest.mark.parametrize("name, params", VARIANTS, ids=IDS)
def test_vjp_rop_is_the_derivative_of_vjp(name, params):
    act = get_act(name, **params)
    x = _points((6, 5), seed=2)
    rng = np.random.default_rng(3)
    v, g = rng.standard_normal(x.shape), rng.standard_normal(x.shape)
    got = act.vjp_rop(x, act.forward(x), g, v)
    want = _fd(lambda z: act.vjp(z, act.forward(z), g), x, v)
    np.testing.assert_allclose(got, want, rtol=1e-6, atol=1e-8)


ELEMENTWISE = [(i, p) for i, p in zip(IDS, VARIANTS, strict=True) if get_act(p[0]).elementwise]


@pytest.mark.parametrize(
    "name, params", [p for _, p in ELEMENTWISE], ids=[i for i, _ in ELEMENTWISE]
)
def test_second_is_the_derivative_of_backward(name, params):
    act = get_act(name, **params)
    x = _points(200, seed=4)
    one = np.ones_like(x)
    want = _fd(lambda z: act.backward(z, act.forward(z)), x, one)
    np.testing.assert_allclose(act.second(x, act.forward(x)), want, rtol=1e-6, atol=1e-8)


@pytest.mark.parametrize(
    "name", ["step", "identity", "hardShrink", "softShrink", "threshold", "hardSigmoid",
             "hardtanh", "ReLU", "ReLU6", "leakyReLU"],
)  # fmt: skip
def test_piecewise_linear_functions_have_zero_curvature(name):
    act = get_act(name)
    x = _points(50)
    assert not act.second(x, act.forward(x)).any()


def test_second_derivatives_in_closed_form():
    x = np.array([-1.3, 0.0, 0.4, 2.0])
    th = np.tanh(x)
    np.testing.assert_allclose(get_act("tanh").second(x, th), -2 * th / np.cosh(x) ** 2)
    s = 1 / (1 + np.exp(-x))
    np.testing.assert_allclose(get_act("softplus").second(x, None), np.exp(-x) * s * s)
    np.testing.assert_allclose(get_act("ELU", alpha=0.5).second(x, None), [0.5 * np.exp(-1.3),
                                                                          0, 0, 0])  # fmt: skip
    np.testing.assert_allclose(get_act("bentIdentity").second(x, None), 0.5 / (x * x + 1) ** 1.5)
    np.testing.assert_allclose(get_act("softsign").second(x, None),
                               -2 * np.sign(x) / (1 + np.abs(x)) ** 3)  # fmt: skip


@pytest.mark.parametrize("name", ["softmax", "softmin", "logSoftmax"])
def test_rowwise_functions_have_no_elementwise_second_derivative(name):
    with pytest.raises(NotImplementedError, match="not elementwise"):
        get_act(name).second(np.zeros((2, 3)), np.zeros((2, 3)))


def test_softmax_jvp_is_the_full_jacobian_product():
    x = np.array([[0.3, -1.0, 2.0, 0.1]])
    y = get_act("softmax").forward(x)[0]
    jac = np.diag(y) - np.outer(y, y)
    v = np.array([1.0, -2.0, 0.5, 3.0])
    np.testing.assert_allclose(get_act("softmax").jvp(x, y[None], v[None])[0], jac @ v)


@pytest.mark.parametrize("name", NAMES)
def test_float32_stays_float32(name):
    act = get_act(name)
    x = _points((3, 4)).astype(np.float32)
    y = act.forward(x)
    v = np.ones_like(x)
    assert act.jvp(x, y, v).dtype == np.float32
    assert act.vjp_rop(x, y, v, v).dtype == np.float32
    if act.elementwise:
        assert act.second(x, y).dtype == np.float32


@pytest.mark.parametrize("name", NAMES)
def test_extreme_inputs_give_finite_values_without_warnings(name):
    act = get_act(name)
    for dt in (np.float32, np.float64):
        big = np.finfo(dt).max
        x = np.array([[-big, -1e30, -800.0, -50.0, 0.0, 50.0, 800.0, 1e30, big]], dt)
        x = x[:, np.isfinite(x[0])]
        with np.errstate(all="ignore"):
            y = act.forward(x)
        ones = np.ones_like(x)
        with np.errstate(over="raise", invalid="raise", divide="raise"):
            assert np.isfinite(act.jvp(x, y, ones)).all()
            assert np.isfinite(act.vjp_rop(x, y, ones, ones)).all()


# -- losses --------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["square", "binary", "cross"])
def test_backward_rop_is_the_derivative_of_backward(name):
    rng = np.random.default_rng(5)
    loss = get_loss(name)
    y = rng.uniform(0.05, 0.95, (7, 3))
    t = rng.uniform(0.0, 1.0, (7, 3)) if name != "cross" else np.eye(3)[rng.integers(0, 3, 7)]
    ry = rng.standard_normal(y.shape)
    want = _fd(lambda z: loss.backward(z, t), y, ry)
    np.testing.assert_allclose(loss.backward_rop(y, t, ry), want, rtol=1e-6, atol=1e-9)


@pytest.mark.parametrize("name", ["binary", "cross"])
def test_backward_rop_is_zero_where_the_loss_is_flat(name):
    loss = get_loss(name)
    y = np.array([[-0.5, 1.5, 0.5]])
    t = np.array([[0.0, 1.0, 0.0]])
    got = loss.backward_rop(y, t, np.ones_like(y))
    assert got[0, 0] == 0.0 and got[0, 1] == 0.0


def test_square_backward_rop_is_ry_over_batch():
    y, t, ry = np.zeros((4, 2)), np.ones((4, 2)), np.arange(8.0).reshape(4, 2)
    np.testing.assert_array_equal(get_loss("square").backward_rop(y, t, ry), ry / 4)


@pytest.mark.parametrize("name, act", [("binary", "sigmoid"), ("cross", "softmax")])
def test_fused_delta_rop_is_the_derivative_of_the_fused_delta(name, act):
    rng = np.random.default_rng(6)
    loss, f = get_loss(name), get_act(act)
    u = rng.standard_normal((5, 4))
    t = np.eye(4)[rng.integers(0, 4, 5)]
    v = rng.standard_normal(u.shape)
    want = _fd(lambda z: loss.fused_delta(f.forward(z), t), u, v)
    y = f.forward(u)
    got = loss.fused_delta_rop(y, t, f.jvp(u, y, v))
    np.testing.assert_allclose(got, want, rtol=1e-6, atol=1e-9)
    # and the fused delta is the loss gradient: the R-op differentiates the real loss
    e = np.zeros_like(u)
    e[2, 1] = 1.0
    g = _fd(lambda z: np.float64(loss.fused_forward(z, t)), u, e)
    assert g == pytest.approx(loss.fused_delta(y, t)[2, 1], rel=1e-6)


def test_backward_rop_checks_the_shape_of_ry():
    with pytest.raises(ValueError, match="ry must have the shape"):
        get_loss("square").backward_rop(np.zeros((2, 3)), np.zeros((2, 3)), np.zeros((2, 2)))
