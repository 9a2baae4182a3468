"""The summary panel under the main window's views: the loss threshold typed in its header
(checked, applied on Enter), the Copy button, and the table following the window's
timeline and race."""

from __future__ import annotations

import csv
import io

import pytest
from PyQt6.QtCore import Qt
from PyQt6.QtWidgets import QApplication

from gradscape.app.controls.summary_panel import SummaryPanel, parse_threshold
from gradscape.app.model.results import compute_result
from gradscape.app.model.state import AppState
from gradscape.app.model.summary import DEFAULT_THRESHOLD
from gradscape.core.scene import Scene

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


def type_into(qtbot, edit, text):
    edit.selectAll()
    edit.del_()
    qtbot.keyClicks(edit, text)


@pytest.fixture
def panel(qtbot):
    st = AppState()
    st.scene = Scene(surface="rosenbrock", optimizers=[("nag", {"eta": 0.001, "mu": 0.9})],
                     start=[-1.5, 2.0], steps=80)  # fmt: skip
    st.set_result(compute_result(st.scene))
    p = SummaryPanel(st)
    qtbot.addWidget(p)
    p.show()
    return p


def test_threshold_typed_checked_and_applied(qtbot, panel):
    model = panel.model
    assert model.threshold == DEFAULT_THRESHOLD and panel.threshold.text() == "0.01"
    nag = model.state.result.trajectories[0]
    model.state.step = 80
    type_into(qtbot, panel.threshold, "1/2")
    assert not panel.error.isHidden()
    assert panel.error.text() == "Type the loss threshold as a number, e.g. 0.01."
    qtbot.keyClick(panel.threshold, Qt.Key.Key_Return)
    assert model.threshold == DEFAULT_THRESHOLD  # kept the last good one
    type_into(qtbot, panel.threshold, "1")
    assert panel.error.isHidden()
    qtbot.keyClick(panel.threshold, Qt.Key.Key_Return)
    assert model.threshold == 1.0
    first = next(i for i, v in enumerate(nag.loss) if v <= 1.0)
    assert model.values()[0, 2] == first
    assert model.headerData(3, Qt.Orientation.Horizontal) == "Loss ≤ 1 at step"
    assert parse_threshold(" 2e-3 ") == 0.002


def test_copy_button_puts_the_csv_on_the_clipboard(qtbot, panel):
    QApplication.clipboard().setText("")
    qtbot.mouseClick(panel.copy_btn, Qt.MouseButton.LeftButton)
    rows = list(csv.reader(io.StringIO(QApplication.clipboard().text())))
    assert rows[0][0] == "run" and rows[1][0] == "NAG (Nesterov) η=0.001"


def test_the_window_shows_it_under_the_views_following_the_timeline(qtbot, gl):
    from gradscape.app.windows.main_window import MainWindow

    win = MainWindow(persist=False, synchronous=True)
    qtbot.addWidget(win)
    win.resize(1280, 720)
    win.show()
    qtbot.waitExposed(win)
    st = win.state
    st.scene = Scene(optimizers=[("adam", {"eta": 0.25}), ("sgd", {"eta": 2.0})], steps=60)
    qtbot.waitUntil(lambda: st.result_is_current() and win.summary.model.rowCount() == 2)
    # under the views: below the 2-D views in the same column
    split = win.view_split
    assert split.indexOf(win.summary) == split.count() - 1
    assert win.summary.isVisible() and win.summary.height() > 40
    trajs = st.result.trajectories
    for step in (0, 13, 60):
        st.step = step
        got = win.summary.model.values()
        assert list(got[:, 0]) == [float(t.loss[min(step, t.n)]) for t in trajs]
