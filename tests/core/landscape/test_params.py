"""The flat parameter layout: layer by layer, w (prev, n) row-major then b."""

import numpy as np
import pytest

from gradscape.core.landscape._params import (
    Layout,
    flatten,
    get_theta,
    layout_of,
    set_theta,
    unflatten,
)
from gradscape.core.network import Network


def test_layout_order_is_weights_row_major_then_bias():
    net = Network.from_sizes([3, 4, 2], dtype=np.float64, seed=1)
    theta = get_theta(net)
    assert theta.shape == (3 * 4 + 4 + 4 * 2 + 2,)
    assert layout_of(net).size == 26
    w1, b1 = net.layers[0].w, net.layers[0].b
    np.testing.assert_array_equal(theta[:12], w1.ravel())
    assert theta[1] == w1[0, 1]  # row-major: the second entry is row 0, column 1
    np.testing.assert_array_equal(theta[12:16], b1)
    np.testing.assert_array_equal(theta[16:24], net.layers[1].w.ravel())
    np.testing.assert_array_equal(theta[24:], net.layers[1].b)
    assert layout_of(net).is_bias().nonzero()[0].tolist() == [12, 13, 14, 15, 24, 25]


def test_unflatten_inverts_flatten_and_stacks():
    lay = Layout((2, 3, 1))
    rng = np.random.default_rng(0)
    theta = rng.standard_normal(lay.size)
    pairs = unflatten(theta, lay)
    np.testing.assert_array_equal(flatten(pairs), theta)
    stacked = unflatten(np.stack([theta, 2 * theta]), lay)
    assert stacked[0][0].shape == (2, 2, 3) and stacked[1][1].shape == (2, 1)
    np.testing.assert_array_equal(stacked[0][0][1], 2 * pairs[0][0])


def test_set_theta_changes_the_network_outputs():
    net = Network.from_sizes([2, 5, 3], dtype=np.float64, seed=0)
    x = np.random.default_rng(1).standard_normal((4, 2))
    theta = get_theta(net)
    y0 = net.forward(x)
    set_theta(net, theta * 0.5)
    assert not np.allclose(net.forward(x), y0)
    set_theta(net, theta)
    np.testing.assert_array_equal(net.forward(x), y0)


def test_wrong_length_names_the_expected_size():
    with pytest.raises(ValueError, match="has 26 entries"):
        unflatten(np.zeros(25), Layout((3, 4, 2)))
    with pytest.raises(ValueError, match="two widths"):
        Layout((3,))


def test_fit_calls_on_step_after_every_update():
    net = Network.from_sizes([2, 4, 2], dtype=np.float64, seed=0)
    x = np.random.default_rng(0).standard_normal((10, 2))
    t = (x[:, 0] > 0).astype(int)
    seen = []
    net.fit(x, t, epochs=2, batch_size=4, on_step=lambda k, f: seen.append((k, f)))
    assert [k for k, _ in seen] == [1, 2, 3, 4, 5, 6]  # 3 batches of 10 samples per epoch
    assert all(np.isfinite(f) and f > 0 for _, f in seen)


def test_a_network_with_image_layers_is_refused_by_name():
    net = Network.from_specs(
        [("conv", {"F_shape": (2, 3, 3)}), "flatten", ("output", {"n": 3, "act": "softmax"})],
        input_shape=(1, 5, 5),
    )
    with pytest.raises(ValueError, match="dense layers; Convolution"):
        layout_of(net)
