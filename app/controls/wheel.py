"""The desktop wheel rule: the mouse wheel scrolls a panel, not the field it passes over.

A combo box or spin box inside the panel that lacks keyboard focus hands its wheel events
to the panel's scroll area; once the user clicks or tabs into it, the wheel changes it as
usual.  The rule covers widgets the panel builds later too (a new optimizer's form).
"""

from __future__ import annotations

from PyQt6.QtCore import QCoreApplication, QEvent, QObject, Qt
from PyQt6.QtWidgets import QAbstractSpinBox, QApplication, QComboBox, QScrollArea, QWidget

_GUARDED = (QComboBox, QAbstractSpinBox)


class WheelGuard(QObject):
    """Application event filter applying the wheel rule to the widgets inside ``scroll``.

    It lives as long as the scroll area (its parent); Qt removes the filter with it.
    """

    def __init__(self, scroll: QScrollArea) -> None:
        super().__init__(scroll)
        self.scroll = scroll

    def _inside(self, w: QWidget) -> bool:
        panel = self.scroll.widget()
        return panel is not None and panel.isAncestorOf(w)

    def eventFilter(self, obj: QObject | None, event: QEvent | None) -> bool:
        if event is None or not isinstance(obj, _GUARDED):
            return False
        kind = event.type()
        if kind == QEvent.Type.Polish and self._inside(obj):
            # no focus from the wheel: only a click or Tab focuses the widget
            obj.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        elif kind == QEvent.Type.Wheel and not obj.hasFocus() and self._inside(obj):
            QCoreApplication.sendEvent(self.scroll.verticalScrollBar(), event)
            return True
        return False


def guard_wheel(scroll: QScrollArea) -> WheelGuard:
    """Apply the wheel rule to ``scroll``'s panel: its widgets now and those added later."""
    guard = WheelGuard(scroll)
    panel = scroll.widget()
    if panel is not None:
        for w in [*panel.findChildren(QComboBox), *panel.findChildren(QAbstractSpinBox)]:
            w.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
    app = QApplication.instance()
    if app is not None:
        app.installEventFilter(guard)
    return guard
