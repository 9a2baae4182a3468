"""The network window's CNN, dropout and η schedules, from the state to the trained network.

References are computed with core directly (``Network.from_specs`` / ``fit``, the schedule's
closed form written out here), never through app code.
"""

from __future__ import annotations

import importlib.util
import math

import numpy as np
import pytest

from gradscape.app.model.landscape_run import LandscapeOptions, landscape_spec
from gradscape.app.model.training import NetworkState
from gradscape.app.model.training_run import (
    build_network,
    filter_images,
    filter_mosaic,
    load_dataset,
    train_runs,
)
from gradscape.core import datasets
from gradscape.core.conv import Convolution
from gradscape.core.dropout import Dropout
from gradscape.core.layers import MiddleLayer, OutputLayer
from gradscape.core.network import Network
from gradscape.core.pooling import Flatten, Pooling

needs_digits = pytest.mark.skipif(
    importlib.util.find_spec("sklearn") is None, reason="the digits need scikit-learn"
)


def cnn_state(qtbot=None, epochs: int = 10) -> NetworkState:
    st = NetworkState()
    st.set_dataset("digits")
    st.set_arch("cnn")
    st.set_hyper("eta", 0.01)
    st.set_epochs(epochs)
    st.set_batch_size(32)
    return st


@needs_digits
def test_cnn_trains_on_digits_as_core_does(qtbot):
    st = cnn_state(epochs=10)
    spec = st.spec()
    assert (spec.arch, spec.filters, spec.kernel, spec.dropout) == ("cnn", 16, 3, ())
    (out,) = train_runs(spec)
    net = out.network
    kinds = [type(ly) for ly in net.layers]
    assert kinds == [Convolution, Pooling, Flatten, OutputLayer]
    assert net.layers[0].w.shape == (16, 1, 3, 3)
    assert net.layers[1].out_shape == (16, 4, 4)
    # the same network and training written with core alone
    d = datasets.digits(0.2, 0)
    ref = Network.from_specs(
        [("conv", {"F_shape": (16, 3, 3), "pad": "same", "act": "relu"}),
         ("pool", {"pool": 2}), "flatten", ("output", {"n": 10})],
        opt="adam", opt_dic={"eta": 0.01, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8},
        dtype=np.float64, seed=0, input_shape=(1, 8, 8),
    )  # fmt: skip
    h = ref.fit(d.x_train, d.t_train, epochs=10, batch_size=32, seed=0,
                x_val=d.x_test, t_val=d.t_test)  # fmt: skip
    np.testing.assert_allclose(out.history["loss"], h["loss"], rtol=1e-12)
    np.testing.assert_allclose(out.history["val_accuracy"], h["val_accuracy"], rtol=0)
    assert out.history["val_accuracy"][-1] >= 0.95
    # the final view: confusion matrix of predict, and the filters
    pred = ref.predict(d.x_test)
    assert out.view.test_accuracy == pytest.approx(np.mean(pred == d.labels_test))
    assert out.view.filters.shape == (16, 3, 3)


@needs_digits
def test_filter_images_are_the_trained_weights_scaled_per_filter(qtbot):
    st = cnn_state(epochs=2)
    st.set_filters(6)
    st.set_kernel(5)
    views = []
    (out,) = train_runs(st.spec(), on_epoch=lambda i, e, logs, v: views.append(v),
                        snapshot_interval=0.0)  # fmt: skip
    w = out.network.layers[0].w  # (6, 1, 5, 5)
    assert w.shape == (6, 1, 5, 5)
    expect = np.empty((6, 5, 5))
    for m in range(6):
        k = w[m, 0]
        expect[m] = (k - k.min()) / (k.max() - k.min())
    np.testing.assert_allclose(out.view.filters, expect, rtol=0, atol=1e-15)
    assert out.view.filters.min() == 0.0 and out.view.filters.max() == 1.0
    # live: every epoch's snapshot is a filters-only view of that moment's weights
    live = [v for v in views if v is not None]
    assert len(live) == 2 and all(v.kind == "filters" for v in live)
    np.testing.assert_allclose(live[-1].filters, expect, atol=1e-15)
    # the mosaic: 3 columns of 5×5 cells, one transparent pixel between them
    mos = out.view.mosaic
    assert mos.shape == (2 * 6 - 1, 3 * 6 - 1, 4) and mos.dtype == np.uint8
    for m in range(6):
        r, c = divmod(m, 3)
        cell = mos[r * 6 : r * 6 + 5, c * 6 : c * 6 + 5]
        np.testing.assert_array_equal(cell[..., 0], np.rint(255 * expect[m]).astype(np.uint8))
        assert (cell[..., 3] == 255).all()
    assert (mos[5, :, 3] == 0).all() and (mos[:, 5, 3] == 0).all()


def test_filter_images_of_a_constant_filter_and_several_channels():
    net = Network.from_specs(
        [("conv", {"F_shape": (2, 3, 3)}), "flatten", ("output", {"n": 3})],
        dtype=np.float64, seed=1, input_shape=(2, 4, 4),
    )  # fmt: skip
    conv = net.layers[0]
    conv.w[0] = 0.7  # constant over both channels
    conv.w[1, 0] = np.arange(9.0).reshape(3, 3)
    conv.w[1, 1] = 3 * np.arange(9.0).reshape(3, 3)  # mean over channels: 2·arange
    img = filter_images(net)
    np.testing.assert_array_equal(img[0], np.full((3, 3), 0.5))
    np.testing.assert_allclose(img[1], np.arange(9.0).reshape(3, 3) / 8.0)
    dense = Network.from_sizes([2, 3, 2], dtype=np.float64)
    assert filter_images(dense) is None
    mos = filter_mosaic(img, columns=1)
    assert mos.shape == (7, 3, 4)
    np.testing.assert_array_equal(mos[:3, :, 0], np.full((3, 3), 128))


def test_dropout_ratios_reach_the_built_network(qtbot):
    st = NetworkState()
    st.set_dataset("moons")
    st.set_hidden("16, 8")
    st.set_dropout("0.3, 0")
    spec = st.spec()
    assert spec.dropout == (0.3, 0.0)
    data = load_dataset("moons")
    net = build_network(spec, data, spec.runs[0])
    assert [type(ly) for ly in net.layers] == [MiddleLayer, Dropout, MiddleLayer, OutputLayer]
    assert net.layers[1].ratio == 0.3
    assert net.layers[0].w.shape == (2, 16) and net.layers[2].w.shape == (16, 8)
    st.set_dropout("0.2")  # one ratio: after every hidden layer
    net = build_network(st.spec(), data, spec.runs[0])
    drops = [ly.ratio for ly in net.layers if isinstance(ly, Dropout)]
    assert drops == [0.2, 0.2] and isinstance(net.layers[3], Dropout)
    st.set_dropout("0")  # none: the dense network of the sizes, as before
    assert st.spec().dropout == ()
    net = build_network(st.spec(), data, spec.runs[0])
    assert not any(isinstance(ly, Dropout) for ly in net.layers)
    st.set_dropout("0.1, 0.2, 0.3")
    with pytest.raises(ValueError, match=r"dropout: 3 ratios for 2 hidden layers"):
        st.spec()
    for text, message in (("1", r"dropout ratio must be a number in \[0, 1\), got 1"),
                          ("x", r"dropout ratios must be numbers in \[0, 1\)")):  # fmt: skip
        with pytest.raises(ValueError, match=message):
            st.set_dropout(text)


def test_dropout_trains_with_masks_and_evaluates_without(qtbot):
    st = NetworkState()
    st.set_dataset("moons")
    st.set_epochs(3)
    st.set_dropout("0.5")
    (with_drop,) = train_runs(st.spec())
    st.set_dropout("")
    (without,) = train_runs(st.spec())
    # same initial weights (same seed) but the masks change the training
    assert with_drop.history["loss"][0] != pytest.approx(without.history["loss"][0], rel=1e-6)
    net = with_drop.network
    x = load_dataset("moons").x_test
    np.testing.assert_array_equal(net.forward(x), net.forward(x))  # evaluation: no masks


@needs_digits
def test_cnn_dropout_sits_after_the_pooling(qtbot):
    st = cnn_state(epochs=1)
    st.set_dropout(0.25)
    spec = st.spec()
    net = build_network(spec, load_dataset("digits"), spec.runs[0])
    kinds = [type(ly) for ly in net.layers]
    assert kinds == [Convolution, Pooling, Flatten, Dropout, OutputLayer]
    assert net.layers[3].ratio == 0.25
    st.set_dropout("0.1, 0.2")
    with pytest.raises(ValueError, match="2 ratios for the CNN's conv block"):
        st.spec()


def test_cosine_schedule_reaches_every_layers_optimizer(qtbot):
    st = NetworkState()
    st.set_dataset("moons")
    st.set_optimizer("sgd")
    st.set_hyper("eta", 0.2)
    st.set_eta_schedule("cosine", T_max=30, low=0.01)
    sched = st.eta_schedule
    assert sched.hyper == {"base": 0.2, "T_max": 30, "low": 0.01}  # first value: η
    st.set_epochs(1)
    st.set_batch_size(32)
    (out,) = train_runs(st.spec())
    steps = math.ceil(240 / 32)  # moons: 300 points, 80 % for training
    for layer in out.network.layers:
        assert layer.opt.t == steps
        # the η of step t = steps, by the closed form of CosineAnnealingLR
        k = steps - 1
        expect = 0.01 + (0.2 - 0.01) * (1 + math.cos(math.pi * k / 30)) / 2
        assert layer.opt.eta == pytest.approx(expect, rel=1e-14)
    assert out.label == "SGD η=cosine(0.2, 30, 0.01)"


def test_each_compared_run_keeps_its_own_schedule(qtbot):
    st = NetworkState()
    st.set_optimizer("sgd")
    st.set_hyper("eta", 0.1)
    st.add_compare()  # constant η
    st.set_eta_schedule("step", step_size=3, gamma=0.5)
    st.add_compare()
    st.set_eta_schedule("exponential", gamma=0.9)
    st.add_compare()
    st.set_epochs(1)
    st.set_batch_size(60)  # 4 steps an epoch
    outs = train_runs(st.spec())
    etas = [out.network.layers[0].opt.eta for out in outs]
    assert etas == pytest.approx([0.1, 0.1 * 0.5 ** (3 // 3), 0.1 * 0.9**3], rel=1e-14)
    assert [o.label for o in outs] == ["SGD η=0.1", "SGD η=step(0.1, 3, 0.5)",
                                       "SGD η=exponential(0.1, 0.9)"]  # fmt: skip


def test_schedule_setters_validate(qtbot):
    st = NetworkState()
    st.set_hyper("eta", 0.02)
    seen = []
    st.changed.connect(seen.append)
    st.set_eta_schedule("oneCycle", total_steps=100)
    assert st.eta_schedule.peak == 0.02 and seen == ["hyper"]
    with pytest.raises(ValueError, match="T_max"):
        st.set_schedule_param("T_max", 5)
    with pytest.raises(ValueError, match="leaves a phase of the one-cycle schedule empty"):
        st.set_schedule_param("total_steps", 2)
    st.set_schedule_param("total_steps", 50)
    assert st.eta_schedule.total_steps == 50
    st.set_eta_schedule("constant")  # back to a number: the schedule's first value
    assert st.hyper["eta"] == pytest.approx(0.02 / 25.0) and st.eta_schedule is None
    with pytest.raises(ValueError, match="no parameter 'nope'"):
        st.set_eta_schedule("cosine", nope=1)
    with pytest.raises(ValueError, match="η follows no schedule"):
        st.set_schedule_param("T_max", 5)


@needs_digits
def test_architecture_choice_is_validated(qtbot):
    st = NetworkState()
    st.set_dataset("moons")
    with pytest.raises(ValueError, match="a CNN needs image data"):
        st.set_arch("cnn")
    with pytest.raises(ValueError, match="architecture must be one of dense, cnn"):
        st.set_arch("rnn")
    with pytest.raises(ValueError, match=r"filters must be a whole number in \[1, 64\]"):
        st.set_filters(0)
    with pytest.raises(ValueError, match=r"kernel size must be a whole number in \[1, 7\]"):
        st.set_kernel(8)
    st.set_dataset("digits")
    st.set_arch("cnn")
    seen = []
    st.changed.connect(seen.append)
    st.set_dataset("moons")  # points: back to the dense network
    assert st.arch == "dense" and seen == ["dataset", "arch"]
    st.set_dataset("digits")
    st.set_arch("cnn")
    st.set_sharpness_every(10)
    with pytest.raises(ValueError, match="sharpness tracking takes dense networks without dropout"):
        st.spec()


@needs_digits
def test_landscape_refuses_a_cnn_or_dropout_in_one_line(qtbot):
    st = cnn_state(epochs=1)
    with pytest.raises(ValueError) as err:
        landscape_spec(st.spec(), LandscapeOptions())
    assert str(err.value) == (
        "no landscape for a CNN yet: landscapes take dense networks without dropout "
        "(choose Dense and dropout 0)"
    )
    st.set_arch("dense")
    st.set_dropout(0.2)
    with pytest.raises(ValueError, match="^no landscape for a network with dropout yet") as err:
        landscape_spec(st.spec(), LandscapeOptions())
    assert "\n" not in str(err.value)
    st.set_dropout(0)
    assert landscape_spec(st.spec(), LandscapeOptions()).hidden == (16, 16)
