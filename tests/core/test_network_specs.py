"""Network.from_specs: the series' layer manager, image inputs, a CNN trained on the digits."""

from __future__ import annotations

import numpy as np
import pytest

from gradscape.core.datasets import digits
from gradscape.core.layers import Convolution, Dropout, Flatten, MiddleLayer, OutputLayer, Pooling
from gradscape.core.network import DivergenceError, Network

CNN = [
    ("conv", {"I_shape": (1, 8, 8), "F_shape": (16, 3, 3)}),
    ("pool", {"pool": 2}),
    ("flatten", {}),
    ("output", {"n": 10, "act": "softmax", "loss": "cross"}),
]


def test_shapes_are_inferred_and_layers_named_as_the_series_does():
    net = Network.from_specs(
        [("c", {"I_shape": (1, 8, 8), "F_shape": (4, 3, 3)}), ("p", {"pool": 2}),
         ("d", {"ratio": 0.1}), "f", ("mid", {"n": 12}), ("m", {"n": 6}), ("o", {"n": 10})],
        seed=0,
    )  # fmt: skip
    kinds = [type(layer) for layer in net.layers]
    assert kinds == [Convolution, Pooling, Dropout, Flatten, MiddleLayer, MiddleLayer, OutputLayer]
    assert [layer.name for layer in net.layers] == [
        "Conv1", "Pool1", "Dropout1", "Flatten1", "Middle1", "Middle2", "Output1"
    ]  # fmt: skip
    assert net.layers[1].in_shape == (4, 8, 8) and net.layers[1].out_shape == (4, 4, 4)
    assert net.layers[4].prev == 64 and net.layers[6].prev == 6
    assert net.trainable == [net.layers[i] for i in (0, 4, 5, 6)]
    assert all(layer.dtype == np.float32 for layer in net.layers)
    assert type(net.out.act).__name__ == "Softmax" and type(net.out.loss).__name__ == "Cross"
    assert "Conv1, Pool1" in repr(net)


def test_dense_specs_equal_from_sizes_bit_for_bit():
    a = Network.from_specs([("m", {"prev": 5, "n": 7}), ("o", {"n": 3})], opt="SGD", seed=4)
    b = Network.from_sizes([5, 7, 3], opt="SGD", seed=4)
    for la, lb in zip(a.layers, b.layers, strict=True):
        np.testing.assert_array_equal(la.w, lb.w)
        np.testing.assert_array_equal(la.b, lb.b)
    x = np.random.default_rng(0).standard_normal((20, 5))
    t = np.arange(20) % 3
    ha = a.fit(x, t, epochs=2, batch_size=8)
    hb = b.fit(x, t, epochs=2, batch_size=8)
    assert ha["loss"] == hb["loss"]


def test_per_layer_optimizers_and_initialisation():
    net = Network.from_specs(
        [("conv", {"I_shape": (2, 5, 5), "F_shape": (3, 3), "opt": "SGD",
                   "opt_dic": {"eta": 0.5}, "init": "normal", "wb_width": 0.0}),
         "flatten", ("output", {"n": 2})],
        opt="Adam",
    )  # fmt: skip
    conv = net.layers[0]
    assert type(conv.opt).__name__ == "SGD" and conv.opt.eta == 0.5
    assert type(net.out.opt).__name__ == "Adam"
    assert not conv.w.any() and not conv.b.any()


def test_image_inputs_flat_or_shaped():
    net = Network.from_specs(CNN, dtype=np.float64, seed=0)
    x = np.random.default_rng(0).uniform(0, 1, (7, 64))
    np.testing.assert_array_equal(net.forward(x), net.forward(x.reshape(7, 1, 8, 8)))
    np.testing.assert_array_equal(net.predict(x), net.predict(x.reshape(7, 1, 8, 8)))
    message = r"x must have shape \(samples, 1, 8, 8\) or \(samples, 64\)"
    with pytest.raises(ValueError, match=message):
        net.forward(np.zeros((7, 63)))


def test_whole_cnn_gradient_matches_finite_differences():
    net = Network.from_specs(
        [("conv", {"I_shape": (2, 6, 5), "F_shape": (3, 3, 2), "act": "tanh", "stride": (1, 2)}),
         ("pool", {"pool": 2, "stride": 1}), "flatten", ("mid", {"n": 5, "act": "tanh"}),
         ("output", {"n": 3})],
        dtype=np.float64, seed=1,
    )  # fmt: skip
    rng = np.random.default_rng(5)
    for layer in net.trainable:
        layer.b = rng.standard_normal(layer.b.shape) * 0.1
    x = rng.standard_normal((4, 2, 6, 5))
    t = np.eye(3)[[0, 2, 1, 2]]
    net._forward_backward(x, t)
    grads = [(layer.grad_w.copy(), layer.grad_b.copy()) for layer in net.trainable]

    def loss() -> float:
        net.forward(x)
        return float(net.out.get_loss(t))

    h = 1e-6
    for layer, (gw, gb) in zip(net.trainable, grads, strict=True):
        for arr, g in ((layer.w, gw), (layer.b, gb)):
            fd = np.zeros_like(arr)
            for idx in np.ndindex(arr.shape):
                old = arr[idx]
                arr[idx] = old + h
                fp = loss()
                arr[idx] = old - h
                fm = loss()
                arr[idx] = old
                fd[idx] = (fp - fm) / (2 * h)
            assert np.linalg.norm(g - fd) <= 1e-6 * max(np.linalg.norm(fd), 1e-2)


@pytest.mark.parametrize(
    ("specs", "kw", "message"),
    [
        (
            [("conv", {"F_shape": (2, 3)}), "f", ("o", {"n": 2})],
            {},
            r"spec 0 \('conv'\): the first layer needs its input shape",
        ),
        ([("m", {"prev": 4, "n": 3}), ("zz", {})], {}, r"spec 1 \('zz'\): unknown kind; valid:"),
        (
            [("m", {"prev": 4, "n": 3, "size": 2}), ("o", {"n": 2})],
            {},
            r"spec 0 \('m'\): unknown keyword 'size'; valid: n, act",
        ),
        ([("m", {"prev": 4}), ("o", {"n": 2})], {}, r"spec 0 \('m'\): a dense layer needs n"),
        (
            [("c", {"I_shape": (1, 8, 8), "F_shape": (2, 3)}), ("o", {"n": 2})],
            {},
            r"spec 1 \('o'\): a dense layer takes flat samples, .* \(2, 8, 8\); put 'flatten'",
        ),
        (
            [("m", {"prev": 4, "n": 3}), ("o", {"prev": 4, "n": 2})],
            {},
            r"spec 1 \('o'\): prev=\(4,\) does not match the previous layer's output shape \(3,\)",
        ),
        (
            [
                ("c", {"I_shape": (1, 8, 8), "F_shape": (2, 9), "pad": "valid"}),
                "f",
                ("o", {"n": 2}),
            ],
            {},
            r"spec 0 \('c'\): Conv1 rows: a window of 9 does not fit",
        ),
        (
            [("m", {"prev": 4, "n": 3}), ("p", {"pool": 2}), ("o", {"n": 2})],
            {},
            r"spec 1 \('p'\): pooling takes images",
        ),
        ([("m", {"prev": 4, "n": 3})], {}, r"spec 0 must be the output layer"),
        (
            [("d", {"ratio": 2.0}), ("o", {"n": 2})],
            {"input_shape": 4},
            r"spec 0 \('d'\): ratio must be a number in \[0, 1\)",
        ),
        (
            [("m", {"prev": 4, "n": 3, "act": "nope"}), ("o", {"n": 2})],
            {},
            r"spec 0 \('m'\): unknown activation 'nope'",
        ),
        ([42, ("o", {"n": 2})], {}, r"spec 0 must be a kind or a pair \(kind, keywords\), got 42"),
        ([], {}, "specs must be a non-empty list"),
    ],
)
def test_errors_name_the_spec(specs, kw, message):
    with pytest.raises(ValueError, match=message):
        Network.from_specs(specs, **kw)


def test_hand_built_layers_must_chain():
    conv = Convolution((1, 8, 8), (2, 3))
    out = OutputLayer(prev=128, n=2, act="softmax", loss="cross")
    with pytest.raises(
        ValueError,
        match=r"layer 1 \(OutputLayer\) takes samples of shape "
        r"\(128,\) .* \(2, 8, 8\); put a Flatten between them",
    ):
        Network([conv, out])
    net = Network([conv, Flatten((2, 8, 8)), out])
    assert net.trainable == [conv, out]


def test_divergence_keeps_finite_conv_parameters():
    net = Network.from_specs(CNN, opt="SGD", opt_dic={"eta": 1e20}, seed=0)
    d = digits(0.2, seed=1, dtype=np.float32)
    with pytest.raises(DivergenceError, match="diverged at epoch 1, step 2: loss is nan"):
        net.fit(d.x_train, d.t_train, epochs=1, batch_size=32)
    assert all(np.isfinite(layer.w).all() for layer in net.trainable)


def test_cnn_learns_the_digits_to_98_percent():
    """conv 16@3×3 → ReLU → max pool 2 → dense 10 (softmax) on the 8×8 digits."""
    d = digits(0.2, seed=1, dtype=np.float32)
    net = Network.from_specs(CNN, opt="Adam", opt_dic={"eta": 1e-2}, seed=0)
    h = net.fit(d.x_train, d.t_train, epochs=15, batch_size=32, seed=0)
    loss, acc = net.evaluate(d.x_test, d.t_test)
    assert acc >= 0.98
    assert h["loss"][-1] < h["loss"][0] / 5
    # the same network on the (N, 1, 8, 8) images gives the same predictions
    np.testing.assert_array_equal(net.predict(d.x_test), net.predict(d.x_test.reshape(-1, 1, 8, 8)))
