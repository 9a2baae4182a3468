"""The network window's CNN, dropout and η schedule, driven through its controls as a user
would; the references are computed with core directly."""

from __future__ import annotations

import importlib.util
import math

import numpy as np
import pytest
from PyQt6.QtCore import Qt
from PyQt6.QtWidgets import QApplication

from gradscape.app.export.capture import image_to_array
from gradscape.app.windows.network_window import NetworkPanel
from gradscape.core.conv import Convolution
from gradscape.core.dropout import Dropout

pytestmark = [
    pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints"),
    pytest.mark.skipif(
        importlib.util.find_spec("sklearn") is None, reason="the digits need scikit-learn"
    ),
]


@pytest.fixture
def panel(qtbot):
    p = NetworkPanel()
    p.resize(1200, 800)
    qtbot.addWidget(p)
    p.show()
    qtbot.waitExposed(p)
    yield p
    p.shutdown()


def pick(combo, data) -> None:
    i = combo.findData(data)
    assert i >= 0, data
    combo.setCurrentIndex(i)
    combo.activated.emit(i)


def type_into(qtbot, field, text: str) -> None:
    field.edit.selectAll()
    field.edit.clear()
    qtbot.keyClicks(field.edit, text)
    qtbot.keyClick(field.edit, Qt.Key.Key_Return)


def train(qtbot, p, timeout=60000) -> None:
    with qtbot.waitSignal(p.finished, timeout=timeout):
        qtbot.mouseClick(p.train_btn, Qt.MouseButton.LeftButton)
    QApplication.processEvents()


def test_cnn_choice_only_for_images_and_its_rows(panel, qtbot):
    cnn_item = panel.arch_combo.model().item(panel.arch_combo.findData("cnn"))
    assert panel.state.dataset == "moons" and not cnn_item.isEnabled()
    assert not panel.filter_view.isVisible()
    pick(panel.dataset_combo, "digits")
    assert cnn_item.isEnabled()
    pick(panel.arch_combo, "cnn")
    assert panel.state.arch == "cnn"
    rows = panel.form.network_rows
    assert rows.isRowVisible(panel.filters_field) and not rows.isRowVisible(panel.hidden_field)
    assert panel.filter_view.isVisible()
    type_into(qtbot, panel.filters_field, "8")
    type_into(qtbot, panel.kernel_field, "5")
    assert (panel.state.filters, panel.state.kernel) == (8, 5)
    assert panel.form.sizes_label.text() == (
        "1×8×8 → conv 8@5×5 → 8×8×8 → pool 2 → 8×4×4 → dense 10"
    )
    type_into(qtbot, panel.kernel_field, "9")  # refused: marked, the state keeps 5
    assert panel.kernel_field.invalid and panel.state.kernel == 5
    assert panel.kernel_field.error_text == "kernel size must be in [1, 7], got 9"
    pick(panel.dataset_combo, "moons")  # points: back to dense, the rows follow
    assert panel.state.arch == "dense" and panel.arch_combo.currentData() == "dense"
    assert rows.isRowVisible(panel.hidden_field) and not panel.filter_view.isVisible()


def test_cnn_trains_and_shows_its_learned_filters(panel, qtbot):
    pick(panel.dataset_combo, "digits")
    pick(panel.arch_combo, "cnn")
    type_into(qtbot, panel.eta_field, "0.01")
    type_into(qtbot, panel.epochs_field, "10")
    type_into(qtbot, panel.dropout_field, "0.1")
    train(qtbot, panel)
    (out,) = panel.outcomes
    assert out.error is None and out.history["val_accuracy"][-1] >= 0.95
    layers = out.network.layers
    assert isinstance(layers[0], Convolution) and layers[0].w.shape == (16, 1, 3, 3)
    assert [ly.ratio for ly in layers if isinstance(ly, Dropout)] == [0.1]
    # the view shows the trained weights, each filter scaled to [0, 1] on its own
    w = layers[0].w[:, 0]
    lo, hi = w.min(axis=(1, 2), keepdims=True), w.max(axis=(1, 2), keepdims=True)
    np.testing.assert_allclose(panel.filter_view.filters, (w - lo) / (hi - lo), atol=1e-15)
    cell = panel.filter_view.image.image[:3, :3, 0]  # the first filter's grey levels
    np.testing.assert_array_equal(cell, np.rint(255 * (w[0] - lo[0]) / (hi[0] - lo[0])))
    img = image_to_array(panel.filter_view.graphics.grab().toImage())[..., :3]
    grey = img.mean(axis=2)
    assert (grey < 40).mean() > 0.02 and (grey > 215).mean() > 0.02  # not blank
    assert "16 @ 3×3" in panel.filter_view.title.text()
    # the confusion matrix still comes at the end of the run
    assert panel.data_view.geo.kind == "digits"
    assert out.view.confusion.sum() == len(panel.training.data.x_test)


def test_a_cosine_schedule_from_the_form_drives_eta(panel, qtbot):
    pick(panel.opt_combo, "sgd")
    type_into(qtbot, panel.eta_field, "0.3")
    pick(panel.schedule_combo, "cosine")
    assert not panel.eta_field.isEnabled() and panel.eta_field.edit.text() == "0.3"
    form = panel.schedule_form.fields
    assert set(form) == {"base", "T_max", "low"}
    assert form["base"].value() == 0.3 and form["base"].edit.text() == "0.3"  # from η
    type_into(qtbot, form["T_max"], "20")
    type_into(qtbot, form["low"], "0.05")
    type_into(qtbot, panel.epochs_field, "2")
    type_into(qtbot, panel.batch_field, "60")  # 240 training points: 4 steps an epoch
    assert panel.fields["schedule T_max"] is form["T_max"]
    train(qtbot, panel)
    (out,) = panel.outcomes
    assert out.label == "SGD η=cosine(0.3, 20, 0.05)"
    opt = out.network.layers[0].opt
    assert opt.t == 8
    assert opt.eta == pytest.approx(0.05 + 0.25 * (1 + math.cos(math.pi * 7 / 20)) / 2, 1e-14)
    pick(panel.schedule_combo, "constant")  # back to a number: the schedule's first value
    assert panel.state.hyper["eta"] == 0.3 and panel.eta_field.isEnabled()
    assert panel.schedule_form.fields == {}


def test_landscape_refuses_a_cnn_with_one_line(panel, qtbot):
    pick(panel.dataset_combo, "digits")
    pick(panel.arch_combo, "cnn")
    dialog = panel.open_landscape_dialog()
    qtbot.addWidget(dialog)
    assert dialog.compute() is False
    text = dialog.status.text()
    assert text == (
        "Not started — no landscape for a CNN yet: landscapes take dense networks without "
        "dropout (choose Dense and dropout 0)"
    )
    assert not panel.landscape.running
    dialog.close()


def test_standalone_window_takes_the_architecture(qapp, tmp_path):
    from PyQt6.QtGui import QImage

    from gradscape.app.windows.network_window import main

    path = tmp_path / "cnn.png"
    args = ["--dataset", "digits", "--arch", "cnn", "--dropout", "0.1", "--epochs", "2"]
    assert main([*args, "--size", "900x640", "--screenshot", str(path)]) == 0
    assert image_to_array(QImage(str(path))).std() > 10
    with pytest.raises(SystemExit):
        main(["--dataset", "moons", "--arch", "cnn"])  # a CNN needs images: a usage error


def test_dropout_that_does_not_fit_the_layers_blocks_training_with_its_reason(panel, qtbot):
    type_into(qtbot, panel.hidden_field, "8, 8")
    type_into(qtbot, panel.dropout_field, "0.1, 0.2, 0.3")
    assert panel.state.dropout == (0.1, 0.2, 0.3)
    assert panel.train() is False and not panel.running
    assert panel.status.text() == (
        "Not started — dropout: 3 ratios for 2 hidden layers; give one ratio for every "
        "hidden layer or one per hidden layer"
    )
    type_into(qtbot, panel.dropout_field, "1.5")  # out of range: the field says so
    assert panel.dropout_field.invalid
    assert panel.dropout_field.error_text == "dropout ratio must be a number in [0, 1), got 1.5"
