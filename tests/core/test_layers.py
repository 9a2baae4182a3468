"""Dense layers: forward by hand, gradients by finite differences, stacked parameters."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from gradscape.core.layers import BaseLayer, MiddleLayer, OutputLayer

H = 1e-6


def _rel(a, b) -> float:
    """Norm-wise relative error.  The 1e-2 floor makes it an absolute 1e-8 where the
    gradient vanishes: the central difference of an O(1) loss with H = 1e-6 carries
    round-off of order 1e-16/H per term."""
    return float(np.linalg.norm(a - b) / max(np.linalg.norm(a) + np.linalg.norm(b), 1e-2))


def _fd(f, a: np.ndarray) -> np.ndarray:
    """Central differences of the scalar f() with respect to the array a (perturbed in place)."""
    out = np.zeros_like(a)
    for idx in np.ndindex(a.shape):
        old = a[idx]
        a[idx] = old + H
        fp = f()
        a[idx] = old - H
        fm = f()
        a[idx] = old
        out[idx] = (fp - fm) / (2 * H)
    return out


def test_forward_by_hand_and_series_defaults():
    layer = BaseLayer(prev=2, n=1, act="identity", opt="SGD")
    layer.set_params([[1.0], [2.0]], [0.5])
    np.testing.assert_array_equal(
        layer.forward(np.array([[1.0, 1.0], [2.0, -1.0]])), [[3.5], [0.5]]
    )
    d = BaseLayer()
    assert (d.prev, d.n, d.wb_width) == (1, 1, 0.05)
    assert type(d.act).__name__ == "ReLU" and type(d.opt).__name__ == "Adam"
    assert d.w.shape == (1, 1) and d.b.shape == (1,)


def test_series_positional_signature():
    # BaseLayer(prev, n, name, wb_width, act, opt, act_dic, opt_dic), as in the series
    a = MiddleLayer(2, 3, "Middle1", 0.1, "leakyReLU", "MSGD", {"alpha": 0.2}, {"eta": 0.5},
                    rng=np.random.default_rng(4))  # fmt: skip
    assert (a.prev, a.n, a.name, a.wb_width) == (2, 3, "Middle1", 0.1)
    assert a.act.alpha == 0.2 and a.opt.eta == 0.5 and type(a.opt).__name__ == "MSGD"
    ref = np.random.default_rng(4)
    np.testing.assert_array_equal(a.w, 0.1 * ref.standard_normal((2, 3)))
    np.testing.assert_array_equal(a.b, 0.1 * ref.standard_normal(3))
    out = OutputLayer(3, 2, "Output", 0.05, "softmax", "SGD", None, {"eta": 0.1}, loss="cross")
    assert (out.prev, out.n, out.name) == (3, 2, "Output") and out.fused
    assert out.opt.eta == 0.1 and type(out.loss).__name__ == "Cross"


def test_initialisations():
    rng = np.random.default_rng(0)
    normal = BaseLayer(prev=300, n=400, wb_width=0.1, opt="SGD", rng=rng)
    assert normal.w.std() == pytest.approx(0.1, rel=0.02)
    assert normal.b.std() == pytest.approx(0.1, rel=0.2)
    he = BaseLayer(prev=300, n=400, opt="SGD", init="he", rng=rng)
    assert he.w.std() == pytest.approx(np.sqrt(2 / 300), rel=0.02)
    assert np.all(he.b == 0)
    xa = BaseLayer(prev=300, n=400, opt="SGD", init="xavier", rng=rng)
    assert xa.w.std() == pytest.approx(np.sqrt(2 / 700), rel=0.02)
    a = BaseLayer(prev=3, n=2, opt="SGD", rng=np.random.default_rng(7))
    b = BaseLayer(prev=3, n=2, opt="SGD", rng=np.random.default_rng(7), dtype=np.float32)
    np.testing.assert_array_equal(a.w.astype(np.float32), b.w)


def test_bad_arguments_raise_clear_errors():
    with pytest.raises(ValueError, match="prev must be an integer >= 1, got 0"):
        BaseLayer(prev=0)
    with pytest.raises(ValueError, match="n must be an integer >= 1, got 2.5"):
        BaseLayer(n=2.5)
    with pytest.raises(ValueError, match="wb_width must be a finite number >= 0, got -1"):
        BaseLayer(wb_width=-1)
    with pytest.raises(ValueError, match="dtype must be float32 or float64, got int64"):
        BaseLayer(dtype=np.int64)
    with pytest.raises(ValueError, match="init must be one of normal, he, xavier, got 'lecun'"):
        BaseLayer(init="lecun")
    with pytest.raises(ValueError, match="unknown activation 'relu7'"):
        BaseLayer(act="relu7")
    with pytest.raises(ValueError, match="unknown optimizer"):
        BaseLayer(opt="adamx")
    layer = BaseLayer(prev=3, n=2, opt="SGD")
    with pytest.raises(ValueError, match=r"x must have shape \(batch, 3\), got \(4, 2\)"):
        layer.forward(np.zeros((4, 2)))
    with pytest.raises(ValueError, match=r"w must have shape \(..., prev, n\)"):
        layer.set_params(np.zeros((2, 3)), np.zeros(2))
    with pytest.raises(ValueError, match=r"b must have shape \(5, 2\)"):
        layer.set_params(np.zeros((5, 3, 2)), np.zeros(2))
    with pytest.raises(RuntimeError, match="before forward"):
        BaseLayer(opt="SGD").backward(np.zeros((1, 1)))


# (hidden activation, output activation, loss): fused pairs and unfused chains
NETS = [
    ("tanh", "softmax", "cross"),
    ("ReLU", "sigmoid", "binary"),
    ("Mish", "identity", "square"),
    ("sigmoid", "softmax", "square"),
    ("ELU", "sigmoid", "square"),
    ("softplus", "sigmoid", "cross"),
    ("tanh", "softmax", "binary"),
]


@pytest.mark.parametrize(("hid", "out", "loss"), NETS)
@settings(max_examples=15, deadline=None)
@given(x=arrays(np.float64, (5, 3), elements=st.floats(-2.0, 2.0)), seed=st.integers(0, 999))
def test_gradients_match_finite_differences(hid, out, loss, x, seed):
    rng = np.random.default_rng(seed)
    l1 = MiddleLayer(prev=3, n=4, act=hid, opt="SGD", wb_width=0.8, rng=rng)
    l2 = OutputLayer(prev=4, n=2, act=out, opt="SGD", loss=loss, wb_width=0.8, rng=rng)
    if loss == "cross":
        t = np.eye(2)[rng.integers(0, 2, 5)]
    else:
        t = rng.uniform(0.1, 0.9, (5, 2))
    x = x.copy()

    def total() -> float:
        l2.forward(l1.forward(x))
        return l2.get_loss(t)

    total()
    l1.backward(l2.backward(t))
    # A ReLU kink within H of a pre-activation would spoil the difference quotient
    if hid == "ReLU" and np.min(np.abs(l1.u)) < 1e-4:
        return
    dx = l1.backward(l2.backward(t))
    got = [l1.grad_w, l1.grad_b, l2.grad_w, l2.grad_b, dx]
    want = [_fd(total, a) for a in (l1.w, l1.b, l2.w, l2.b, x)]
    for g, w in zip(got, want, strict=True):
        assert _rel(g, w) < 1e-6


def test_explicit_gradient_backward_is_the_vjp():
    rng = np.random.default_rng(2)
    layer = BaseLayer(prev=3, n=4, act="softmax", opt="SGD", wb_width=1.0, rng=rng)
    x = rng.normal(size=(2, 3))
    g = rng.normal(size=(2, 4))

    def f() -> float:
        return float(np.sum(g * layer.forward(x)))

    f()
    dx = layer.backward(g)
    assert _rel(dx, _fd(f, x)) < 1e-6
    assert _rel(layer.grad_w, _fd(f, layer.w)) < 1e-6
    assert layer.backward(g, input_grad=False) is None


@pytest.mark.parametrize("prev", [1, 3])
@pytest.mark.parametrize(("act", "loss"), [("sigmoid", "square"), ("sigmoid", "binary"),
                                           ("tanh", "square"), ("softmax", "cross")])  # fmt: skip
def test_stacked_parameters_equal_a_loop(prev, act, loss):
    rng = np.random.default_rng(11)
    n = 2 if act == "softmax" else 1
    P = (4, 3)
    W = rng.normal(size=P + (prev, n))
    B = rng.normal(size=P + (n,))
    x = rng.normal(size=(5, prev))
    t = np.eye(2)[rng.integers(0, 2, 5)][:, :n] if loss == "cross" else rng.uniform(0, 1, (5, n))
    stacked = OutputLayer(prev=prev, n=n, act=act, loss=loss, opt="SGD")
    stacked.set_params(W, B)
    y = stacked.forward(x)
    L = stacked.get_loss(t)
    dx = stacked.backward(t)
    assert y.shape == P + (5, n) and L.shape == P and dx.shape == P + (5, prev)
    assert stacked.grad_w.shape == W.shape and stacked.grad_b.shape == B.shape
    single = OutputLayer(prev=prev, n=n, act=act, loss=loss, opt="SGD")
    for p in np.ndindex(P):
        single.set_params(W[p], B[p])
        np.testing.assert_allclose(y[p], single.forward(x), rtol=1e-13, atol=1e-15)
        assert L[p] == pytest.approx(single.get_loss(t), rel=1e-13)
        np.testing.assert_allclose(dx[p], single.backward(t), rtol=1e-12, atol=1e-15)
        np.testing.assert_allclose(stacked.grad_w[p], single.grad_w, rtol=1e-12, atol=1e-15)
        np.testing.assert_allclose(stacked.grad_b[p], single.grad_b, rtol=1e-12, atol=1e-15)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("stack", [(), (7,)])
def test_one_sample_gradients_are_the_sums_bit_for_bit(dtype, stack):
    # A batch of one sample skips the reduction over the batch axis: the result must be
    # exactly numpy's sum over that axis (whose sum of one element turns −0 into +0),
    # including saturated units whose delta is −0 (sigmoid at u = −800: y = 0, t = 0.5).
    w = np.array([-800.0, -1.0, 0.0, 2.0, 800.0, -3.0, 0.5])[: stack[0] if stack else 1]
    layer = OutputLayer(prev=1, n=1, act="sigmoid", loss="square", opt="SGD", dtype=dtype)
    layer.set_params(w.reshape(stack + (1, 1)), np.zeros(stack + (1,)))
    x, t = np.array([[1.0]], dtype), np.array([[0.5]], dtype)
    with np.errstate(over="ignore"):
        layer.forward(x)
    delta = layer._delta_of(layer._targets(t))
    layer._backward_delta(delta, False)
    want_w = np.add.reduce(x.swapaxes(-1, -2) * delta, axis=-2, keepdims=True)
    if not stack:
        want_w = want_w.reshape(1, 1)
    want_b = np.add.reduce(delta, axis=-2)
    assert layer.grad_w.dtype == layer.grad_b.dtype == dtype
    assert layer.grad_w.shape == want_w.shape and layer.grad_b.shape == want_b.shape
    np.testing.assert_array_equal(layer.grad_w, want_w)
    np.testing.assert_array_equal(layer.grad_b, want_b)
    np.testing.assert_array_equal(np.signbit(layer.grad_w), np.signbit(want_w))
    np.testing.assert_array_equal(np.signbit(layer.grad_b), np.signbit(want_b))
    if stack:
        assert np.signbit(delta.reshape(-1)[0])  # the −0 case really occurs
        assert not np.signbit(layer.grad_w.reshape(-1)[0])


def test_neuron_grid_equals_the_closed_form():
    # the seed's surface: ½(σ(x·w + b) − y*)² with x = 1, y* = 0.5, on a 500 × 500 grid
    ws = np.linspace(-2, 2, 500)
    W, B = np.meshgrid(ws, ws, indexing="ij")
    layer = OutputLayer(prev=1, n=1, act="sigmoid", loss="square", opt="SGD")
    layer.set_params(W[..., None, None], B[..., None])
    layer.forward(np.array([[1.0]]))
    L = layer.get_loss(np.array([[0.5]]))
    s = 1 / (1 + np.exp(-(W + B)))
    np.testing.assert_allclose(L, 0.5 * (s - 0.5) ** 2, rtol=1e-13, atol=1e-17)
    layer.backward(np.array([[0.5]]))
    g = (s - 0.5) * s * (1 - s)  # dL/dw = dL/db for x = 1
    np.testing.assert_allclose(layer.grad_w[..., 0, 0], g, rtol=1e-12, atol=1e-17)
    np.testing.assert_allclose(layer.grad_b[..., 0], g, rtol=1e-12, atol=1e-17)


def test_update_applies_the_optimizer_moves_and_keeps_float32():
    rng = np.random.default_rng(4)
    layer = MiddleLayer(prev=3, n=2, act="tanh", opt="SGD", opt_dic={"eta": 0.1},
                        dtype=np.float32, rng=rng)  # fmt: skip
    x = rng.normal(size=(6, 3))
    y = layer.forward(x)
    assert layer.x.dtype == np.float32 and y.dtype == np.float32
    layer.backward(np.ones((6, 2), np.float32))
    assert layer.grad_w.dtype == np.float32 and layer.grad_b.dtype == np.float32
    w0, b0 = layer.w.copy(), layer.b.copy()
    layer.update(t=1)
    assert layer.w.dtype == np.float32 and layer.b.dtype == np.float32
    np.testing.assert_allclose(layer.w, w0 - np.float32(0.1) * layer.grad_w, rtol=1e-6)
    np.testing.assert_allclose(layer.b, b0 - np.float32(0.1) * layer.grad_b, rtol=1e-6)


def test_output_layer_fuses_only_the_matching_pairs():
    assert OutputLayer(act="sigmoid", loss="binary", opt="SGD").fused
    assert OutputLayer(act="softmax", loss="cross", opt="SGD").fused
    assert not OutputLayer(act="softmax", loss="square", opt="SGD").fused
    assert not OutputLayer(act="sigmoid", loss="cross", opt="SGD").fused
    layer = OutputLayer(prev=2, n=2, act="softmax", loss="cross", opt="SGD")
    layer.forward(np.zeros((3, 2)))
    with pytest.raises(ValueError, match=r"t must have shape \(3, 2\)"):
        layer.get_loss(np.zeros((3, 1)))
