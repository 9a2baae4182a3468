"""Convolution: forward against a direct sum over pixels, gradients by finite differences."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gradscape.core.layers import Convolution
from gradscape.core.optimizers import get_opt

H = 1e-6


def _rel(a, b) -> float:
    """Norm-wise relative error (floor 1e-2: absolute 1e-8 where the gradient vanishes)."""
    return float(np.linalg.norm(a - b) / max(np.linalg.norm(a) + np.linalg.norm(b), 1e-2))


def _fd(f, a: np.ndarray) -> np.ndarray:
    """Central differences of the scalar f() with respect to a (perturbed in place)."""
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


def _direct(x, w, b, stride, pads):
    """The convolution written out as its definition: a sum per output pixel."""
    (top, bottom), (left, right) = pads
    n, c, h, wd = x.shape
    m, _, fh, fw = w.shape
    xp = np.zeros((n, c, h + top + bottom, wd + left + right))
    xp[:, :, top : top + h, left : left + wd] = x
    oh = (xp.shape[2] - fh) // stride[0] + 1
    ow = (xp.shape[3] - fw) // stride[1] + 1
    u = np.zeros((n, m, oh, ow))
    for i in range(oh):
        for j in range(ow):
            patch = xp[:, :, i * stride[0] : i * stride[0] + fh, j * stride[1] : j * stride[1] + fw]
            u[:, :, i, j] = np.einsum("nckl,mckl->nm", patch, w) + b
    return u


def _layer(c, h, w, m, f, stride, pad, act="identity", seed=0):
    return Convolution(
        I_shape=(c, h, w),
        F_shape=(m, f, f),
        stride=stride,
        pad=pad,
        act=act,
        opt="SGD",
        rng=np.random.default_rng(seed),
        init="he",
    )


shapes = st.fixed_dictionaries(
    {
        "n": st.integers(1, 3),
        "c": st.integers(1, 3),
        "h": st.integers(3, 7),
        "w": st.integers(3, 7),
        "m": st.integers(1, 3),
        "f": st.integers(1, 3),
        "stride": st.integers(1, 3),
        "pad": st.sampled_from(["same", "valid", 0, 1, 2]),
        "seed": st.integers(0, 2**16),
    }
)


@settings(max_examples=40, deadline=None)
@given(shapes)
def test_forward_equals_the_direct_sum(s):
    layer = _layer(s["c"], s["h"], s["w"], s["m"], s["f"], s["stride"], s["pad"], seed=s["seed"])
    rng = np.random.default_rng(s["seed"] + 1)
    layer.b = rng.standard_normal(layer.b.shape)
    x = rng.standard_normal((s["n"], s["c"], s["h"], s["w"]))
    y = layer.forward(x)
    np.testing.assert_allclose(
        y, _direct(x, layer.w, layer.b, layer.stride, layer.pads), rtol=1e-12, atol=1e-12
    )
    assert y.shape == (s["n"], *layer.out_shape)


@settings(max_examples=30, deadline=None)
@given(shapes, st.sampled_from(["identity", "tanh"]))
def test_gradients_match_finite_differences(s, act):
    layer = _layer(s["c"], s["h"], s["w"], s["m"], s["f"], s["stride"], s["pad"], act, s["seed"])
    rng = np.random.default_rng(s["seed"] + 2)
    layer.b = rng.standard_normal(layer.b.shape)
    x = rng.standard_normal((s["n"], s["c"], s["h"], s["w"]))
    r = rng.standard_normal((s["n"], *layer.out_shape))

    def loss() -> float:
        return float(np.sum(layer.forward(x) * r))

    loss()
    dx = layer.backward(r)
    gw, gb = layer.grad_w.copy(), layer.grad_b.copy()
    assert _rel(gw, _fd(loss, layer.w)) < 1e-6
    assert _rel(gb, _fd(loss, layer.b)) < 1e-6
    assert _rel(dx, _fd(loss, x)) < 1e-6


@pytest.mark.parametrize(
    ("size", "f", "stride", "pad", "out"),
    [
        (8, 3, 1, "same", 8),
        (8, 3, 2, "same", 4),
        (7, 3, 2, "same", 4),  # ⌈7/2⌉
        (8, 4, 1, "same", 8),  # an even filter: the odd padding row at the bottom
        (8, 3, 1, "valid", 6),
        (8, 3, 2, 1, 4),  # (8 + 2 − 3)//2 + 1
        (5, 5, 1, "valid", 1),
    ],
)
def test_output_sizes(size, f, stride, pad, out):
    layer = _layer(2, size, size, 4, f, stride, pad)
    assert layer.out_shape == (4, out, out)
    assert layer.prev == 2 * size * size and layer.n == 4 * out * out


def test_same_padding_for_an_even_filter_puts_the_extra_row_last():
    layer = _layer(1, 8, 8, 1, 4, 1, "same")
    assert layer.pads == ((1, 2), (1, 2))


def test_series_keywords_and_shapes_with_defaults():
    # the series' ConvLayer(I_shape, F_shape, stride=1, pad="same"), act ReLU, opt Adam
    layer = Convolution((8, 8), (6, 3), rng=np.random.default_rng(0))
    assert layer.in_shape == (1, 8, 8)
    assert layer.F_shape == (6, 3, 3)
    assert layer.w.shape == (6, 1, 3, 3) and layer.b.shape == (6,)
    assert type(layer.act).__name__ == "ReLU" and type(layer.opt).__name__ == "Adam"
    assert layer.stride == (1, 1) and layer.out_shape == (6, 8, 8)
    # the series' initialisation: wb_width·randn for weights and biases alike
    rng = np.random.default_rng(0)
    np.testing.assert_array_equal(layer.w, 5e-2 * rng.standard_normal((6, 1, 3, 3)))
    np.testing.assert_array_equal(layer.b, 5e-2 * rng.standard_normal(6))


def test_flat_inputs_are_reshaped_by_I_shape():
    layer = _layer(2, 4, 5, 3, 3, 1, "same")
    x = np.random.default_rng(0).standard_normal((3, 2, 4, 5))
    np.testing.assert_array_equal(layer.forward(x.reshape(3, -1)), layer.forward(x))


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_dtype_is_kept_everywhere(dtype):
    layer = Convolution((2, 6, 6), (3, 3, 3), opt="Adam", dtype=dtype,
                        rng=np.random.default_rng(0))  # fmt: skip
    x = np.random.default_rng(1).standard_normal((4, 2, 6, 6))
    y = layer.forward(x)
    dx = layer.backward(np.ones_like(y))
    assert y.dtype == dx.dtype == layer.grad_w.dtype == layer.grad_b.dtype == dtype
    w0 = layer.w.copy()
    layer.update(t=1)
    assert layer.w.dtype == layer.b.dtype == dtype
    # Adam's first move is −η·sign(g) (to ε): every weight with a gradient moves by η
    moved = np.abs(layer.w - w0)[layer.grad_w != 0]
    np.testing.assert_allclose(moved, 1e-3, rtol=1e-3)


def test_update_is_the_series_contract():
    layer = _layer(1, 5, 5, 2, 3, 1, "same")
    layer.opt = get_opt("SGD", eta=0.1)
    x = np.random.default_rng(3).standard_normal((2, 1, 5, 5))
    layer.forward(x)
    layer.backward(np.ones((2, 2, 5, 5)))
    w0, b0 = layer.w.copy(), layer.b.copy()
    layer.update()
    np.testing.assert_allclose(layer.w, w0 - 0.1 * layer.grad_w, rtol=0, atol=1e-15)
    np.testing.assert_allclose(layer.b, b0 - 0.1 * layer.grad_b, rtol=0, atol=1e-15)
    # the bias gradient of Σ y with an identity activation counts the output pixels
    np.testing.assert_array_equal(layer.grad_b, [2 * 25, 2 * 25])


def test_first_layer_needs_no_input_gradient():
    layer = _layer(1, 5, 5, 2, 3, 1, "same")
    layer.forward(np.ones((1, 1, 5, 5)))
    assert layer.backward(np.ones((1, 2, 5, 5)), input_grad=False) is None
    assert layer.grad_w is not None


@pytest.mark.parametrize(
    ("kw", "message"),
    [
        ({"I_shape": (1, 8, 8)}, "needs I_shape=.* and F_shape"),
        ({"I_shape": (1, 8, 8, 8, 8), "F_shape": (2, 3, 3)}, "I_shape must be a tuple of 2 or 3"),
        ({"I_shape": (1, 0, 8), "F_shape": (2, 3, 3)}, "I_shape must be an integer >= 1, got 0"),
        ({"I_shape": (1, 8, 8), "F_shape": (2, 3, 3), "stride": 0}, "stride must be an int"),
        ({"I_shape": (1, 8, 8), "F_shape": (2, 3, 3), "pad": "full"}, "pad must be 'same'"),
        ({"I_shape": (1, 8, 8), "F_shape": (2, 3, 3), "pad": -1}, "pad must be 'same'"),
        ({"I_shape": (1, 2, 2), "F_shape": (2, 3, 3), "pad": "valid"}, "window of 3 does not"),
        ({"I_shape": (1, 8, 8), "F_shape": (2, 3, 3), "dtype": np.int32}, "dtype must be float"),
        ({"I_shape": (1, 8, 8), "F_shape": (2, 3, 3), "init": "zeros"}, "init must be one of"),
    ],
)
def test_bad_arguments_name_the_field(kw, message):
    with pytest.raises(ValueError, match=message):
        Convolution(**kw)


def test_wrong_input_shape_is_named():
    layer = _layer(1, 8, 8, 2, 3, 1, "same")
    message = r"x must have shape \(batch, 1, 8, 8\), got \(2, 1, 8, 7\)"
    with pytest.raises(ValueError, match=message):
        layer.forward(np.zeros((2, 1, 8, 7)))
