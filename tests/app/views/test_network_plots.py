"""The network window's plots, alone: each follows a training controller and draws exactly
the core's numbers (curves per epoch, decision map, fitted curve, confusion matrix).

Every reference is computed by calling core directly (``core.datasets`` with the data seed 0,
``Network.from_sizes`` and ``fit``), never through app code.
"""

from __future__ import annotations

import numpy as np
import pytest
from network_reference import choose, reference
from PyQt6.QtCore import QPointF
from PyQt6.QtGui import QColor
from PyQt6.QtWidgets import QApplication

from gradscape.app.export.capture import image_to_array
from gradscape.app.model.choices import RUN_COLORS
from gradscape.app.model.training import NetworkState
from gradscape.app.model.training_job import TrainingController
from gradscape.app.views.network_plots import CLASS_COLORS, CurvesView, DataView, region_lut
from gradscape.core import datasets

# Qt's offscreen platform (a developer's run without Xvfb) says this whenever a window's size
# hints change; it is a note about the platform plugin, not about the window.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")






@pytest.fixture
def training(qtbot):
    t = TrainingController(NetworkState())
    yield t
    t.shutdown()


def show(qtbot, widget, w=620, h=640):
    widget.resize(w, h)
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def run_to_end(qtbot, training, timeout=30000) -> None:
    with qtbot.waitSignal(training.finished, timeout=timeout):
        assert training.train()
    QApplication.processEvents()


def legend_texts(view) -> list[str]:
    return [label.text for _, label in view.legend.items]


def test_region_colours_are_the_class_colours_faded():
    # #2563eb = (37, 99, 235) and #dc2626 = (220, 38, 38), 72 % of the way to white.
    np.testing.assert_array_equal(region_lut(2), [[194, 211, 249, 255], [245, 194, 194, 255]])
    assert region_lut(12).shape == (12, 4)
    np.testing.assert_array_equal(region_lut(12)[10], region_lut(12)[0])  # colours cycle
    assert len(CLASS_COLORS) == 10


def test_curves_draw_every_run_of_the_training(qtbot, training):
    st = training.state
    loss = show(qtbot, CurvesView(training, "loss", "loss"), 420, 300)
    acc = show(qtbot, CurvesView(training, "accuracy", "accuracy", name_runs=False), 420, 300)
    choose(st, "xor", "sgd", 0.1, (4,), epochs=5, batch=16, seed=2)
    st.add_compare()
    st.set_optimizer("adam")
    st.set_hyper("eta", 0.01)
    st.add_compare()
    run_to_end(qtbot, training)
    data = datasets.xor(200, 0.2, 0)
    assert len(loss.train) == len(acc.train) == 2
    for i, (opt, eta) in enumerate((("sgd", 0.1), ("adam", 0.01))):
        _, hist = reference(data, [2, 4, 2], "classes", opt, {"eta": eta}, 5, 16, 2)
        np.testing.assert_array_equal(loss.train[i].xData, np.arange(1, 6))
        np.testing.assert_allclose(loss.train[i].yData, hist["loss"], rtol=1e-12)
        np.testing.assert_allclose(loss.val[i].yData, hist["val_loss"], rtol=1e-12)
        np.testing.assert_allclose(acc.train[i].yData, hist["accuracy"], rtol=1e-12)
        np.testing.assert_allclose(acc.val[i].yData, hist["val_accuracy"], rtol=1e-12)
        # One colour per run; train solid, validation dashed; both cosmetic pens of at most
        # one pixel (Qt's fast stroker: a wider pen froze the window on noisy curves).
        pen, val_pen = loss.train[i].opts["pen"], loss.val[i].opts["pen"]
        assert pen.color() == QColor(RUN_COLORS[i]) and val_pen.color() == pen.color()
        assert val_pen.style() != pen.style()
        for p in (pen, val_pen):
            assert p.isCosmetic() and p.widthF() <= 1
    # The loss legend names the runs, the accuracy legend only the line styles.
    assert legend_texts(loss) == ["SGD η=0.1", "Adam η=0.01", "train", "validation"]
    assert legend_texts(acc) == ["train", "validation"]
    assert acc.getPlotItem().getViewBox().viewRange()[1] == pytest.approx([0, 1.04])
    # The loss axis follows the state's log-scale choice (on by default).
    ys = loss.train[0].getData()[1]
    np.testing.assert_allclose(ys, np.log10(loss.train[0].yData), rtol=1e-9)
    st.set_log_loss(False)
    np.testing.assert_allclose(loss.train[0].getData()[1], loss.train[0].yData, rtol=1e-12)
    # A new training starts from empty curves, one line per run.
    st.clear_compare()
    st.set_epochs(2)
    run_to_end(qtbot, training)
    assert len(loss.train) == 1 and len(loss.train[0].yData) == 2
    assert legend_texts(loss) == ["train", "validation"]


def test_accuracy_is_not_drawn_for_a_regression(qtbot, training):
    loss = show(qtbot, CurvesView(training, "loss", "loss"), 420, 300)
    acc = show(qtbot, CurvesView(training, "accuracy", "accuracy", name_runs=False), 420, 300)
    choose(training.state, "sine", "adam", 0.01, (8,), epochs=3, batch=32, seed=0)
    run_to_end(qtbot, training)
    assert len(loss.train[0].yData) == 3
    assert len(acc.train) == 1 and acc.train[0].yData is None  # a line with no data


def test_decision_map_matches_predict(qtbot, training):
    dv = show(qtbot, DataView(training))
    choose(training.state, "moons", "adam", 0.02, (16, 16), epochs=30, batch=16, seed=1)
    run_to_end(qtbot, training)
    data = datasets.moons(300, 0.1, 0)
    net, hist = reference(data, [2, 16, 16, 2], "classes", "adam", {"eta": 0.02}, 30, 16, 1)
    assert hist["val_accuracy"][-1] > 0.9  # the map below is of a network that learned
    rgba = dv.map_rgba
    xs, ys = dv.geo.xs, dv.geo.ys
    assert rgba.shape == (len(xs), len(ys), 4)
    colours = np.unique(rgba.reshape(-1, 4), axis=0)
    assert len(colours) == 2
    lut = region_lut(2)
    rng = np.random.default_rng(0)
    cells = rng.integers(0, len(xs), (200, 2))
    pts = np.stack([xs[cells[:, 0]], ys[cells[:, 1]]], axis=1)
    expected = lut[net.predict(pts)]
    np.testing.assert_array_equal(rgba[cells[:, 0], cells[:, 1]], expected)
    # Both classes are predicted somewhere among the sampled cells.
    assert len(np.unique(net.predict(pts))) == 2
    assert dv.title.text() == "Decision regions of Adam η=0.02; ● train, ▲ test"
    # Rendered: the map's corners (away from the data and the legend) show their colours.
    img = image_to_array(dv.plot_widget.grab().toImage())
    vb = dv.plot.getViewBox()
    for i, j in ((3, 3), (len(xs) - 4, 3), (len(xs) - 4, len(ys) - 4)):
        scene = vb.mapViewToScene(QPointF(xs[i], ys[j]))
        pos = dv.plot_widget.mapFromScene(scene)
        ratio = img.shape[1] / dv.plot_widget.width()
        px = img[int(pos.y() * ratio), int(pos.x() * ratio), :3].astype(int)
        want = lut[net.predict(np.array([[xs[i], ys[j]]]))[0], :3].astype(int)
        assert np.abs(px - want).max() <= 8, (i, j, px, want)


def test_sine_view_shows_target_samples_and_network_curve(qtbot, training):
    dv = show(qtbot, DataView(training))
    loss = show(qtbot, CurvesView(training, "loss", "loss"), 420, 300)
    choose(training.state, "sine", "adam", 0.01, (16,), epochs=20, batch=16, seed=2)
    run_to_end(qtbot, training)
    data = datasets.sine(200, 0.1, 0)
    net, hist = reference(data, [1, 16, 1], "regression", "adam", {"eta": 0.01}, 20, 16, 2)
    np.testing.assert_allclose(loss.train[0].yData, hist["loss"], rtol=1e-12)
    x, y = dv.curve.getData()
    np.testing.assert_allclose(y, net.predict(x[:, None])[:, 0], rtol=1e-12)
    tx, ty = dv.target.getData()
    np.testing.assert_allclose(ty, np.sin(tx), rtol=1e-12)
    assert len(dv.samples.data) == 200
    assert dv.title.text() == "Target sin x, the noisy samples and Adam η=0.01's curve"


def test_digits_confusion_matrix_and_accuracy(qtbot, training):
    pytest.importorskip("sklearn")
    dv = show(qtbot, DataView(training))
    choose(training.state, "digits", "adam", 0.01, (16,), epochs=2, batch=64, seed=0)
    run_to_end(qtbot, training, timeout=60000)
    data = datasets.digits(0.2, 0)
    net, hist = reference(data, [64, 16, 10], "classes", "adam", {"eta": 0.01}, 2, 64, 0)
    view = training.outcomes[0].view
    pred = net.predict(data.x_test)
    truth = data.t_test.argmax(axis=1)
    expected = np.zeros((10, 10), int)
    for t, p in zip(truth, pred, strict=True):
        expected[t, p] += 1
    np.testing.assert_array_equal(view.confusion, expected)
    assert view.test_accuracy == pytest.approx(hist["val_accuracy"][-1], rel=1e-12)
    np.testing.assert_array_equal(dv.cm_image.image, expected.T)
    assert f"test accuracy {100 * hist['val_accuracy'][-1]:.1f}%" in dv.title.text()
    # Beside the matrix: misclassified test digits, each labelled true → predicted.
    wrong = np.flatnonzero(pred != truth)
    assert 0 < len(dv.digits) <= len(wrong)
    for img, idx in zip(dv.digits, wrong, strict=False):
        np.testing.assert_array_equal(img.image, data.x_test[idx].reshape(8, 8).T)
    labels = [t.textItem.toPlainText() for t in dv.texts if "→" in t.textItem.toPlainText()]
    assert labels == [f"{truth[i]}→{pred[i]}" for i in wrong[: len(dv.digits)]]


def test_the_data_show_before_training(qtbot, training):
    dv = show(qtbot, DataView(training))
    moons = datasets.moons(300, 0.1, 0)
    drawn = np.concatenate([np.column_stack(item.getData()) for item in dv.points])
    expect = np.concatenate([moons.x_train, moons.x_test])
    np.testing.assert_allclose(np.sort(drawn, axis=0), np.sort(expect, axis=0))
    assert legend_texts(dv) == ["class 0", "class 1"]
    assert dv.title.text() == "Decision regions (predicted class); ● train, ▲ test"
    assert dv.map_rgba is None  # no network yet
    training.state.set_dataset("sine")
    sine = datasets.sine(200, 0.1, 0)
    assert dv.points == [] and legend_texts(dv) == ["sin x", "noisy samples", "network"]
    sx, st = dv.samples.getData()
    xs = np.concatenate([sine.x_train, sine.x_test])[:, 0]
    np.testing.assert_allclose(np.sort(sx), np.sort(xs))
    assert len(st) == 200 and dv.curve.getData()[0] is None
    assert dv.title.text() == "Target sin x, the noisy samples and the network's curve"


def test_a_new_training_reuses_the_lines_and_hides_the_ones_it_does_not_need(qtbot, training):
    """The curves' lines are made once: a training with fewer runs hides the rest, empty;
    one with more makes only the missing ones (no items pile up in the plot)."""
    view = CurvesView(training, "loss", "Loss")
    show(qtbot, view)
    plot = view.getPlotItem()
    view.set_runs(["SGD", "Adam", "RMSprop"])
    first = list(view.train) + list(view.val)
    view.set_history(0, {"epoch": [1, 2], "loss": [0.5, 0.25], "val_loss": [0.6, 0.3]})
    view.set_runs(["Adam"])
    assert view.train == first[:1] and view.val == first[3:4]
    assert view.train[0].yData is None  # (the last training's curve is gone)
    hidden = first[1:3] + first[4:6]
    assert all(not item.isVisible() and item.yData is None for item in hidden)
    assert legend_texts(view) == ["train", "validation"]  # (one run: no run names)
    view.set_runs(["SGD", "Adam", "RMSprop", "NAG"])
    assert view.train[:3] == first[:3] and view.val[:3] == first[3:]
    assert all(item.isVisible() for item in view.train + view.val)
    assert len(plot.listDataItems()) == 8
    # each run keeps its colour
    pens = [QColor(item.opts["pen"].color()).name() for item in view.train]
    assert pens == [QColor(c).name() for c in RUN_COLORS[:4]]
    assert legend_texts(view)[:4] == ["SGD", "Adam", "RMSprop", "NAG"]
