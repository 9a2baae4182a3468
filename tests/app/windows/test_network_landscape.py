"""Landscape… from the Network window to the main window: the dialog computes the network's
landscape off the GUI thread (the event loop keeps ticking), and the landscape opens in the
main window's 3D view, contour and loss curve with the training path to play back."""

from __future__ import annotations

import time

import numpy as np
import pytest
from network_reference import choose
from PyQt6.QtCore import Qt, QTimer
from PyQt6.QtWidgets import QApplication

from gradscape.app.export.capture import grab, image_to_array
from gradscape.app.model.state import AppState
from gradscape.app.windows.main_window import MainWindow
from gradscape.app.windows.network_window import open_network_window
from gradscape.core.landscape import Landscape

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


class Heartbeat:
    """A 10 ms timer on the GUI thread: the longest gap between its ticks is the longest the
    event loop was blocked (as tests/app/monkey.py measures)."""

    def __init__(self) -> None:
        self.longest = 0.0
        self.beats = 0
        self._last = time.perf_counter()
        self.timer = QTimer()
        self.timer.setInterval(10)
        self.timer.timeout.connect(self._beat)
        self.timer.start()

    def _beat(self) -> None:
        now = time.perf_counter()
        self.longest = max(self.longest, now - self._last)
        self._last = now
        self.beats += 1

    def stop(self) -> None:
        self.timer.stop()


def pixels(widget) -> np.ndarray:
    QApplication.processEvents()
    return image_to_array(grab(widget)).astype(np.int16)


@pytest.fixture
def win(gl, qtbot):
    st = AppState()
    st.grid = 40
    st.steps = 60
    w = MainWindow(st, persist=False)
    w.resize(1100, 760)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    qtbot.waitUntil(w.compute.is_current, timeout=15000)
    yield w
    net = getattr(w, "network_window", None)
    if net is not None:
        net.panel.shutdown()


def test_landscape_opens_in_the_main_window(qtbot, win, tmp_path):
    net = open_network_window(win)
    qtbot.waitExposed(net)
    net.panel.landscape.cache_dir = tmp_path / "landscapes"
    choose(net.panel.state, "moons", "adam", 0.01, (4,), epochs=1, batch=32, seed=0)
    contour_before = pixels(win.contour)
    net.landscape_action.trigger()  # the window's Landscape menu
    dialog = net.panel.landscape_dialog
    qtbot.waitExposed(dialog)
    dialog.grid_field.edit.setText("11")
    dialog.grid_field.confirm()
    heart = Heartbeat()
    with qtbot.waitSignal(net.panel.landscapeReady, timeout=60000) as ready:
        qtbot.mouseClick(dialog.compute_btn, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(win.compute.is_current, timeout=30000)
    heart.stop()
    # computed in a process of its own: the GUI's event loop never stopped for long
    assert heart.beats > 0  # (the loop ran while it computed)
    assert heart.longest < 1.0, f"the event loop stopped for {heart.longest:.2f} s"
    path = ready.args[0]
    land = Landscape.load(path)
    st = win.state
    assert st.surface == "landscape"
    assert st.scene.surface_params["file"] == path
    (recorded,) = st.scene.paths
    assert len(recorded["points"]) == len(land.path)
    np.testing.assert_allclose(np.asarray(recorded["points"], np.float64), land.path)
    # drawn: the contour map of the landscape replaced the neuron's
    QApplication.processEvents()
    after = pixels(win.contour)
    assert after.std() > 10
    assert np.abs(after - contour_before).mean() > 5
    view = pixels(win.view3d)
    assert view.std() > 10


def test_landscape_button_opens_the_dialog(qtbot, win):
    net = open_network_window(win)
    qtbot.mouseClick(net.panel.landscape_btn, Qt.MouseButton.LeftButton)
    dialog = net.panel.landscape_dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.directions_combo.currentData() == "random"
    assert dialog.grid_field.edit.text() == "51" and dialog.span_field.edit.text() == "1.0"
    net.landscape_action.trigger()
    assert net.panel.landscape_dialog is dialog  # one dialog per window
