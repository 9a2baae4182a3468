"""Max pooling and Flatten: forward against the definition, gradients by finite differences."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gradscape.core.layers import Flatten, Pooling

H = 1e-6


def _fd(f, a: np.ndarray) -> np.ndarray:
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


def _distinct(rng, shape) -> np.ndarray:
    """Values at least 0.1 apart (no ties, so max pooling is differentiable at them)."""
    size = int(np.prod(shape))
    return (rng.permutation(size) * 0.1 + rng.uniform(0, 0.01, size)).reshape(shape) - size * 0.05


def _direct(x, pool, stride, pad):
    n, c, h, w = x.shape
    xp = np.full((n, c, h + 2 * pad[0], w + 2 * pad[1]), -np.inf)
    xp[:, :, pad[0] : pad[0] + h, pad[1] : pad[1] + w] = x
    oh = (xp.shape[2] - pool[0]) // stride[0] + 1
    ow = (xp.shape[3] - pool[1]) // stride[1] + 1
    y = np.empty((n, c, oh, ow))
    for i in range(oh):
        for j in range(ow):
            win = xp[:, :, i * stride[0] : i * stride[0] + pool[0],
                     j * stride[1] : j * stride[1] + pool[1]]  # fmt: skip
            y[:, :, i, j] = win.max(axis=(2, 3))
    return y


cases = st.fixed_dictionaries(
    {
        "n": st.integers(1, 3),
        "c": st.integers(1, 3),
        "h": st.integers(2, 7),
        "w": st.integers(2, 7),
        "pool": st.integers(1, 3),
        "stride": st.one_of(st.none(), st.integers(1, 3)),
        "pad": st.integers(0, 2),
        "seed": st.integers(0, 2**16),
    }
).filter(lambda s: s["pad"] < s["pool"] and s["pool"] <= min(s["h"], s["w"]) + 2 * s["pad"])


@settings(max_examples=50, deadline=None)
@given(cases)
def test_forward_and_gradient(s):
    layer = Pooling((s["c"], s["h"], s["w"]), pool=s["pool"], stride=s["stride"], pad=s["pad"])
    rng = np.random.default_rng(s["seed"])
    x = _distinct(rng, (s["n"], s["c"], s["h"], s["w"]))
    y = layer.forward(x)
    np.testing.assert_array_equal(y, _direct(x, layer.pool, layer.stride, layer.pad))
    r = rng.standard_normal(y.shape)

    def loss() -> float:
        return float(np.sum(layer.forward(x) * r))

    loss()
    dx = layer.backward(r)
    fd = _fd(loss, x)
    assert np.linalg.norm(dx - fd) <= 1e-6 * max(np.linalg.norm(fd), 1.0)


def test_gradient_goes_to_the_argmax_by_hand():
    layer = Pooling((1, 2, 4), pool=2)
    x = np.array([[[[1.0, 5.0, 2.0, 0.0], [3.0, 4.0, 7.0, 6.0]]]])
    np.testing.assert_array_equal(layer.forward(x), [[[[5.0, 7.0]]]])
    dx = layer.backward(np.array([[[[10.0, 20.0]]]]))
    np.testing.assert_array_equal(dx, [[[[0.0, 10.0, 0.0, 0.0], [0.0, 0.0, 20.0, 0.0]]]])


def test_overlapping_windows_sum_their_gradients():
    # pool 2, stride 1 on [0, 9, 1]: both windows pick the 9
    layer = Pooling((1, 1, 3), pool=(1, 2), stride=1)
    y = layer.forward(np.array([[[[0.0, 9.0, 1.0]]]]))
    np.testing.assert_array_equal(y, [[[[9.0, 9.0]]]])
    np.testing.assert_array_equal(layer.backward(np.array([[[[1.0, 2.0]]]])), [[[[0, 3.0, 0]]]])


def test_ties_send_the_gradient_to_the_first_maximum_only():
    layer = Pooling((1, 2, 2), pool=2)
    layer.forward(np.zeros((1, 1, 2, 2)))
    np.testing.assert_array_equal(layer.backward(np.ones((1, 1, 1, 1))), [[[[1.0, 0], [0, 0]]]])


def test_padding_never_wins_a_window():
    layer = Pooling((1, 2, 2), pool=2, stride=2, pad=1)
    x = -np.array([[[[1.0, 2.0], [3.0, 4.0]]]])
    np.testing.assert_array_equal(layer.forward(x), [[[[-1.0, -2.0], [-3.0, -4.0]]]])


def test_series_defaults_and_shapes():
    layer = Pooling((16, 8, 8), pool=2)
    assert layer.stride == (2, 2) and layer.pad == (0, 0)
    assert layer.out_shape == (16, 4, 4) and layer.n == 256 and layer.prev == 1024
    assert layer.trainable is False and layer.opt is None
    assert layer.update(t=1, f=0.0) is None  # no parameters: the series' update does nothing


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_dtype_is_kept(dtype):
    layer = Pooling((2, 4, 4), pool=2, pad=1, dtype=dtype)
    y = layer.forward(np.random.default_rng(0).standard_normal((3, 2, 4, 4)))
    assert y.dtype == dtype and layer.backward(np.ones_like(y)).dtype == dtype


@pytest.mark.parametrize(
    ("kw", "message"),
    [
        ({}, "Pooling needs I_shape"),
        ({"I_shape": (1, 4, 4), "pool": 0}, "pool must be an integer >= 1, got 0"),
        ({"I_shape": (1, 4, 4), "pool": 2, "pad": 2}, "pad must be .* smaller than pool"),
        ({"I_shape": (1, 4, 4), "pool": 5}, "window of 5 does not fit"),
        ({"I_shape": (1, 4, 4), "pool": 2, "stride": (1, 2, 3)}, "stride must be an integer"),
    ],
)
def test_bad_arguments_name_the_field(kw, message):
    with pytest.raises(ValueError, match=message):
        Pooling(**kw)


def test_flatten_round_trip():
    layer = Flatten((2, 3, 4))
    x = np.arange(2 * 24, dtype=float).reshape(2, 2, 3, 4)
    y = layer.forward(x)
    assert y.shape == (2, 24) and layer.out_shape == (24,)
    np.testing.assert_array_equal(y[1], np.arange(24, 48))
    g = np.arange(48, dtype=float).reshape(2, 24)
    np.testing.assert_array_equal(layer.backward(g), g.reshape(2, 2, 3, 4))
    with pytest.raises(ValueError, match=r"x must have shape \(batch, 2, 3, 4\)"):
        layer.forward(np.zeros((2, 24)))
