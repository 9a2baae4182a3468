"""The wheel rule: over an unfocused combo the wheel scrolls the panel, not the combo."""

from __future__ import annotations

from PyQt6.QtCore import QPoint, QPointF, Qt
from PyQt6.QtGui import QWheelEvent
from PyQt6.QtWidgets import QApplication, QComboBox, QScrollArea, QVBoxLayout, QWidget

from gradscape.app.controls.wheel import guard_wheel


def _wheel_down(w: QWidget) -> None:
    pos = QPointF(w.width() / 2, w.height() / 2)
    ev = QWheelEvent(
        pos, QPointF(w.mapToGlobal(pos.toPoint())), QPoint(0, 0), QPoint(0, -120),
        Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase, False,
    )
    QApplication.sendEvent(w, ev)


def _panel(qtbot) -> tuple[QScrollArea, QComboBox]:
    panel = QWidget()
    lay = QVBoxLayout(panel)
    combo = QComboBox()
    combo.addItems(["a", "b", "c", "d"])
    lay.addWidget(combo)
    for _ in range(40):
        lay.addWidget(QComboBox())  # a panel far taller than the view
    scroll = QScrollArea()
    scroll.setWidget(panel)
    scroll.setWidgetResizable(True)
    scroll.resize(300, 200)
    guard_wheel(scroll)
    qtbot.addWidget(scroll)
    scroll.show()
    qtbot.waitExposed(scroll)
    return scroll, combo


def test_unfocused_combo_keeps_its_index_and_the_panel_scrolls(qtbot):
    scroll, combo = _panel(qtbot)
    bar = scroll.verticalScrollBar()
    assert bar.maximum() > 0 and bar.value() == 0
    assert not combo.hasFocus()
    _wheel_down(combo)
    assert combo.currentIndex() == 0
    assert bar.value() > 0
    assert combo.focusPolicy() == Qt.FocusPolicy.StrongFocus


def test_focused_combo_takes_the_wheel(qtbot):
    scroll, combo = _panel(qtbot)
    scroll.activateWindow()
    combo.setFocus()
    qtbot.waitUntil(combo.hasFocus)
    _wheel_down(combo)
    assert combo.currentIndex() == 1
    assert scroll.verticalScrollBar().value() == 0


def test_widgets_added_later_follow_the_rule(qtbot):
    scroll, _ = _panel(qtbot)
    late = QComboBox()
    late.addItems(["x", "y"])
    scroll.widget().layout().insertWidget(0, late)
    late.show()
    QApplication.processEvents()
    _wheel_down(late)
    assert late.currentIndex() == 0
    assert scroll.verticalScrollBar().value() > 0
