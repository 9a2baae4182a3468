"""The step-by-step mode in the window: View menu item and the playback bar's button, both
on key S, the arrow keys walking sub-steps, the help's key table, and its words in Japanese."""

from __future__ import annotations

import numpy as np
import pytest
from PyQt6.QtCore import Qt
from PyQt6.QtGui import QKeySequence
from PyQt6.QtWidgets import QApplication

from gradscape.app.model.arrays import fmt
from gradscape.app.model.state import AppState
from gradscape.app.runtime import install_language
from gradscape.app.windows import help_window
from gradscape.app.windows.main_window import MainWindow
from gradscape.core.scene import Scene

pytestmark = pytest.mark.gl


def settle(qtbot, win: MainWindow) -> None:
    qtbot.waitUntil(win.compute.is_current, timeout=15000)
    QApplication.processEvents()


def window(qtbot) -> MainWindow:
    st = AppState(
        scene=Scene(surface="himmelblau", optimizers=[("adam", {"eta": 0.1})],
                    start=[-1.0, -1.5], steps=30, seed=0)
    )  # fmt: skip
    st.grid = 40
    w = MainWindow(st, persist=False)
    w.resize(1100, 760)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    settle(qtbot, w)
    return w


def test_the_menu_item_button_and_keys(gl, qtbot):
    win = window(qtbot)
    st = win.state
    act = win.walk_action
    assert act in win.view_menu.actions() and act.isCheckable()
    assert act.shortcut() == QKeySequence("S")
    # no other action of the window listens to S
    others = [
        a for a in win.findChildren(type(act)) if a is not act and a.shortcut() == act.shortcut()
    ]
    assert others == []
    assert ("S", "Step-by-step mode") in help_window.shortcuts(win)
    win.activateWindow()
    qtbot.waitUntil(win.isActiveWindow, timeout=5000)
    win.view3d.requestActivate()
    qtbot.waitUntil(lambda: QApplication.focusWindow() is win.view3d, timeout=5000)
    st.step = 4
    qtbot.keyClick(win.view3d, Qt.Key.Key_S)
    assert st.walk.on and act.isChecked() and win.playback.walk.isChecked()
    traj = st.result.trajectories[0]
    kinds = []
    for _ in range(5):  # Adam: gradient, m, v, step, move
        kinds.append(st.walk.position().sub.kind)
        qtbot.keyClick(win.view3d, Qt.Key.Key_Right)
    assert kinds == ["grad", "state", "state", "step", "move"]
    assert st.step == 5 and st.walk.position().sub.kind == "grad"
    assert f"{fmt(float(traj.grads[5][0]))}, {fmt(float(traj.grads[5][1]))}" in (
        win.equations.explanation
    )
    qtbot.keyClick(win.view3d, Qt.Key.Key_Left)
    assert st.step == 5 and st.walk.position().sub.kind == "move"
    # the 3D view draws the move arrow of update 4 from point 4
    item = win.view3d.step_overlays.items["focus"]
    box = st.result.draw.box
    assert item.visible()
    p = traj.params[4]
    np.testing.assert_allclose(np.asarray(item.pos)[0, :2], [box.x(p[0]), box.y(p[1])], atol=1e-6)
    # the button turns it off; the step stays
    win.playback.walk.click()
    assert not st.walk.on and not act.isChecked() and st.step == 5
    qtbot.keyClick(win.view3d, Qt.Key.Key_Right)
    assert st.step == 6
    np.testing.assert_allclose(win.contour.marker_positions()[0], traj.params[6])


def test_the_mode_speaks_japanese(gl, qtbot, qapp):
    assert install_language(qapp, "ja") == "ja"
    win = window(qtbot)
    st = win.state
    assert win.walk_action.text() == "1 段階ずつ進めるモード(&T)"
    assert win.playback.walk.text() == "1 段階ずつ"
    st.step = 3
    st.walk.set_on(True)
    traj = st.result.trajectories[0]
    text = win.equations.explanation
    assert text.startswith("(x, y) = (") and "での勾配は g = (" in text
    assert f"{fmt(float(traj.grads[3][0]))}, {fmt(float(traj.grads[3][1]))}" in text
    assert "1 段階ずつ" in win.equations.toPlainText()
    st.walk.forward()
    assert win.equations.explanation.startswith(f"m = ({fmt(float(traj.state['m'][3][0]))}")
    assert "軌跡はそれまでの向きを保ちます" in win.equations.explanation
