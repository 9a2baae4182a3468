"""Dropout: inverted scaling, training and evaluation modes, seeding, gradient."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gradscape.core.layers import Dropout
from gradscape.core.network import Network


def test_training_mode_zeroes_and_rescales():
    layer = Dropout(1000, ratio=0.25, seed=0)
    x = np.random.default_rng(1).uniform(1.0, 2.0, (50, 1000))
    y = layer.forward(x)
    kept = y != 0
    # every kept input is multiplied by 1/(1 − 0.25) (x is never 0)
    np.testing.assert_array_equal(y[kept], x[kept] * (1 / 0.75))
    # the dropped share is Binomial(50 000, 0.25)/50 000: sd 0.0019, so 5 sd is 0.01
    assert abs((~kept).mean() - 0.25) < 0.01


def test_the_mask_is_the_seeded_generators_draw():
    layer = Dropout((2, 3), ratio=0.4, seed=7)
    x = np.ones((4, 2, 3))
    y = layer.forward(x)
    mask = np.random.default_rng(7).random((4, 2, 3)) >= 0.4
    np.testing.assert_array_equal(y, np.where(mask, 1 / 0.6, 0.0))


def test_same_seed_same_masks_other_seed_others():
    x = np.ones((8, 100))
    a, b, c = (Dropout(100, 0.5, seed=s) for s in (3, 3, 4))
    ya, yb, yc = a.forward(x), b.forward(x), c.forward(x)
    np.testing.assert_array_equal(ya, yb)
    assert not np.array_equal(ya, yc)
    # a second pass draws a new mask
    assert not np.array_equal(a.forward(x), ya)


def test_evaluation_mode_is_the_identity_and_draws_nothing():
    layer = Dropout(10, ratio=0.5, seed=0, training=False)
    state = layer.rng.bit_generator.state
    x = np.random.default_rng(2).standard_normal((3, 10))
    assert layer.forward(x) is x
    np.testing.assert_array_equal(layer.backward(np.ones((3, 10))), np.ones((3, 10)))
    assert layer.rng.bit_generator.state == state


@settings(max_examples=30, deadline=None)
@given(st.floats(0.0, 0.9), st.integers(0, 2**16), st.sampled_from([np.float32, np.float64]))
def test_gradient_is_the_masked_scaled_grad_and_matches_differences(ratio, seed, dtype):
    shape = (3, 2, 4)
    x = np.random.default_rng(seed + 1).standard_normal(shape)
    r = np.random.default_rng(seed + 2).standard_normal(shape)

    def loss(xv):
        # a fresh layer with the same seed draws the same mask: a fair finite difference
        return float(np.sum(Dropout((2, 4), ratio, seed=seed).forward(xv) * r))

    layer = Dropout((2, 4), ratio, seed=seed, dtype=dtype)
    y = layer.forward(x)
    g = layer.backward(r)
    assert y.dtype == g.dtype == dtype
    mask = np.random.default_rng(seed).random(shape, dtype=dtype) >= ratio
    np.testing.assert_allclose(g, np.where(mask, r / (1 - ratio), 0.0), rtol=1e-6)
    h = 1e-6
    fd = np.zeros(shape)
    for idx in np.ndindex(shape):
        e = np.zeros(shape)
        e[idx] = h
        fd[idx] = (loss(x + e) - loss(x - e)) / (2 * h)
    if dtype == np.float64:
        assert np.linalg.norm(g - fd) <= 1e-6 * max(np.linalg.norm(fd), 1.0)


def test_ratio_zero_is_the_identity():
    layer = Dropout(5, ratio=0.0, seed=0)
    x = np.arange(10.0).reshape(2, 5)
    np.testing.assert_array_equal(layer.forward(x), x)


@pytest.mark.parametrize("ratio", [-0.1, 1.0, "0.5", True])
def test_bad_ratio_is_named(ratio):
    with pytest.raises(ValueError, match=r"ratio must be a number in \[0, 1\)"):
        Dropout(4, ratio=ratio)


def test_network_uses_dropout_in_fit_only():
    rng = np.random.default_rng(0)
    x = rng.standard_normal((64, 6))
    t = (x[:, 0] > 0).astype(np.int64)
    net = Network.from_specs(
        [("m", {"prev": 6, "n": 16}), ("d", {"ratio": 0.5}), ("o", {"n": 2})],
        dtype=np.float64, seed=0,
    )  # fmt: skip
    drop = net.layers[1]
    state = drop.rng.bit_generator.state
    p1 = net.forward(x)
    loss1 = net.evaluate(x, t)
    np.testing.assert_array_equal(net.forward(x), p1)  # no mask in evaluation
    assert net.evaluate(x, t) == loss1
    net.predict(x)
    assert drop.rng.bit_generator.state == state  # inference drew nothing
    seen = []
    net.fit(x, t, epochs=1, batch_size=64, on_step=lambda k, f: seen.append(drop.training))
    assert seen == [True]
    assert drop.rng.bit_generator.state != state  # training drew masks
    assert drop.training is False  # and fit leaves the network in evaluation mode


def test_inference_inside_on_step_does_not_turn_dropout_off_for_the_next_batch():
    x = np.random.default_rng(0).standard_normal((40, 4))
    t = np.eye(2)[(x[:, 1] > 0).astype(int)]
    net = Network.from_specs(["dropout", ("o", {"n": 2})], input_shape=4, dtype=np.float64)
    modes = []

    def on_step(k, f):
        net.evaluate(x, t)  # e.g. a sharpness tracker's forward passes
        modes.append(net.layers[0].training)

    orig = net.layers[0]._forward
    net.layers[0]._forward = lambda a: (modes.append(("fwd", net.layers[0].training)), orig(a))[1]
    net.fit(x, t, epochs=1, batch_size=10, on_step=on_step)
    training_passes = [m for m in modes if isinstance(m, tuple)]
    # 4 batches, each followed by an evaluation pass: the batches ran in training mode
    assert training_passes[0::2] == [("fwd", True)] * 4
    assert training_passes[1::2] == [("fwd", False)] * 4
