"""View → Overlays at the current step: the actions write the state and follow it."""

from __future__ import annotations

import pytest
from PyQt6.QtWidgets import QMainWindow

from gradscape.app.controls.overlay_menu import OverlayActions
from gradscape.app.model.overlays import OVERLAYS
from gradscape.app.model.state import AppState


def test_actions_toggle_the_states_overlays_and_follow_it(qtbot):
    win = QMainWindow()
    qtbot.addWidget(win)
    st = AppState()
    menu = win.menuBar().addMenu("View")
    actions = OverlayActions(win, menu, st).actions
    assert tuple(actions) == OVERLAYS
    assert not any(a.isChecked() for a in actions.values())
    actions["velocity"].trigger()
    actions["grad"].trigger()
    assert st.overlays == ("grad", "velocity")  # in menu order, whatever the clicks' order
    actions["grad"].trigger()
    assert st.overlays == ("velocity",)
    st.overlays = "move,effective"
    assert [n for n, a in actions.items() if a.isChecked()] == ["move", "effective"]
    st.overlays = ()
    assert not any(a.isChecked() for a in actions.values())


def test_overlays_are_a_view_setting_copied_with_the_state():
    st = AppState()
    st.set_overlay("effective", True)
    assert st.copy().overlays == ("effective",)
    with pytest.raises(ValueError, match="overlay must be one of .*'wind'"):
        st.overlays = ["grad", "wind"]
    assert st.overlays == ("effective",)
