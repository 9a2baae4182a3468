"""The View menu's overlay toggles: one checkable action per overlay, writing the state."""

from __future__ import annotations

from PyQt6.QtCore import QObject
from PyQt6.QtGui import QAction
from PyQt6.QtWidgets import QMenu, QWidget

from gradscape.app.model.overlays import OVERLAY_TEXT, OVERLAYS
from gradscape.app.model.state import AppState
from gradscape.app.runtime import translate


class OverlayActions(QObject):
    """An "Overlays at the current step" submenu of ``menu``: :attr:`actions` by overlay
    name, kept checked as the state's overlays change."""

    def __init__(self, parent: QWidget, menu: QMenu, state: AppState) -> None:
        super().__init__(parent)
        self.state = state
        self.menu = menu.addMenu(translate("OverlayActions", "&Overlays at the current step"))
        self.actions: dict[str, QAction] = {}
        for name in OVERLAYS:
            act = QAction(translate("Overlays", OVERLAY_TEXT[name]), parent)
            act.setCheckable(True)
            act.setChecked(name in state.overlays)
            act.toggled.connect(self._toggled)
            act.setData(name)
            self.menu.addAction(act)
            self.actions[name] = act
        # a method: PyQt drops the connection with this object
        state.overlaysChanged.connect(self._sync)

    def _toggled(self, on: bool) -> None:
        act = self.sender()
        if isinstance(act, QAction):
            self.state.set_overlay(str(act.data()), on)

    def _sync(self, shown: tuple) -> None:
        for name, act in self.actions.items():
            if act.isChecked() != (name in shown):
                act.setChecked(name in shown)
