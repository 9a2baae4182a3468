"""Losses: hand-computed values, finite-difference gradients, fused paths, stability."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from gradscape.core.activations import get_act
from gradscape.core.losses import LOSSES, get_loss

H = 1e-6


def _fd(f, y: np.ndarray) -> np.ndarray:
    out = np.zeros_like(y)
    for idx in np.ndindex(y.shape):
        yp, ym = y.copy(), y.copy()
        yp[idx] += H
        ym[idx] -= H
        out[idx] = (f(yp) - f(ym)) / (2 * H)
    return out


def _rel(a, b) -> float:
    """Norm-wise relative error.  The 1e-2 floor makes it an absolute 1e-8 where the
    gradient vanishes: the central difference of an O(1) loss with H = 1e-6 carries
    round-off of order 1e-16/H per term."""
    return float(np.linalg.norm(a - b) / max(np.linalg.norm(a) + np.linalg.norm(b), 1e-2))


def test_registry_and_lookup():
    assert LOSSES.names() == ["square", "binary", "cross"]
    assert type(get_loss("Square")).__name__ == "Square"
    assert type(get_loss("binary-cross-entropy")).__name__ == "Binary"
    assert type(get_loss("CrossEntropy")).__name__ == "Cross"
    with pytest.raises(ValueError, match="unknown loss 'hinge'.*square, binary, cross"):
        get_loss("hinge")


def test_every_loss_class_is_registered():
    import gradscape.core.losses as mod

    classes = {
        obj
        for obj in vars(mod).values()
        if isinstance(obj, type) and issubclass(obj, mod.Loss) and obj is not mod.Loss
    }
    assert classes == {cls for _, cls in LOSSES.items()}


def test_hand_computed_values():
    y = np.array([[1.0, 2.0], [3.0, 4.0]])
    t = np.array([[0.0, 0.0], [1.0, 1.0]])
    # per sample ½(1 + 4) = 2.5 and ½(4 + 9) = 6.5, batch mean 4.5
    assert get_loss("square").forward(y, t) == pytest.approx(4.5, rel=1e-15)
    np.testing.assert_allclose(get_loss("square").backward(y, t), [[0.5, 1.0], [1.0, 1.5]])
    yb, tb = np.array([[0.8], [0.4]]), np.array([[1.0], [0.0]])
    assert get_loss("binary").forward(yb, tb) == pytest.approx(
        (-math.log(0.8) - math.log(0.6)) / 2, rel=1e-14
    )
    yc = np.array([[0.2, 0.8], [0.5, 0.5]])
    tc = np.array([[0.0, 1.0], [1.0, 0.0]])
    assert get_loss("cross").forward(yc, tc) == pytest.approx(
        (-math.log(0.8) - math.log(0.5)) / 2, rel=1e-14
    )
    np.testing.assert_allclose(get_loss("cross").backward(yc, tc), [[0, -1 / 1.6], [-1.0, 0]])


@pytest.mark.parametrize("name", ["square", "binary", "cross"])
@settings(max_examples=30, deadline=None)
@given(
    y=arrays(np.float64, (3, 4), elements=st.floats(0.02, 0.98)),
    t=arrays(np.float64, (3, 4), elements=st.floats(0.0, 1.0)),
)
def test_backward_matches_finite_differences(name, y, t):
    loss = get_loss(name)
    assert _rel(loss.backward(y, t), _fd(lambda z: loss.forward(z, t), y)) < 1e-6


@pytest.mark.parametrize(("name", "act"), [("binary", "sigmoid"), ("cross", "softmax")])
@settings(max_examples=30, deadline=None)
@given(u=arrays(np.float64, (3, 4), elements=st.floats(-8.0, 8.0)), seed=st.integers(0, 99))
def test_fused_paths_equal_the_unfused_chain(name, act, u, seed):
    loss, a = get_loss(name), get_act(act)
    rng = np.random.default_rng(seed)
    if name == "cross":
        t = np.eye(4)[rng.integers(0, 4, 3)]
    else:
        t = rng.uniform(0, 1, (3, 4))
    y = a.forward(u)
    # value from logits = value of the activation followed by the loss
    assert loss.fused_forward(u, t) == pytest.approx(loss.forward(y, t), rel=1e-9)
    # δ = (y − t)/batch = act's vjp of the loss gradient, and = d(fused loss)/du
    chain = a.vjp(u, y, loss.backward(y, t))
    delta = loss.fused_delta(y, t)
    assert _rel(delta, chain) < 1e-9
    np.testing.assert_allclose(delta, (y - t) / 3, rtol=1e-12, atol=1e-15)
    assert _rel(delta, _fd(lambda z: loss.fused_forward(z, t), u)) < 1e-6


def test_cross_fused_delta_for_targets_not_summing_to_one():
    u = np.array([[0.3, -1.2, 2.0]])
    t = np.array([[0.5, 1.0, 0.0]])
    loss = get_loss("cross")
    fd = _fd(lambda z: loss.fused_forward(z, t), u)
    assert _rel(loss.fused_delta(get_act("softmax").forward(u), t), fd) < 1e-6


def test_no_log_of_zero():
    # filterwarnings=error: a log(0) or 0/0 warning would fail the test
    b = get_loss("binary")
    v = b.forward(np.array([[0.0], [1.0]]), np.array([[1.0], [0.0]]))
    assert math.isfinite(v) and v == pytest.approx(-math.log(np.finfo(float).eps), rel=1e-12)
    assert np.all(np.isfinite(b.backward(np.array([[0.0], [1.0]]), np.array([[1.0], [0.0]]))))
    c = get_loss("cross")
    v = c.forward(np.array([[0.0, 1.0]]), np.array([[1.0, 0.0]]))
    assert math.isfinite(v) and v > 700
    v32 = c.forward(np.array([[0.0, 1.0]], np.float32), np.array([[1.0, 0.0]], np.float32))
    assert math.isfinite(v32) and v32 > 80
    # the fused forms are exact far out: softplus(1000) = 1000, logsumexp([1000, 0]) = 1000
    assert b.fused_forward(np.array([[1000.0]]), np.array([[0.0]])) == 1000.0
    assert c.fused_forward(np.array([[1000.0, 0.0]]), np.array([[0.0, 1.0]])) == 1000.0
    assert b.fused_forward(np.array([[-1000.0]]), np.array([[0.0]])) == 0.0


@pytest.mark.parametrize("name", ["square", "binary", "cross"])
def test_stacked_losses_equal_a_loop(name):
    rng = np.random.default_rng(1)
    y = rng.uniform(0.05, 0.95, (4, 3, 5, 2))
    t = np.eye(2)[rng.integers(0, 2, 5)]
    loss = get_loss(name)
    out = loss.forward(y, t)
    assert out.shape == (4, 3)
    for i, j in np.ndindex(4, 3):
        assert out[i, j] == pytest.approx(loss.forward(y[i, j], t), rel=1e-14)
    g = loss.backward(y, t)
    assert g.shape == y.shape
    np.testing.assert_allclose(g[2, 1], loss.backward(y[2, 1], t), rtol=1e-14)


@pytest.mark.parametrize("name", ["square", "binary", "cross"])
def test_float32_stays_float32(name):
    y = np.array([[0.2, 0.8], [0.6, 0.4]], np.float32)
    t = np.array([[0.0, 1.0], [1.0, 0.0]], np.float32)
    loss = get_loss(name)
    assert loss.backward(y, t).dtype == np.float32
    assert loss.forward(y, t) == pytest.approx(loss.forward(y.astype(float), t), rel=1e-6)


def test_shape_mismatch_is_a_clear_error():
    with pytest.raises(ValueError, match=r"t must have shape \(batch, units\) = \(2, 3\)"):
        get_loss("square").forward(np.zeros((2, 3)), np.zeros((2, 2)))


def test_torch_agrees():
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(5)
    u = rng.normal(0, 3, (6, 4))
    t = np.eye(4)[rng.integers(0, 4, 6)]
    ce = torch.nn.functional.cross_entropy(torch.tensor(u), torch.tensor(t)).item()
    assert get_loss("cross").fused_forward(u, t) == pytest.approx(ce, rel=1e-12)
    tb = rng.uniform(0, 1, (6, 4))
    # torch averages over every element; ours sums the 4 units and averages the batch
    bce = torch.nn.functional.binary_cross_entropy_with_logits(
        torch.tensor(u), torch.tensor(tb)
    ).item()
    assert get_loss("binary").fused_forward(u, tb) == pytest.approx(4 * bce, rel=1e-12)


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_cross_gradient_is_zero_where_the_clipped_loss_is_flat(dtype):
    # A non-probability output (identity, tanh) can leave (0, 1].  The loss there is that
    # of the clipped output: log(tiny) at and below 0, log 1 = 0 above 1 — flat, so its
    # gradient is 0 (not −t/tiny ≈ −4e307, nor −t/y of an unbounded-below loss).
    c = get_loss("cross")
    y = np.array([[-0.5, 0.25, 1.0, 1.5, 0.0]], dtype)
    t = np.array([[1.0, 1.0, 1.0, 1.0, 1.0]], dtype)
    g = c.backward(y, t)
    assert g.dtype == dtype
    np.testing.assert_array_equal(g, np.array([[0.0, -4.0, -1.0, 0.0, 0.0]], dtype))
    tiny = np.finfo(dtype).tiny
    want = -(math.log(tiny) + math.log(0.25) + 0.0 + 0.0 + math.log(tiny))
    assert c.forward(y, t) == pytest.approx(want, rel=1e-6)
    # the derivative of the forward pass on both sides of the edges, by central differences
    h = 1e-6
    for y0, expect in [(-0.5, 0.0), (1.5, 0.0), (0.5, -2.0), (0.999, -1 / 0.999)]:
        yy = np.array([[y0]])
        fd = (c.forward(yy + h, np.ones((1, 1))) - c.forward(yy - h, np.ones((1, 1)))) / (2 * h)
        assert fd == pytest.approx(expect, rel=1e-6, abs=1e-9)
        assert c.backward(yy, np.ones((1, 1)))[0, 0] == pytest.approx(expect, rel=1e-12)
