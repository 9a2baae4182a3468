"""Playback keys after typing a value: Enter in a field of the left panel hands the keyboard
back to the views, so Space plays instead of typing a space into the field; while a field
is being edited (before Enter) a space still goes into it."""

from __future__ import annotations

import pytest
from PyQt6.QtCore import Qt
from PyQt6.QtWidgets import QApplication

from gradscape.app.model.state import AppState
from gradscape.app.windows.main_window import MainWindow

pytestmark = pytest.mark.gl


@pytest.fixture
def win(gl, qtbot):
    st = AppState()
    st.grid = 40
    st.steps = 400
    w = MainWindow(st, persist=False)
    w.resize(1100, 760)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    w.activateWindow()
    qtbot.waitActive(w)
    qtbot.waitUntil(w.compute.is_current, timeout=15000)
    return w


def press(qtbot, key) -> None:
    """A key as the keyboard sends it: to whatever has the focus now."""
    target = QApplication.focusWidget()
    assert target is not None
    qtbot.keyClick(target, key)


def type_eta(qtbot, win: MainWindow, text: str) -> None:
    edit = win.optimizer_panel.eta.edit
    edit.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None)
    edit.selectAll()
    qtbot.keyClick(edit, Qt.Key.Key_Backspace)
    qtbot.keyClicks(edit, text)


def test_space_after_typing_eta_and_enter_plays(qtbot, win):
    st = win.state
    type_eta(qtbot, win, "0.02")
    press(qtbot, Qt.Key.Key_Return)
    assert st.runs[0].hyper_dict["eta"] == 0.02
    assert not win.player.timer.isActive()
    press(qtbot, Qt.Key.Key_Space)
    assert win.player.timer.isActive() and st.playing
    assert win.optimizer_panel.eta.edit.text() == "0.02"  # no space typed into it
    press(qtbot, Qt.Key.Key_Space)
    assert not st.playing
    # The other playback keys reach the window too.
    press(qtbot, Qt.Key.Key_Home)
    assert st.step == 0
    press(qtbot, Qt.Key.Key_Right)
    assert st.step == 1


def test_while_editing_a_space_is_typed_and_an_invalid_value_keeps_the_focus(qtbot, win):
    st = win.state
    type_eta(qtbot, win, "0.5")
    edit = win.optimizer_panel.eta.edit
    qtbot.keyClick(edit, Qt.Key.Key_Space)  # before Enter: the field takes the key
    assert edit.text() == "0.5 " and not st.playing
    qtbot.keyClicks(edit, "x")
    press(qtbot, Qt.Key.Key_Return)  # "0.5 x" is not a number: stay to correct it
    assert win.optimizer_panel.eta.invalid
    press(qtbot, Qt.Key.Key_Space)
    assert edit.text() == "0.5 x " and not st.playing
