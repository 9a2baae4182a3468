"""The "Train a network" window: controls -> training in a worker -> plots equal the core's numbers.

The parts alone: tests/app/model/test_training_job.py (the controller),
tests/app/views/test_network_plots.py (the plots), tests/app/model/test_training.py (the state).

Every reference below is computed by calling core directly (``core.datasets`` with the data seed
0 the window documents, ``Network.from_sizes`` and ``fit``), never through app code.
"""

from __future__ import annotations

import importlib.util

import numpy as np
import pytest
from network_reference import reference
from PyQt6.QtCore import Qt
from PyQt6.QtWidgets import QApplication

from gradscape.app.export.capture import image_to_array
from gradscape.app.windows.network_window import NetworkPanel
from gradscape.core import datasets
from gradscape.core.network import DivergenceError

# Qt's offscreen platform (a developer's run without Xvfb) says this whenever a window's size
# hints change; it is a note about the platform plugin, not about the window.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


@pytest.fixture
def panel(qtbot):
    p = NetworkPanel()
    p.resize(1100, 760)
    qtbot.addWidget(p)
    p.show()
    qtbot.waitExposed(p)
    yield p
    p.shutdown()


def pick(combo, data) -> None:
    """Choose the entry whose data is ``data`` as a user would (activated fires)."""
    i = combo.findData(data)
    assert i >= 0, data
    combo.setCurrentIndex(i)
    combo.activated.emit(i)


def type_into(qtbot, field, text: str, enter: bool = True) -> None:
    field.edit.selectAll()
    field.edit.clear()
    qtbot.keyClicks(field.edit, text)
    if enter:
        qtbot.keyClick(field.edit, Qt.Key.Key_Return)


def configure(qtbot, p, dataset, optimizer, eta, hidden, epochs, batch, seed) -> None:
    pick(p.dataset_combo, dataset)
    pick(p.opt_combo, optimizer)
    type_into(qtbot, p.eta_field, eta)
    type_into(qtbot, p.hidden_field, hidden)
    type_into(qtbot, p.epochs_field, str(epochs))
    type_into(qtbot, p.batch_field, str(batch))
    type_into(qtbot, p.seed_field, str(seed))


def train(qtbot, p, timeout=30000) -> None:
    with qtbot.waitSignal(p.finished, timeout=timeout):
        qtbot.mouseClick(p.train_btn, Qt.MouseButton.LeftButton)
    QApplication.processEvents()




def test_training_plots_the_core_history(qtbot, panel):
    configure(qtbot, panel, "moons", "sgd", "0.5", "8", epochs=6, batch=16, seed=3)
    st = panel.state
    assert (st.dataset, st.optimizer, st.hyper["eta"], st.hidden) == ("moons", "sgd", 0.5, (8,))
    train(qtbot, panel)
    data = datasets.moons(300, 0.1, 0)
    _, hist = reference(data, [2, 8, 2], "classes", "sgd", {"eta": 0.5}, 6, 16, 3)
    assert len(hist["loss"]) == 6
    view = panel.loss_view
    assert len(view.train) == 1
    np.testing.assert_array_equal(view.train[0].xData, np.arange(1, 7))
    np.testing.assert_allclose(view.train[0].yData, hist["loss"], rtol=1e-12)
    np.testing.assert_allclose(view.val[0].yData, hist["val_loss"], rtol=1e-12)
    np.testing.assert_allclose(panel.acc_view.train[0].yData, hist["accuracy"], rtol=1e-12)
    np.testing.assert_allclose(panel.acc_view.val[0].yData, hist["val_accuracy"], rtol=1e-12)
    # Log scale (the default) draws log10 of the same numbers; switching it off draws them.
    assert panel.log_check.isChecked()
    np.testing.assert_allclose(view.train[0].getData()[1], np.log10(hist["loss"]), rtol=1e-9)
    panel.log_check.setChecked(False)
    assert panel.state.log_loss is False
    np.testing.assert_allclose(view.train[0].getData()[1], hist["loss"], rtol=1e-12)
    assert panel.progress.value() == panel.progress.maximum() == 6
    assert "test accuracy" in panel.status.text()


def test_cancel_stops_training_early(qtbot, panel):
    configure(qtbot, panel, "xor", "adam", "0.01", "4", epochs=100000, batch=8, seed=0)
    with qtbot.waitSignal(panel.finished, timeout=30000):
        qtbot.mouseClick(panel.train_btn, Qt.MouseButton.LeftButton)
        assert panel.running and panel.cancel_btn.isEnabled()
        assert not panel.train_btn.isEnabled()
        # The curves follow while training runs, not only at the end.
        qtbot.waitUntil(
            lambda: (
                panel.loss_view.train[0].yData is not None
                and len(panel.loss_view.train[0].yData) >= 3
            ),
            timeout=15000,
        )
        assert panel.running
        qtbot.mouseClick(panel.cancel_btn, Qt.MouseButton.LeftButton)
    QApplication.processEvents()
    out = panel.outcomes[0]
    done = len(out.history["epoch"])
    assert out.cancelled and 3 <= done < 100000
    assert out.history["epoch"] == list(range(1, done + 1))
    assert len(panel.loss_view.train[0].yData) == done
    assert f"cancelled after epoch {done} of 100000" in panel.status.text()
    assert panel.train_btn.isEnabled() and not panel.cancel_btn.isEnabled()
    assert not panel.running


@pytest.mark.parametrize(
    ("field", "text", "message"),
    [
        ("hidden_field", "a, -1", "hidden layer sizes must be whole numbers in [1, 1024]"),
        ("hidden_field", "8, -1", "hidden layer sizes must be in [1, 1024], got -1"),
        ("eta_field", "0", "eta must be > 0, got 0.0"),
        ("batch_field", "0", "batch size must be in [1, 100000], got 0"),
        ("epochs_field", "1.5", "epochs must be a whole number in [1, 100000], got '1.5'"),
    ],
)
def test_invalid_input_is_explained_and_blocks_training(qtbot, panel, field, text, message):
    before = panel.state.spec()
    w = getattr(panel, field)
    type_into(qtbot, w, text, enter=False)
    # Marked at once, as you type, with the reason next to the field.
    assert w.error.isVisible() and message in w.error_text
    assert w.edit.property("invalid") is True
    qtbot.mouseClick(panel.train_btn, Qt.MouseButton.LeftButton)
    QApplication.processEvents()
    assert not panel.running
    assert panel.loss_view.train == [] and panel.outcomes == []
    assert panel.status.isVisible()
    assert panel.status.text().startswith("Not started") and message in panel.status.text()
    assert panel.state.spec() == before  # the bad value never reached the state


def test_divergence_is_shown_not_raised(qtbot, panel):
    configure(qtbot, panel, "sine", "msgd", "100", "16, 16", epochs=5, batch=32, seed=0)
    train(qtbot, panel)
    data = datasets.sine(200, 0.1, 0)
    with pytest.raises(DivergenceError) as err:
        reference(data, [1, 16, 16, 1], "regression", "msgd", {"eta": 100.0}, 5, 32, 0)
    e = err.value
    text = panel.status.text()
    assert f"diverged at epoch {e.epoch}, step {e.step}" in text
    assert panel.status.objectName() == "fieldError"
    out = panel.outcomes[0]
    assert out.error == str(e)
    # The epochs before the divergence stay plotted.
    assert len(panel.loss_view.train[0].yData) == e.epoch - 1
    assert panel.train_btn.isEnabled() and not panel.running
    # The window still trains afterwards.
    type_into(qtbot, panel.eta_field, "0.01")
    type_into(qtbot, panel.epochs_field, "2")
    train(qtbot, panel)
    assert panel.outcomes[0].error is None and len(panel.loss_view.train[0].yData) == 2


def test_the_accuracy_plot_shows_for_classification_only(qtbot, panel):
    assert panel.acc_view.isVisible()  # moons
    configure(qtbot, panel, "sine", "adam", "0.01", "16", epochs=3, batch=16, seed=2)
    assert not panel.acc_view.isVisible()  # no accuracy for a regression
    train(qtbot, panel)
    assert not panel.acc_view.isVisible()
    assert len(panel.loss_view.train[0].yData) == 3
    pick(panel.dataset_combo, "xor")
    assert panel.acc_view.isVisible()


def test_comparison_trains_each_from_the_same_start(qtbot, panel):
    configure(qtbot, panel, "spirals", "sgd", "0.1", "8", epochs=4, batch=32, seed=5)
    qtbot.mouseClick(panel.add_btn, Qt.MouseButton.LeftButton)
    pick(panel.opt_combo, "adam")
    type_into(qtbot, panel.eta_field, "0.01")
    qtbot.mouseClick(panel.add_btn, Qt.MouseButton.LeftButton)
    assert [panel.compare_list.item(i).text() for i in range(2)] == ["SGD η=0.1", "Adam η=0.01"]
    train(qtbot, panel)
    data = datasets.spirals(300, 3, 0.2, 0)
    assert len(panel.loss_view.train) == 2
    for i, (opt, eta) in enumerate((("sgd", 0.1), ("adam", 0.01))):
        _, hist = reference(data, [2, 8, 3], "classes", opt, {"eta": eta}, 4, 32, 5)
        np.testing.assert_allclose(panel.loss_view.train[i].yData, hist["loss"], rtol=1e-12)
    # Both references start from seed 5's weights and batch order: each run did too.
    assert [o.label for o in panel.outcomes] == ["SGD η=0.1", "Adam η=0.01"]
    assert panel.progress.value() == 8
    assert "SGD η=0.1: loss" in panel.status.text()
    assert "Adam η=0.01: loss" in panel.status.text()


def test_digits_entry_explains_the_missing_extra(qtbot, monkeypatch):
    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util, "find_spec", lambda name, *a: None if name == "sklearn" else real(name, *a)
    )
    p = NetworkPanel()
    qtbot.addWidget(p)
    i = p.dataset_combo.findData("digits")
    assert "needs scikit-learn" in p.dataset_combo.itemText(i)
    assert "pip install 'gradscape[data]'" in p.dataset_combo.itemData(
        i, Qt.ItemDataRole.ToolTipRole
    )
    assert not p.dataset_combo.model().item(i).isEnabled()
    with pytest.raises(ValueError, match="gradscape\\[data\\]"):
        p.state.set_dataset("digits")
    p.shutdown()


def test_network_menu_opens_the_window(gl, qtbot, tmp_path, monkeypatch):
    monkeypatch.setenv("GRADSCAPE_SETTINGS", str(tmp_path / "settings.ini"))
    from gradscape.app.windows.main_window import MainWindow
    from gradscape.app.windows.network_window import NetworkWindow

    win = MainWindow(persist=False)
    qtbot.addWidget(win)
    menus = [a.text().replace("&", "") for a in win.menuBar().actions()]
    assert "Network" in menus and menus[-1] == "Help"
    win.network_action.trigger()
    net = win.network_window
    assert isinstance(net, NetworkWindow) and net.isVisible()
    win.network_action.trigger()
    assert win.network_window is net  # one window, raised again
    win.close()
    assert not net.isVisible()


def test_closing_the_main_window_stops_training(gl, qtbot, tmp_path, monkeypatch):
    monkeypatch.setenv("GRADSCAPE_SETTINGS", str(tmp_path / "settings.ini"))
    from gradscape.app.windows.main_window import MainWindow

    win = MainWindow(persist=False)
    qtbot.addWidget(win)
    win.network_action.trigger()
    panel = win.network_window.panel
    configure(qtbot, panel, "xor", "adam", "0.01", "4", epochs=100000, batch=8, seed=0)
    assert panel.train()
    qtbot.waitUntil(lambda: len(panel.histories[0]["epoch"]) >= 2, timeout=15000)
    win.close()
    assert not panel.running
    # the close does not wait for the worker: it stops within a batch, in its thread
    qtbot.waitUntil(lambda: panel.training.worker_threads == 0, timeout=2000)


def test_closing_while_a_large_network_trains_returns_at_once(gl, qtbot):
    """The close cancels and returns; the worker stops within one batch (an epoch of this
    network takes over a second: 240 batches of one sample through 3 × 1024 units)."""
    import time

    from gradscape.app.windows.network_window import NetworkWindow

    net = NetworkWindow()
    qtbot.addWidget(net)
    net.show()
    panel = net.panel
    configure(qtbot, panel, "spirals", "sgd", "0.001", "1024, 1024, 1024", epochs=50,
              batch=1, seed=0)  # fmt: skip
    t0 = time.perf_counter()
    assert panel.train()
    qtbot.waitUntil(lambda: len(panel.histories[0]["epoch"]) >= 1, timeout=60000)
    epoch = time.perf_counter() - t0
    assert epoch > 1.0, f"an epoch took {epoch:.2f} s: too short to tell a batch from it"
    qtbot.wait(100)
    t1 = time.perf_counter()
    net.close()
    closing = time.perf_counter() - t1
    assert not panel.running and closing < 0.1, f"closing took {closing * 1000:.0f} ms"
    qtbot.waitUntil(lambda: panel.training.worker_threads == 0, timeout=int(epoch * 1000))
    stopped = time.perf_counter() - t1
    assert stopped < epoch / 2, f"stopped {stopped:.2f} s after the close (epoch {epoch:.2f} s)"


def test_standalone_screenshot(qapp, tmp_path):
    from PyQt6.QtGui import QImage

    from gradscape.app.windows.network_window import main

    path = tmp_path / "net.png"
    args = ["--dataset", "xor", "--hidden", "4", "--epochs", "3", "--compare", "sgd=0.1,adam=0.01"]
    assert main([*args, "--size", "900x640", "--screenshot", str(path)]) == 0
    img = QImage(str(path))
    assert (img.width(), img.height()) == (900, 640)
    assert image_to_array(img).std() > 10
    with pytest.raises(SystemExit):
        main(["--compare", "adam"])  # no η: a clear usage error


def test_before_training_the_data_and_the_epoch_count_show(panel, qtbot):
    # opening the window shows the chosen data (not empty axes) and "0 / 100 epochs"
    st = panel.state
    data = panel.training.dataset(st.dataset)
    assert data.kind == "classification" and panel.data_view.data is data
    drawn = np.concatenate([np.column_stack(item.getData()) for item in panel.data_view.points])
    expect = np.concatenate([data.x_train, data.x_test])
    assert len(drawn) == len(expect)
    np.testing.assert_allclose(np.sort(drawn, axis=0), np.sort(expect, axis=0))
    assert (panel.progress.value(), panel.progress.maximum()) == (0, st.epochs)
    assert panel.progress.text() == f"0 / {st.epochs} epochs"
    type_into(qtbot, panel.epochs_field, "7")
    assert st.epochs == 7 and panel.progress.text() == "0 / 7 epochs"
    qtbot.mouseClick(panel.add_btn, Qt.MouseButton.LeftButton)
    type_into(qtbot, panel.eta_field, "0.1")
    qtbot.mouseClick(panel.add_btn, Qt.MouseButton.LeftButton)
    assert len(st.compare) == 2 and panel.progress.text() == "0 / 14 epochs"
