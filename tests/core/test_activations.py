"""Activations: registry, hand-computed values, finite-difference gradients, stability."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from gradscape.core.activations import ACTIVATIONS, get_act

SERIES_26 = [
    "step", "identity", "bentIdentity", "hardShrink", "softShrink", "threshold", "sigmoid",
    "hardSigmoid", "logSigmoid", "tanh", "tanhShrink", "hardtanh", "ReLU", "ReLU6",
    "leakyReLU", "ELU", "SELU", "CELU", "softmax", "softmin", "logSoftmax", "softplus",
    "softsign", "Swish", "Mish", "tanhExp",
]  # fmt: skip

# (name, parameters, points where the derivative jumps) — written from the definitions,
# so the finite differences never straddle a kink.
CASES = [
    ("step", {}, [0.0]),
    ("identity", {}, []),
    ("bentIdentity", {}, []),
    ("hardShrink", {}, [-0.5, 0.5]),
    ("hardShrink", {"lam": 1.5}, [-1.5, 1.5]),
    ("softShrink", {}, [-0.5, 0.5]),
    ("softShrink", {"lambda": 2.0}, [-2.0, 2.0]),
    ("threshold", {}, [0.0]),
    ("threshold", {"th": 0.7, "value": 3.0}, [0.7]),
    ("sigmoid", {}, []),
    ("hardSigmoid", {}, [-2.5, 2.5]),
    ("logSigmoid", {}, []),
    ("tanh", {}, []),
    ("tanhShrink", {}, []),
    ("hardtanh", {}, [-1.0, 1.0]),
    ("ReLU", {}, [0.0]),
    ("ReLU6", {}, [0.0, 6.0]),
    ("leakyReLU", {}, [0.0]),
    ("leakyReLU", {"alpha": 0.3}, [0.0]),
    ("ELU", {}, [0.0]),
    ("ELU", {"alpha": 0.4}, [0.0]),
    ("SELU", {}, [0.0]),
    ("CELU", {}, [0.0]),
    ("CELU", {"alpha": 2.5}, [0.0]),
    ("softmax", {}, []),
    ("softmin", {}, []),
    ("logSoftmax", {}, []),
    ("softplus", {}, []),
    ("softsign", {}, [0.0]),  # f'' jumps at 0: keep the central difference off it
    ("Swish", {}, []),
    ("Swish", {"beta": 2.5}, []),
    ("Mish", {}, []),
    ("tanhExp", {}, []),
]

H = 1e-5
MARGIN = 1e-3


def _away_from(x: np.ndarray, kinks: list[float]) -> np.ndarray:
    x = x.copy()
    for k in kinks:
        near = np.abs(x - k) < MARGIN
        x[near] = k + 2 * MARGIN
    return x


def _fd_vjp_and_diag(f, x: np.ndarray, g: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Central differences of f: the vector-Jacobian product gᵀJ and the diagonal of J."""
    vjp = np.zeros_like(x)
    diag = np.zeros_like(x)
    for idx in np.ndindex(x.shape):
        xp, xm = x.copy(), x.copy()
        xp[idx] += H
        xm[idx] -= H
        col = (f(xp) - f(xm)) / (2 * H)
        vjp[idx] = np.sum(g * col)
        diag[idx] = col[idx]
    return vjp, diag


def _rel(a: np.ndarray, b: np.ndarray) -> float:
    """Norm-wise relative error; the 1e-3 floor turns it into an absolute 1e-9 where the
    derivative itself vanishes (the central difference's own error is O(H²) = 1e-10)."""
    return float(np.linalg.norm(a - b) / max(np.linalg.norm(a) + np.linalg.norm(b), 1e-3))


def test_registry_holds_the_series_26():
    assert len(ACTIVATIONS) == 26
    for name in SERIES_26:
        assert name in ACTIVATIONS, name
        cls = ACTIVATIONS[name]
        assert cls.display_name and cls.formula


def test_every_activation_class_is_registered():
    import gradscape.core.activations as mod

    classes = {
        obj
        for obj in vars(mod).values()
        if isinstance(obj, type) and issubclass(obj, mod.Activation) and obj is not mod.Activation
    }
    assert classes == {cls for _, cls in ACTIVATIONS.items()}


@pytest.mark.parametrize(
    ("name", "key"),
    [("ReLU", "relu"), ("relu", "relu"), ("leaky-ReLU", "leakyrelu"), ("lrelu", "leakyrelu"),
     ("Leaky ReLU", "leakyrelu"), ("bent_identity", "bentidentity"), ("Swish", "swish"),
     ("SiLU", "swish"), ("log-softmax", "logsoftmax")],
)  # fmt: skip
def test_lookup_ignores_case_and_punctuation(name, key):
    assert ACTIVATIONS.key(name) == key
    assert type(get_act(name)).__name__.lower() == type(get_act(key)).__name__.lower()


def test_unknown_name_and_bad_parameters_raise_clear_errors():
    with pytest.raises(ValueError, match="unknown activation 'relu7'.*valid names:.*relu6"):
        get_act("relu7")
    with pytest.raises(ValueError, match=r"alpha must be > 0, got -1"):
        get_act("ELU", alpha=-1.0)
    with pytest.raises(ValueError, match=r"alpha must be in \[0, 1\], got 2"):
        get_act("leakyReLU", alpha=2.0)
    with pytest.raises(ValueError, match="unknown keyword 'beta'"):
        get_act("ReLU", beta=1.0)
    assert get_act("hardShrink", **{"lambda": 0.25}).lam == 0.25
    assert get_act("SELU").lam == pytest.approx(1.0507, abs=1e-4)


def test_hand_computed_values():
    e = math.e
    v = {
        "step": ([-1.0, 0.0, 2.0], [0.0, 0.0, 1.0]),
        "bentIdentity": ([1.0], [(math.sqrt(2) - 1) / 2 + 1]),
        "hardShrink": ([-0.7, 0.3, 0.5, 0.6], [-0.7, 0.0, 0.0, 0.6]),
        "softShrink": ([-0.7, 0.3, 0.6], [-0.2, 0.0, 0.1]),
        "threshold": ([-0.5, 0.0, 0.25], [-1.0, -1.0, 0.25]),
        "sigmoid": ([0.0, math.log(3)], [0.5, 0.75]),
        "hardSigmoid": ([1.0, -3.0, 3.0], [0.7, 0.0, 1.0]),
        "logSigmoid": ([0.0], [-math.log(2)]),
        "tanhShrink": ([1.0], [1 - math.tanh(1)]),
        "hardtanh": ([-2.0, 0.5, 3.0], [-1.0, 0.5, 1.0]),
        "ReLU": ([-1.0, 2.0], [0.0, 2.0]),
        "ReLU6": ([-1.0, 2.0, 7.0], [0.0, 2.0, 6.0]),
        "leakyReLU": ([-2.0, 3.0], [-0.02, 3.0]),
        "ELU": ([-1.0, 2.0], [1 / e - 1, 2.0]),
        "SELU": ([1.0, -1.0], [1.0507009873554805, 1.0507009873554805 * 1.6732632423543772
                               * (1 / e - 1)]),
        "CELU": ([-1.0], [1 / e - 1]),
        "softplus": ([0.0], [math.log(2)]),
        "softsign": ([1.0, -3.0], [0.5, -0.75]),
        "Swish": ([1.0], [1 / (1 + 1 / e)]),
        "Mish": ([1.0], [math.tanh(math.log(1 + e))]),
        "tanhExp": ([1.0], [math.tanh(e)]),
    }  # fmt: skip
    for name, (x, y) in v.items():
        np.testing.assert_allclose(get_act(name).forward(np.array(x)), y, rtol=1e-12, err_msg=name)
    row = np.array([[0.0, math.log(2.0)]])
    np.testing.assert_allclose(get_act("softmax").forward(row), [[1 / 3, 2 / 3]], rtol=1e-12)
    np.testing.assert_allclose(get_act("softmin").forward(row), [[2 / 3, 1 / 3]], rtol=1e-12)
    np.testing.assert_allclose(
        get_act("logSoftmax").forward(row), [[math.log(1 / 3), math.log(2 / 3)]], rtol=1e-12
    )


@pytest.mark.parametrize(("name", "kw", "kinks"), CASES, ids=[f"{c[0]}{c[1]}" for c in CASES])
@settings(max_examples=25, deadline=None)
@given(x=arrays(np.float64, (3, 4), elements=st.floats(-6.5, 6.5)))
def test_vjp_and_backward_match_finite_differences(name, kw, kinks, x):
    act = get_act(name, **kw)
    x = _away_from(x, kinks)
    g = np.random.default_rng(0).standard_normal(x.shape)
    y = act.forward(x)
    fd_vjp, fd_diag = _fd_vjp_and_diag(act.forward, x, g)
    assert _rel(act.vjp(x, y, g), fd_vjp) < 1e-6
    # backward is the series' elementwise derivative: the Jacobian's diagonal
    assert _rel(act.backward(x, y), fd_diag) < 1e-6


@pytest.mark.parametrize("name", SERIES_26)
def test_float32_in_float32_out(name):
    act = get_act(name)
    x64 = np.linspace(-4, 4, 24).reshape(4, 6) + 0.013
    x32 = x64.astype(np.float32)
    y32 = act.forward(x32)
    assert y32.dtype == np.float32
    assert act.backward(x32, y32).dtype == np.float32
    assert act.vjp(x32, y32, np.ones_like(x32)).dtype == np.float32
    np.testing.assert_allclose(y32, act.forward(x64), rtol=2e-6, atol=2e-6)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("name", SERIES_26)
def test_extreme_inputs_stay_finite_without_warnings(name, dtype):
    # pytest runs with filterwarnings=error: any overflow warning fails here
    big = np.finfo(dtype).max / 4
    x = np.array([[-big, -1e4, -800.0, -90.0, 0.0, 90.0, 800.0, 1e4, big]], dtype=dtype)
    act = get_act(name)
    y = act.forward(x)
    assert np.all(np.isfinite(y)) or name in ("softmax", "softmin", "logSoftmax")
    d = act.backward(x, y)
    v = act.vjp(x, y, np.ones_like(x))
    if act.elementwise:
        assert np.all(np.isfinite(d)) and np.all(np.isfinite(v))


def test_limits_at_extreme_inputs():
    x = np.array([-1e4, 1e4])
    np.testing.assert_array_equal(get_act("sigmoid").forward(x), [0.0, 1.0])
    np.testing.assert_array_equal(get_act("softplus").forward(x), [0.0, 1e4])
    np.testing.assert_array_equal(get_act("logSigmoid").forward(x), [-1e4, 0.0])
    np.testing.assert_array_equal(get_act("Mish").forward(x), [-0.0, 1e4])
    np.testing.assert_array_equal(get_act("tanhExp").forward(x), [-0.0, 1e4])
    np.testing.assert_array_equal(get_act("softmax").forward(np.array([[1e4, 0.0]])), [[1, 0]])
    np.testing.assert_allclose(
        get_act("logSoftmax").forward(np.array([[1e4, 0.0]])), [[0.0, -1e4]], atol=1e-12
    )


def test_torch_agrees_on_values_and_gradients():
    torch = pytest.importorskip("torch")
    F = torch.nn.functional
    pairs = {
        "sigmoid": torch.sigmoid, "logSigmoid": F.logsigmoid, "tanh": torch.tanh,
        "tanhShrink": F.tanhshrink, "hardtanh": F.hardtanh, "ReLU": F.relu, "ReLU6": F.relu6,
        "leakyReLU": lambda z: F.leaky_relu(z, 0.01), "ELU": F.elu, "SELU": F.selu,
        "CELU": F.celu, "softmax": lambda z: F.softmax(z, -1),
        "softmin": lambda z: F.softmin(z, -1), "logSoftmax": lambda z: F.log_softmax(z, -1),
        "softplus": F.softplus, "softsign": F.softsign, "Swish": F.silu, "Mish": F.mish,
        "hardShrink": F.hardshrink, "softShrink": F.softshrink,
        "threshold": lambda z: F.threshold(z, 0.0, -1.0),
    }  # fmt: skip
    rng = np.random.default_rng(3)
    x = rng.uniform(-5, 5, (4, 5))
    g = rng.standard_normal(x.shape)
    for name, fn in pairs.items():
        act = get_act(name)
        xt = torch.tensor(x, requires_grad=True)
        yt = fn(xt)
        yt.backward(torch.tensor(g))
        y = act.forward(x)
        np.testing.assert_allclose(y, yt.detach().numpy(), rtol=1e-12, atol=1e-12, err_msg=name)
        np.testing.assert_allclose(
            act.vjp(x, y, g), xt.grad.numpy(), rtol=1e-10, atol=1e-12, err_msg=name
        )


@pytest.mark.parametrize("name", ACTIVATIONS.names())
def test_output_range_holds_every_output_and_finite_bounds_are_reached(name):
    a = get_act(name)
    lo, hi = type(a).output_range
    x = np.concatenate([np.linspace(-60.0, 60.0, 24001), [-1e9, 1e9]])
    # softmax and softmin: rows of two units, (x, −x), whose outputs sweep (0, 1)
    y = a.forward(x) if a.elementwise else a.forward(np.column_stack([x, -x]))
    assert lo <= y.min() and y.max() <= hi, (name, float(y.min()), float(y.max()))
    # a finite bound is the function's own limit, not a loose one
    for bound, seen in ((lo, y.min()), (hi, y.max())):
        if math.isfinite(bound):
            assert abs(seen - bound) < 1e-6, (name, bound, float(seen))


@pytest.mark.parametrize("name", ACTIVATIONS.names())
def test_scalars_and_0d_inputs_give_the_one_element_arrays_values(name):
    a = get_act(name)
    for x in (0.7, -3.0, np.array(0.7), np.float32(-3.0), 5, np.array(-800.0)):
        if not a.elementwise:
            with pytest.raises(ValueError, match="last axis holds the units"):
                a.forward(x)
            continue
        y, y1 = a.forward(x), a.forward(np.array([x]))
        assert np.ndim(y) == 0 and np.asarray(y).dtype == y1.dtype
        assert np.asarray(y).item() == y1.item(), (x, y, y1)
        assert np.asarray(a.backward(x, y)).item() == a.backward(np.array([x]), y1).item()
